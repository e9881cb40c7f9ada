/**
 * Loads the reading of a refresh answer as a literal dynamic import (a chunk of its own in the
 * ES build). The IIFE build replaces this file with `refresh-imports.iife.ts`.
 */
export const importRefreshAnswers = () => import('./refresh-response.ts');
