/**
 * Where the refresh keeper's script comes from, the way the notification Worker is found: beside
 * the bundle in a build, the TypeScript module itself when running from source. Never a blob:
 * URL (a service worker cannot be one, and a strict CSP would refuse it).
 */
import { BUILD, loaderScript } from '../notifications/worker-url.ts';

export const KEEPER_FILE = 'finesse-sso-keeper.js';

export function keeperSource(url?: string | URL): { url: URL; type: WorkerType } | null {
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
