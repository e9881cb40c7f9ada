/**
 * `finesse-sso-part-genesys.js` (IIFE build): the Genesys Cloud provider and the OAuth providers' English, so a page
 * that never uses the part carries neither.
 */
export * from '../core/genesys/part.ts';
export { enOAuth as english } from '../i18n/en-oauth.ts';
