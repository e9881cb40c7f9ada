/**
 * The IIFE build's `imports.ts`: each catalogue is a script beside the first one
 * (`finesse-sso-ja.js`, `finesse-sso-ko.js`). vite.config.ts swaps this file in.
 */
import { loadScriptPart } from '../core/kernel/script-part.ts';
import type { importLang as EsLangs } from './imports.ts';
import type { Messages } from './messages.ts';

export const importLang: typeof EsLangs = {
  ja: () => loadScriptPart<{ ja: Messages }>('ja').then((module) => module.ja),
  ko: () => loadScriptPart<{ ko: Messages }>('ko').then((module) => module.ko),
};
