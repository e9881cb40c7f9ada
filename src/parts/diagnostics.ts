/**
 * `finesse-sso-part-diagnostics.js` (IIFE build): the connection doctor and the connection notice's English, so a page
 * that never uses the part carries neither.
 */
export * from '../core/diagnostics/part.ts';
export { enConnection as english } from '../i18n/en-connection.ts';
