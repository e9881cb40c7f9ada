/**
 * The IIFE build's `access-imports.ts`: the refresh part (`finesse-sso-part-refresh.js`)
 * carries token hand-out and authorised fetch. A popup- or relay-mode session loads that part
 * when it starts, so a call rarely waits for it; an OAuth session loads it at its first call.
 */
import { loadScriptPart } from '../kernel/script-part.ts';
import type { importAccess as EsImport } from './access-imports.ts';

export const importAccess: typeof EsImport = () =>
  loadScriptPart<Awaited<ReturnType<typeof EsImport>>>('refresh');
