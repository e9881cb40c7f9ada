/**
 * Loads the sign-in part as a literal dynamic import: bundlers (and the ES build) make it a
 * chunk of its own. The IIFE build replaces this file with `sign-in-imports.iife.ts`.
 */
export const importSignIn = () => import('./sign-in-part.ts');
