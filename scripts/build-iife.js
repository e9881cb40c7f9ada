// @ts-check
/**
 * Builds the IIFE files: `dist/finesse-sso.iife.js` (the first script: the session element in
 * popup mode with English, global `FinesseSSO`) and one classic script per part beside it,
 * `dist/finesse-sso-part-<name>.js`, which the first script adds with a `<script src>` when a
 * page needs the part (no eval, no inline script: `script-src 'self'` allows them).
 *
 * A part never carries a second copy of a module the first script has (Lit, the session, the
 * errors…: one class, one registry): it reads them from `FinesseSSO.__shared`. Three passes:
 * 1. the first script alone, to learn which modules it holds;
 * 2. each part, with every such module external (a global `FinesseSSO.__shared.<key>`),
 *    noting which ones the parts use;
 * 3. the first script again, exposing exactly those modules' namespaces as `__shared`.
 * Modules shared by two parts only are copied into both (a page loads one provider).
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { iifeImports } from './iife-imports.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist');

/**
 * The parts: name → entry (`src/parts/` where a part brings its English). The loaders in src
 * name the same files.
 */
export const PARTS = {
  refresh: 'src/core/assembly/parts/refresh-part.ts',
  signin: 'src/core/ids/sign-in-part.ts',
  oidc: 'src/parts/oidc.ts',
  genesys: 'src/parts/genesys.ts',
  idle: 'src/core/idle/idle-watch.ts',
  relay: 'src/parts/relay.ts',
  gadget: 'src/parts/gadget.ts',
  diagnostics: 'src/parts/diagnostics.ts',
  agent: 'src/elements/agent.ts',
  ja: 'src/i18n/ja.ts',
  ko: 'src/i18n/ko.ts',
};

/** A module id as a readable name (for `finesse-sso-parts.json`). */
const nameOf = (/** @type {string} */ id) =>
  path
    .relative(ROOT, id)
    .replace(/^(\.\.\/)*(.*node_modules\/)?/, '')
    .replace(/\.[cm]?[jt]s$/, '');

/**
 * The key of a module of the first script under `FinesseSSO.__shared`: `m` and its rank among
 * the first script's modules in base 36. Every byte of a key ships in the first script, and
 * the paths cost about 150 B gzipped; first script and parts are always built together, so
 * the ranks agree (`finesse-sso-parts.json` lists key → module).
 * @type {(id: string) => string}
 */
let keyOf = () => {
  throw new Error('keyOf before pass 1');
};

/** @param {import('vite').InlineConfig['build']} buildOptions @param {import('vite').PluginOption[]} plugins */
function run(buildOptions, plugins) {
  return build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    define: { __FINESSE_SSO_BUILD__: JSON.stringify('iife') },
    plugins: [iifeImports(), ...plugins],
    build: {
      outDir: OUT,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      ...buildOptions,
    },
  });
}

/**
 * Records the modules of the built chunk.
 * @param {Set<string>} into
 * @returns {import('vite').Plugin}
 */
function collectModules(into) {
  return {
    name: 'finesse-sso-collect-modules',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') for (const id of chunk.moduleIds) into.add(id);
      }
    },
  };
}

/**
 * Pass 3: appends `export const __shared = { key: { name, … }, … }` to the entry: for each
 * module the parts use, exactly the names they import (a whole namespace only for `* as`),
 * so the first script keeps tree-shaking everything else.
 * @param {string} entry @param {Map<string, Set<string>>} shared module id → names ('*': all)
 * @returns {import('vite').Plugin}
 */
function exposeShared(entry, shared) {
  return {
    name: 'finesse-sso-expose-shared',
    transform(code, id) {
      if (id !== entry) return null;
      const lines = [];
      const fields = [...shared.keys()].sort().map((module, i) => {
        const names = shared.get(module) ?? new Set();
        const from = JSON.stringify(module);
        if (names.has('*')) {
          lines.push(`import * as __s${i} from ${from};`);
          return `${keyOf(module)}: __s${i}`;
        }
        const list = [...names].sort();
        lines.push(
          `import { ${list.map((n, j) => `${n} as __s${i}_${j}`).join(', ')} } from ${from};`,
        );
        return `${keyOf(module)}: { ${list.map((n, j) => `${n}: __s${i}_${j}`).join(', ')} }`;
      });
      return {
        code: `${code}\n${lines.join('\n')}\nexport const __shared = { ${fields.join(', ')} };\n`,
        map: null,
      };
    },
  };
}

/**
 * The names a module imports (or re-exports) from each specifier, read from its syntax tree
 * once TypeScript is gone: `{ a, b as c }` gives a and b, a default import 'default',
 * `* as ns` and `export *` give '*' (the whole namespace).
 * @param {any} program an ESTree Program
 * @returns {Array<[string, string[]]>}
 */
