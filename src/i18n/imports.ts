/**
 * The catalogues loaded on demand, as literal dynamic imports (their own chunks in the ES
 * build). The IIFE build replaces this file with `imports.iife.ts`. English is always there.
 */
export const importLang = {
  ja: () => import('./ja.ts').then((module) => module.ja),
  ko: () => import('./ko.ts').then((module) => module.ko),
};
