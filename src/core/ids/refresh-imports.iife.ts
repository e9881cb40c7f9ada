/**
 * The IIFE build's `refresh-imports.ts`: the refresh part (`finesse-sso-part-refresh.js`)
 * carries the reading of refresh answers. A refresh runs from that part, so by the time the
 * popup source sends one the part is always loaded: this never fetches a file in the page.
 */
import { loadScriptPart } from '../kernel/script-part.ts';
import type { importRefreshAnswers as EsImport } from './refresh-imports.ts';

export const importRefreshAnswers: typeof EsImport = () =>
  loadScriptPart<Awaited<ReturnType<typeof EsImport>>>('refresh');
