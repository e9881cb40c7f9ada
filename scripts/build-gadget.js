// Writes dist/gadget/ (the Finesse gadget spec and its start-up script) from demo/gadget/,
// with the package version in the spec and in the ?v= query of every file it loads, so a new
// upload is never served from a stale cache. Run after `npm run build` (the gadget loads
// dist/finesse-sso.iife.js, uploaded beside it).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, 'dist/gadget');
await mkdir(out, { recursive: true });

for (const name of ['FinesseSSO.xml', 'finesse-sso-gadget.js', 'finesse-sso-gadget.css']) {
  const source = await readFile(path.join(root, 'demo/gadget', name), 'utf8');
  const text = source.replaceAll('__VERSION__', version);
  if (text.includes('__VERSION__')) throw new Error(`${name}: version not injected`);
  await writeFile(path.join(out, name), text);
}
console.log(`dist/gadget/ written (finesse-sso ${version})`);
