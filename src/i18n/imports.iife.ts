/**
 * The IIFE build's `imports.ts`: each catalogue is a script beside the first one
 * (`finesse-sso-part-ja.js`, `finesse-sso-part-ko.js`), and a mode's or provider's English is
 * in its part's script (`src/parts/`: exported as `english`). vite.config.ts swaps this file in.
 */
import { loadScriptPart } from '../core/kernel/script-part.ts';
import type { importEnglish as EsEnglish, importLang as EsLangs } from './imports.ts';
import type { EnglishPart, Messages, PartEnglish } from './messages.ts';

export const importLang: typeof EsLangs = {
  ja: () => loadScriptPart<{ ja: Messages }>('ja').then((module) => module.ja),
  ko: () => loadScriptPart<{ ko: Messages }>('ko').then((module) => module.ko),
};

const english = (part: EnglishPart) => () =>
  loadScriptPart<{ english: PartEnglish }>(part).then((module) => module.english);

export const importEnglish: typeof EsEnglish = {
  engine: english('engine'),
  relay: english('relay'),
  gadget: english('gadget'),
  oidc: english('oidc'),
  genesys: english('genesys'),
  diagnostics: english('diagnostics'),
};
