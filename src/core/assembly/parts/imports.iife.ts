/**
 * The IIFE build's `imports.ts`: each part is a script beside the first one
 * (`finesse-sso-<name>.js`). vite.config.ts swaps this file in; the types stay those of the
 * real modules.
 */
import type { importPart as EsParts } from './imports.ts';
import { loadScriptPart } from '../../kernel/script-part.ts';

type Loaders = typeof EsParts;

const script =
  <K extends keyof Loaders>(name: K) =>
  () =>
    loadScriptPart<Awaited<ReturnType<Loaders[K]>>>(name);

export const importPart: Loaders = {
  engine: script('engine'),
  refresh: script('refresh'),
  oidc: script('oidc'),
  genesys: script('genesys'),
  idle: script('idle'),
  relay: script('relay'),
  gadget: script('gadget'),
  diagnostics: script('diagnostics'),
};
