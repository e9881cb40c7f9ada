// @ts-check
/**
 * Writes `dist/relay/`: `relay.html` and `relay.css` (from demo/relay), `relay.js` (src/relay
 * built as one classic self-contained script) and the `allowed-origins.json` template
 * (`{ "origins": [] }`: nobody is allowed until the administrator lists the desktop's origin).
 * Run after `npm run build` (which empties dist/): `node scripts/build-relay.js`.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStandalone } from './build-standalone.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/relay');

const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const versionSource = await readFile(path.join(root, 'src/core/kernel/version.ts'), 'utf8');
const version = /LIBRARY_VERSION = '([^']+)'/.exec(versionSource)?.[1];
if (version !== pkg.version) {
  console.error(
    `src/core/kernel/version.ts says ${version}, package.json says ${pkg.version}: update version.ts`,
  );
  process.exit(1);
}

await mkdir(out, { recursive: true });
await buildStandalone({
  entry: 'src/relay/relay.ts',
  outDir: out,
  fileName: 'relay.js',
  format: 'iife',
  name: 'FinesseSSORelay',
});
await copyFile(path.join(root, 'demo/relay/relay.html'), path.join(out, 'relay.html'));
await copyFile(path.join(root, 'demo/relay/relay.css'), path.join(out, 'relay.css'));
await writeFile(path.join(out, 'allowed-origins.json'), '{ "origins": [] }\n');
console.log(`dist/relay/ written (version ${version})`);
