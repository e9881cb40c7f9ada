/**
 * Loads token hand-out and authorised fetch (`token-access.ts`) as a literal dynamic import: a
 * chunk of its own in the ES build. The IIFE build replaces this file with
 * `access-imports.iife.ts`.
 */
export const importAccess = () => import('./token-access.ts');
