/**
 * The catalogues loaded on demand, as literal dynamic imports (their own chunks in the ES
 * build). The IIFE build replaces this file with `imports.iife.ts`. English is always there;
 * a mode's or provider's own English is added when an element needs it.
 */
import type { EnglishPart, PartEnglish } from './messages.ts';

export const importLang = {
  ja: () => import('./ja.ts').then((module) => module.ja),
  ko: () => import('./ko.ts').then((module) => module.ko),
};

export const importEnglish: Record<EnglishPart, () => Promise<PartEnglish>> = {
  engine: () => import('./en-engine.ts').then((module) => module.enEngine),
  relay: () => import('./en-relay.ts').then((module) => module.enRelay),
  gadget: () => import('./en-gadget.ts').then((module) => module.enGadget),
  oidc: () => import('./en-oauth.ts').then((module) => module.enOAuth),
  genesys: () => import('./en-oauth.ts').then((module) => module.enOAuth),
  diagnostics: () => import('./en-connection.ts').then((module) => module.enConnection),
};
