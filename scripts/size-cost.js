#!/usr/bin/env node
// @ts-check
/**
 * What each source really costs the first script (issue 10: "measure, then cut"). Builds
 * `src/iife.ts` as `build-iife.js` builds the first script, once whole, then once per group
 * with the group's modules left out: external, read from a global, so nothing else in the
 * bundle changes. A group's cost is what leaving it out saves, gzipped (level 9, kB = 1024
 * bytes), in the context of everything else: unlike `size-map.js`, which gzips each source
 * alone (sums overstate by about a third), these figures are what a cut would save. The costs
 * of groups do not add up exactly either (gzip shares words across them).
 *
 *   node scripts/size-cost.js             one row per folder
 *   node scripts/size-cost.js --modules   one row per module (of more than 300 bytes minified)
 *   node scripts/size-cost.js src/core/session/sign-out.ts src/core/session/roster.ts
 *                                          one row for those modules together
 *
 * Each row is printed as it is measured, so a failure loses nothing measured before it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { iifeImports } from './iife-imports.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(ROOT, 'src/iife.ts');
const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(2)} kB`;

/** A module id as a readable name. */
const nameOf = (/** @type {string} */ id) =>
  path.relative(ROOT, id).replace(/^(\.\.\/)*(.*node_modules\/)?/, '');

/**
 * The first script without `left` (module ids): its code and the ids of the modules it holds.
 * @param {Set<string>} left
 */
async function firstScript(left) {
  /** @type {string[]} */
  const modules = [];
  const output = /** @type {import('rollup').RollupOutput[]} */ (
    await build({
      root: ROOT,
      configFile: false,
      logLevel: 'silent',
      define: { __FINESSE_SSO_BUILD__: JSON.stringify('iife') },
      plugins: [
        iifeImports(),
        {
          name: 'finesse-sso-leave-out',
          enforce: 'pre',
          async resolveId(source, importer, options) {
            if (!importer || left.size === 0) return null;
            const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
            return resolved && left.has(resolved.id) ? { id: resolved.id, external: true } : null;
          },
        },
      ],
      build: {
        write: false,
        target: 'es2022',
        minify: true,
        lib: { entry: ENTRY, name: 'FinesseSSO', formats: ['iife'] },
        rollupOptions: { output: { globals: () => 'FinesseSSO.__left' } },
      },
    })
  );
  const chunk = output[0].output.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('no chunk built');
  modules.push(...chunk.moduleIds.filter((id) => !id.startsWith('\0')));
  return { code: chunk.code, modules, sizes: chunk.modules };
}

const whole = await firstScript(new Set());
const wholeGz = gzipSync(whole.code, { level: 9 }).length;
console.log(
  `\nfirst script, whole: ${kb(whole.code.length)} minified, ${kb(wholeGz)} gzipped, ${whole.modules.length} modules\n`,
);

/** @type {Map<string, string[]>} */
const groups = new Map();
const args = process.argv.slice(2);
if (args.length > 0 && args[0] !== '--modules') {
  const ids = args.map((file) => path.resolve(ROOT, file));
  const missing = ids.filter((id) => !whole.modules.includes(id));
  if (missing.length) throw new Error(`not in the first script: ${missing.map(nameOf).join(', ')}`);
  groups.set(args.join(' + '), ids);
} else {
  for (const id of whole.modules) {
    const size = whole.sizes[id]?.renderedLength ?? 0;
    if (args[0] === '--modules') {
      if (size > 300) groups.set(nameOf(id), [id]);
      continue;
    }
    const folder = path.dirname(nameOf(id));
    groups.set(folder, [...(groups.get(folder) ?? []), id]);
  }
}

console.log('| left out | modules | minified | saves (gzipped) |');
console.log('| --- | ---: | ---: | ---: |');
const rows = [];
for (const [name, ids] of groups) {
  const without = await firstScript(new Set(ids));
  const saves = wholeGz - gzipSync(without.code, { level: 9 }).length;
  const minified = whole.code.length - without.code.length;
  rows.push({ name, count: ids.length, minified, saves });
  console.log(`| ${name} | ${ids.length} | ${kb(minified)} | ${kb(saves)} |`);
}
if (rows.length > 1) {
  console.log('\nlargest first:\n');
  console.log('| left out | modules | minified | saves (gzipped) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const row of rows.sort((a, b) => b.saves - a.saves)) {
    console.log(`| ${row.name} | ${row.count} | ${kb(row.minified)} | ${kb(row.saves)} |`);
  }
}
