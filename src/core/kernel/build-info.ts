/**
 * Which build this code runs in, and where the IIFE script came from. `__FINESSE_SSO_BUILD__`
 * is defined by vite.config.ts (`'es'` or `'iife'`); running from source it is undefined.
 * Files loaded on demand (the XMPP Worker, the parts) are found beside the IIFE script.
 */
declare const __FINESSE_SSO_BUILD__: 'es' | 'iife' | undefined;

export const BUILD: 'es' | 'iife' | undefined =
  typeof __FINESSE_SSO_BUILD__ === 'undefined' ? undefined : __FINESSE_SSO_BUILD__;

/**
 * The IIFE script element, read while it runs (afterwards `document.currentScript` is another
 * script, or null).
 */
const current: HTMLScriptElement | null =
  BUILD === 'iife' && typeof document !== 'undefined'
    ? (document.currentScript as HTMLScriptElement | null)
    : null;

/** The IIFE script's own URL. */
export const loaderScript: string | undefined = current?.src || undefined;

/** Its CSP nonce, given to the scripts it adds (a `script-src 'nonce-…'` policy allows them). */
export const loaderNonce: string | undefined = current?.nonce || undefined;
