/**
 * `finesse-sso-part-engine.js` (IIFE build): the session engine (popup and relay mode) and the
 * session's English, which every session shows.
 */
export * from '../core/assembly/parts/engine-part.ts';
export { enEngine as english } from '../i18n/en-engine.ts';
