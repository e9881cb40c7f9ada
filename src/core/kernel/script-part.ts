/**
 * The IIFE build's way to load a part on demand: a classic `<script src>` beside the first
 * script (`finesse-sso-part-<name>.js`), which registers its exports as `FinesseSSO.__parts.<name>`.
 * No eval, no blob: or inline script, so `script-src 'self'` (or the first script's nonce,
 * which the added script carries) allows it, in the page and in the Finesse gadget frame.
 */
import { loaderNonce, loaderScript } from './build-info.ts';
import { FinesseError } from './errors.ts';

interface PartsGlobal {
  FinesseSSO?: { __parts?: Record<string, unknown> };
}

/**
 * The parts that do not build on the engine part: every other one reads its modules
 * (`FinesseSSO.__parts.engine.__shared`), so it loads once the engine has run. The build fails
 * when a part listed here reads the engine.
 */
const ENGINE_FREE = ['engine', 'ja', 'ko'];

let configuredBase: string | URL | undefined;
const pending = new Map<string, Promise<unknown>>();

/**
 * Overrides the folder the parts are loaded from (default: the folder of
 * `finesse-sso.iife.js`, read when it ran). Pass `undefined` to go back to the default.
 */
export function setPartsUrl(url: string | URL | undefined): void {
  configuredBase = url;
}

/** The URL of a part's file, beside the first script unless `setPartsUrl` said otherwise. */
export function partUrl(name: string): URL {
  const base = configuredBase ?? loaderScript;
  if (base === undefined) {
    throw new FinesseError(
      'part-unavailable',
      `Cannot tell where finesse-sso-part-${name}.js is: load finesse-sso.iife.js with a <script src> or call setPartsUrl().`,
    );
  }
  // A folder given without its trailing slash still names the folder.
  const folder = String(base).endsWith('.js') || String(base).endsWith('/') ? base : `${base}/`;
  const url = new URL(`finesse-sso-part-${name}.js`, new URL(folder, location.href));
  // The first script's query (the gadget's `?v=<version>`) keeps a new upload out of old caches.
  if (configuredBase === undefined) url.search = new URL(base).search;
  return url;
}

function registered(name: string): unknown {
  return (globalThis as PartsGlobal).FinesseSSO?.__parts?.[name];
}

/** Loads a part once (a failed load may be tried again); rejects with `part-unavailable`. */
export function loadScriptPart<T>(name: string): Promise<T> {
  return !ENGINE_FREE.includes(name) && !registered('engine')
    ? loadScriptPart('engine').then(() => loadScript<T>(name))
    : loadScript<T>(name);
}

function loadScript<T>(name: string): Promise<T> {
  const known = registered(name);
  if (known) return Promise.resolve(known as T);
  let promise = pending.get(name);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      const fail = () => {
        pending.delete(name);
        script.remove();
        reject(
          new FinesseError('part-unavailable', `finesse-sso-part-${name}.js could not be loaded.`),
        );
      };
      const script = document.createElement('script');
      script.onload = () => (registered(name) ? resolve(registered(name)) : fail());
      script.onerror = fail;
      if (loaderNonce) script.nonce = loaderNonce;
      try {
        script.src = partUrl(name).href;
      } catch (error) {
        pending.delete(name);
        reject(error as Error);
        return;
      }
      document.head.append(script);
    });
    pending.set(name, promise);
  }
  return promise as Promise<T>;
}
