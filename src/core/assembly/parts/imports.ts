/**
 * The parts the assembly room loads on demand, as literal dynamic imports: bundlers (and the
 * ES build) make each its own chunk. The IIFE build replaces this file with `imports.iife.ts`.
 */
export const importPart = {
  engine: () => import('./engine-part.ts'),
  refresh: () => import('./refresh-part.ts'),
  oidc: () => import('../../oidc/part.ts'),
  genesys: () => import('../../genesys/part.ts'),
  idle: () => import('../../idle/idle-watch.ts'),
  relay: () => import('../../relay/part.ts'),
  gadget: () => import('../../gadget/part.ts'),
  diagnostics: () => import('../../diagnostics/part.ts'),
};