function importedNames(program) {
  /** @type {Array<[string, string[]]>} */
  const found = [];
  const nameOf = (/** @type {any} */ node) => node.name ?? node.value;
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') {
      found.push([
        node.source.value,
        node.specifiers.map((/** @type {any} */ spec) =>
          spec.type === 'ImportSpecifier'
            ? nameOf(spec.imported)
            : spec.type === 'ImportDefaultSpecifier'
              ? 'default'
              : '*',
        ),
      ]);
    } else if (node.type === 'ExportNamedDeclaration' && node.source) {
      found.push([
        node.source.value,
        node.specifiers.map((/** @type {any} */ spec) => nameOf(spec.local)),
      ]);
    } else if (node.type === 'ExportAllDeclaration') {
      found.push([node.source.value, ['*']]);
    }
  }
  return found;
}

/**
 * Pass 2: every module of the first script is external, read from `FinesseSSO.__shared`; the
 * names each part imports from them are noted for pass 3.
 * @param {Set<string>} main @param {Map<string, Set<string>>} used
 * @returns {import('vite').Plugin[]}
 */
function sharedExternals(main, used) {
  return [
    {
      name: 'finesse-sso-shared-externals',
      enforce: 'pre',
      async resolveId(source, importer, options) {
        if (!importer) return null;
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        // Virtual helpers (the decorator runtime) are small and stateless: each part copies them.
        if (!resolved || !main.has(resolved.id) || resolved.id.startsWith('\0')) return null;
        return { id: resolved.id, external: true };
      },
    },
    {
      name: 'finesse-sso-shared-names',
      enforce: 'post',
      async transform(code, id) {
        for (const [source, names] of importedNames(this.parse(code))) {
          const resolved = await this.resolve(source, id);
          if (!resolved || !main.has(resolved.id) || resolved.id.startsWith('\0')) continue;
          const known = used.get(resolved.id) ?? new Set();
          for (const name of names) known.add(name);
          used.set(resolved.id, known);
        }
        return null;
      },
    },
  ];
}

const entry = path.join(ROOT, 'src/iife.ts');
const firstScript = {
  lib: {
    entry,
    name: 'FinesseSSO',
    formats: /** @type {['iife']} */ (['iife']),
    fileName: () => 'finesse-sso.iife.js',
  },
};

const mainModules = new Set();
await run(firstScript, [collectModules(mainModules)]);
const ranked = [...mainModules].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
const keys = new Map(ranked.map((id, rank) => [id, `m${rank.toString(36)}`]));
keyOf = (id) => {
  const key = keys.get(id);
  if (!key) throw new Error(`${nameOf(id)} is not in the first script`);
  return key;
};

/** @type {Map<string, Set<string>>} */
const used = new Map();
/** @type {Record<string, string[]>} */
const partModules = {};
for (const [name, file] of Object.entries(PARTS)) {
  const modules = new Set();
  await run(
    {
      lib: {
        entry: path.join(ROOT, file),
        name: `FinesseSSO.__parts.${name}`,
        formats: ['iife'],
        fileName: () => `finesse-sso-part-${name}.js`,
      },
      rollupOptions: {
        output: {
          extend: true,
          globals: (/** @type {string} */ id) => `FinesseSSO.__shared.${keyOf(id)}`,
        },
      },
    },
    [...sharedExternals(mainModules, used), collectModules(modules)],
  );
  partModules[name] = [...modules].map((id) => path.relative(ROOT, id));
}

await run(firstScript, [exposeShared(entry, used)]);
// Every module a part reads from the first script must be there (a missed import would only
// fail in the browser, when the part loads).
const exposed = new Set([...used.keys()].map(keyOf));
for (const name of Object.keys(PARTS)) {
  const code = readFileSync(path.join(OUT, `finesse-sso-part-${name}.js`), 'utf8');
  for (const [, key] of code.matchAll(/FinesseSSO\.__shared\.([A-Za-z0-9_$]+)/g)) {
    if (!exposed.has(key)) throw new Error(`finesse-sso-part-${name}.js reads ${key}, not shared`);
  }
}
// What each file holds (the bench and the build test read it).
await writeFile(
  path.join(OUT, 'finesse-sso-parts.json'),
  `${JSON.stringify(
    {
      first: [...mainModules].map((id) => path.relative(ROOT, id)).sort(),
      shared: Object.fromEntries(
        [...used].map(([id, names]) => [path.relative(ROOT, id), [...names].sort()]).sort(),
      ),
      keys: Object.fromEntries([...used.keys()].map((id) => [keyOf(id), nameOf(id)]).sort()),
      parts: partModules,
    },
    null,
    2,
  )}\n`,
);
console.log(
  `dist/finesse-sso.iife.js and ${Object.keys(PARTS).length} parts written (${used.size} modules shared)`,
);
