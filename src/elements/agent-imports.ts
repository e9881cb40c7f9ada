/**
 * The agent elements, as a literal dynamic import (their own chunk in the ES build). The IIFE
 * build replaces this file with `agent-imports.iife.ts`.
 */
export const importAgentElements = () => import('./agent.ts');
