/**
 * The IIFE build's `sign-in-imports.ts`: the sign-in part is a script beside the first one
 * (`finesse-sso-part-signin.js`). scripts/build-iife.js swaps this file in; the types stay
 * those of the real module.
 */
import { loadScriptPart } from '../kernel/script-part.ts';
import type { importSignIn as EsImport } from './sign-in-imports.ts';

export const importSignIn: typeof EsImport = () =>
  loadScriptPart<Awaited<ReturnType<typeof EsImport>>>('signin');
