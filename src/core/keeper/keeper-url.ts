/**
 * Where the refresh keeper's script comes from, the way the notification Worker is found: beside
 * the bundle in a build, the TypeScript module itself when running from source. Never a blob:
 * URL (a service worker cannot be one, and a strict CSP would refuse it).
 */
import { BUILD, loaderScript } from '../kernel/build-info.ts';
import { LIBRARY_VERSION } from '../kernel/version.ts';

export const KEEPER_FILE = 'finesse-sso-keeper.js';

/**
 * The keeper's URL carries the library version: a service worker is only updated when its
 * registration names a new script URL (it controls no page, so no navigation checks it).
 */
export function keeperSource(url?: string | URL): { url: URL; type: WorkerType } | null {
  const source = builtOrSource(url);
  // From source (a dev server) the file is always fresh, and Vite refuses a query on it.
  if (source && url === undefined && BUILD !== undefined) versioned(source.url);
  return source;
}

/** Names the library version in a built keeper's URL. */
export function versioned(url: URL): URL {
  url.searchParams.set('v', LIBRARY_VERSION);
  return url;
}

function builtOrSource(url?: string | URL): { url: URL; type: WorkerType } | null {
  if (url !== undefined) return { url: new URL(url, globalThis.location?.href), type: 'classic' };
  if (BUILD === 'es') {
    return {
      url: new URL(/* @vite-ignore */ './finesse-sso-keeper.js', import.meta.url),
      type: 'classic',
    };
  }
  if (BUILD === 'iife') {
    return loaderScript ? { url: new URL(KEEPER_FILE, loaderScript), type: 'classic' } : null;
  }
  const source = './keeper-worker.ts';
  return { url: new URL(/* @vite-ignore */ source, import.meta.url), type: 'module' };
}
