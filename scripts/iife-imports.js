// @ts-check
import { existsSync } from 'node:fs';

/**
 * Swaps the `*imports.ts` files for their `*imports.iife.ts` twins: parts are loaded as
 * scripts, never bundled by a dynamic import.
 * @returns {import('vite').Plugin}
 */
export function iifeImports() {
  return {
    name: 'finesse-sso-iife-imports',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!/imports(\.ts)?$/.test(source) || !importer) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      if (!resolved || !resolved.id.endsWith('imports.ts')) return null;
      const twin = resolved.id.replace(/\.ts$/, '.iife.ts');
      return existsSync(twin) ? twin : null;
    },
  };
}
