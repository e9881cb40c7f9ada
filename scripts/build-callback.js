// @ts-check
/**
 * Writes `dist/oauth/`: `callback.html` and `callback.js` (src/oauth-callback built as one
 * self-contained module script), the page an OAuth provider (`provider="oidc"` or `"genesys"`)
 * redirects to. Serve both at the registered redirect URI, on the desktop's origin.
 * Run after `npm run build` (which empties dist/): `node scripts/build-callback.js`.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStandalone } from './build-standalone.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/oauth');

await mkdir(out, { recursive: true });
await buildStandalone({
  entry: 'src/oauth-callback/callback.ts',
  outDir: out,
  fileName: 'callback.js',
  format: 'es',
});
await copyFile(
  path.join(root, 'src/oauth-callback/callback.html'),
  path.join(out, 'callback.html'),
);
console.log('dist/oauth/ written (callback.html, callback.js)');
