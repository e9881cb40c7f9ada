/**
 * The IIFE build's `agent-imports.ts`: the agent elements are a script beside the first one
 * (`finesse-sso-part-agent.js`). vite.config.ts swaps this file in.
 */
import { loadScriptPart } from '../core/kernel/script-part.ts';
import type { importAgentElements as EsImport } from './agent-imports.ts';

export const importAgentElements: typeof EsImport = () => loadScriptPart('agent');
