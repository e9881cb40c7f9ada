// @ts-check
/**
 * Builds one self-contained, minified script from one entry (no chunks, no imports left): the
 * relay's `relay.js` and the OAuth `callback.js`, which are uploaded as single files.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {object} options
 * @param {string} options.entry path from the project root
 * @param {string} options.outDir absolute folder (kept: other files may already be there)
 * @param {string} options.fileName
 * @param {'es' | 'iife'} options.format
 * @param {string} [options.name] the global of an IIFE
 */
export async function buildStandalone({ entry, outDir, fileName, format, name }) {
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      copyPublicDir: false,
      lib: { entry: path.join(ROOT, entry), name, formats: [format], fileName: () => fileName },
    },
  });
}
