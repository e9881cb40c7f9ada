/**
 * `finesse-sso-part-relay.js` (IIFE build): relay mode (the desktop side) and its English, so a page
 * that never uses the part carries neither.
 */
export * from '../core/relay/part.ts';
export { enRelay as english } from '../i18n/en-relay.ts';
