/**
 * Loads the refresh protocol as a literal dynamic import: a chunk of its own in the ES build.
 * The IIFE build replaces this file with `protocol-imports.iife.ts`.
 */
export const importProtocol = () => import('./refresh-protocol.ts');
