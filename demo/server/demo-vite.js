// @ts-check
/**
 * The Vite dev server the demo servers use as middleware: the library's TypeScript sources
 * served as modules, with no HMR socket (it would break the demo's `connect-src`) and no
 * dependency pre-bundling (no "optimized deps changed" reloads).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * @param {{ root: string, quiet?: boolean }} options
 * @returns {Promise<{ vite: import('vite').ViteDevServer, close(): Promise<void> }>}
 */
export async function createDemoVite({ root, quiet = true }) {
  const { createServer } = await import('vite');
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'finesse-sso-vite-'));
  try {
    const vite = await createServer({
      root,
      configFile: false,
      appType: 'mpa',
      cacheDir,
      logLevel: quiet ? 'silent' : 'info',
      clearScreen: false,
      server: { middlewareMode: true, hmr: false, ws: false },
      optimizeDeps: { noDiscovery: true, include: [] },
      // Lit decorators: TypeScript's experimentalDecorators + useDefineForClassFields false.
      // Vite reads them from tsconfig.json only for files that tsconfig includes (not demo/
      // or test/e2e), so say it here for every file.
      oxc: {
        decorator: { legacy: true },
        assumptions: { setPublicClassFields: true },
        typescript: { removeClassFieldsWithoutInitializer: true },
      },
    });
    return {
      vite,
      async close() {
        await vite.close();
        await rm(cacheDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(cacheDir, { recursive: true, force: true });
    throw error;
  }
}
