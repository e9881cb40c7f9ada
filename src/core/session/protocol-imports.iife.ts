/**
 * The IIFE build's `protocol-imports.ts`: the refresh protocol is in the refresh part
 * (`finesse-sso-part-refresh.js`), with everything else that renews or spends the pair.
 */
import { loadScriptPart } from '../kernel/script-part.ts';
import type { importProtocol as EsImport } from './protocol-imports.ts';

export const importProtocol: typeof EsImport = () =>
  loadScriptPart<Awaited<ReturnType<typeof EsImport>>>('refresh');
