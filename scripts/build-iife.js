// @ts-check
/**
 * Builds the IIFE files: `dist/finesse-sso.iife.js` (the first script: the session element in
 * popup mode with English, global `FinesseSSO`) and one classic script per part beside it,
 * `dist/finesse-sso-part-<name>.js`, which the first script adds with a `<script src>` when a
 * page needs the part (no eval, no inline script: `script-src 'self'` allows them).
 *
 * A part never carries a second copy of a module the first script or the engine part has (Lit,
 * the session, the errors…: one class, one registry): it reads them from `FinesseSSO.__shared`
 * or `FinesseSSO.__parts.engine.__shared` (the engine part is loaded first: `script-part.ts`).
 * Four passes:
 * 1. the first script alone, to learn which modules it holds;
 * 2. the engine part, with every such module external (a global `FinesseSSO.__shared.<key>`),
 *    to learn which modules it holds;
 * 3. each other part, with the modules of both external, noting which ones the parts use;
 *    then the engine part again, exposing exactly those of its modules as its `__shared`;
 * 4. the first script again, exposing exactly the modules the parts use as `__shared`.
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
  engine: 'src/parts/engine.ts',
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
 * A floor of shared modules: the first script, or the engine part above it. A module's key
 * under the floor's `__shared` is a letter and its rank among the floor's modules in base 36.
 * Every byte of a key ships in the file, and the paths cost about 150 B gzipped; first script
 * and parts are always built together, so the ranks agree (`finesse-sso-parts.json` lists
 * key → module).
 */
class Floor {
  /** @param {string} letter @param {string} global @param {Set<string>} modules */
  constructor(letter, global, modules) {
    this.global = global;
    this.modules = modules;
    const ranked = [...modules].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    /** @type {Map<string, string>} */
    this.keys = new Map(ranked.map((id, rank) => [id, `${letter}${rank.toString(36)}`]));
    /** Module id → the names parts import from it ('*': all). @type {Map<string, Set<string>>} */
    this.used = new Map();
  }

  /** @param {string} id */
  keyOf(id) {
    const key = this.keys.get(id);
    if (!key) throw new Error(`${nameOf(id)} is not in ${this.global}`);
    return key;
  }
}

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
 * Appends `export const __shared = { key: { name, … }, … }` to the entry: for each module of
 * the floor the parts use, exactly the names they import (a whole namespace only for `* as`),
 * so the file keeps tree-shaking everything else.
 * @param {string} entry @param {Floor} floor
 * @returns {import('vite').Plugin}
 */
function exposeShared(entry, floor) {
  const shared = floor.used;
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
          return `${floor.keyOf(module)}: __s${i}`;
        }
        const list = [...names].sort();
        lines.push(
          `import { ${list.map((n, j) => `${n} as __s${i}_${j}`).join(', ')} } from ${from};`,
        );
        return `${floor.keyOf(module)}: { ${list.map((n, j) => `${n}: __s${i}_${j}`).join(', ')} }`;
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
 * The floor that holds a module, if any (virtual helpers, `\0…`, are on none: each part copies
 * them).
 * @param {Floor[]} floors @param {string} id
 */
const floorHolding = (floors, id) =>
  id.startsWith('\0') ? undefined : floors.find((floor) => floor.modules.has(id));

/**
 * Every module of the floors below a part is external, read from the floor's `__shared`; the
 * names the part imports from them are noted on the floor.
 * @param {Floor[]} floors
 * @returns {import('vite').Plugin[]}
 */
function sharedExternals(floors) {
  const floorOf = (/** @type {string} */ id) => floorHolding(floors, id);
  return [
    {
      name: 'finesse-sso-shared-externals',
      enforce: 'pre',
      async resolveId(source, importer, options) {
        if (!importer) return null;
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        // Virtual helpers (the decorator runtime) are small and stateless: each part copies them.
        if (!resolved || !floorOf(resolved.id)) return null;
        return { id: resolved.id, external: true };
      },
    },
    {
      name: 'finesse-sso-shared-names',
      enforce: 'post',
      async transform(code, id) {
        for (const [source, names] of importedNames(this.parse(code))) {
          const resolved = await this.resolve(source, id);
          const floor = resolved && floorOf(resolved.id);
          if (!resolved || !floor) continue;
          const known = floor.used.get(resolved.id) ?? new Set();
          for (const name of names) known.add(name);
          floor.used.set(resolved.id, known);
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

/**
 * One part's file: every module of `floors` external, read from its floor's global.
 * @param {string} name @param {Floor[]} floors @param {import('vite').PluginOption[]} plugins
 */
function buildPart(name, floors, plugins) {
  const floorOf = (/** @type {string} */ id) => {
    const floor = floorHolding(floors, id);
    if (!floor) throw new Error(`${nameOf(id)} is external but on no floor`);
    return floor;
  };
  return run(
    {
      lib: {
        entry: path.join(ROOT, PARTS[/** @type {keyof typeof PARTS} */ (name)]),
        name: `FinesseSSO.__parts.${name}`,
        formats: ['iife'],
        fileName: () => `finesse-sso-part-${name}.js`,
      },
      rollupOptions: {
        output: {
          extend: true,
          globals: (/** @type {string} */ id) => `${floorOf(id).global}.${floorOf(id).keyOf(id)}`,
        },
      },
    },
    [...sharedExternals(floors), ...plugins],
  );
}

const mainModules = new Set();
await run(firstScript, [collectModules(mainModules)]);
const main = new Floor('m', 'FinesseSSO.__shared', mainModules);

const engineModules = new Set();
await buildPart('engine', [main], [collectModules(engineModules)]);
const engine = new Floor('e', 'FinesseSSO.__parts.engine.__shared', engineModules);

/** @type {Record<string, string[]>} */
const partModules = {};
for (const name of Object.keys(PARTS)) {
  if (name === 'engine') continue;
  const modules = new Set();
  await buildPart(name, [main, engine], [collectModules(modules)]);
  partModules[name] = [...modules].map((id) => path.relative(ROOT, id));
}
await buildPart('engine', [main], [exposeShared(path.join(ROOT, PARTS.engine), engine)]);
partModules.engine = [...engineModules].map((id) => path.relative(ROOT, id));
await run(firstScript, [exposeShared(entry, main)]);

// Every module a part reads from a floor must be exposed there (a missed import would only
// fail in the browser, when the part loads), and a part that reads the engine's must be one
// `script-part.ts` loads after the engine (not in its ENGINE_FREE).
const engineFree = new Set(
  readFileSync(path.join(ROOT, 'src/core/kernel/script-part.ts'), 'utf8')
    .match(/ENGINE_FREE = \[([^\]]*)\]/)?.[1]
    .match(/[a-z]+/g),
);
if (!engineFree.has('engine')) throw new Error('cannot read ENGINE_FREE in script-part.ts');
for (const name of Object.keys(PARTS)) {
  const code = readFileSync(path.join(OUT, `finesse-sso-part-${name}.js`), 'utf8');
  for (const floor of [main, engine]) {
    const exposed = new Set([...floor.used.keys()].map((id) => floor.keyOf(id)));
    const pattern = new RegExp(`${floor.global.replace(/\./g, '\\.')}\\.([A-Za-z0-9_$]+)`, 'g');
    for (const [, key] of code.matchAll(pattern)) {
      if (!exposed.has(key))
        throw new Error(`finesse-sso-part-${name}.js reads ${key}, not shared`);
      if (floor === engine && engineFree.has(name)) {
        throw new Error(`finesse-sso-part-${name}.js reads the engine: script-part.ts says not`);
      }
    }
  }
}
const keysOf = (/** @type {Floor} */ floor) =>
  [...floor.used.keys()].map((id) => [floor.keyOf(id), nameOf(id)]);
// What each file holds (the bench and the build test read it).
await writeFile(
  path.join(OUT, 'finesse-sso-parts.json'),
  `${JSON.stringify(
    {
      first: [...mainModules].map((id) => path.relative(ROOT, id)).sort(),
      shared: Object.fromEntries(
        [...main.used, ...engine.used]
          .map(([id, names]) => [path.relative(ROOT, id), [...names].sort()])
          .sort(),
      ),
      keys: Object.fromEntries([...keysOf(main), ...keysOf(engine)].sort()),
      parts: partModules,
    },
    null,
    2,
  )}\n`,
);
console.log(
  `dist/finesse-sso.iife.js and ${Object.keys(PARTS).length} parts written (${main.used.size} modules shared by the first script, ${engine.used.size} by the engine)`,
);
