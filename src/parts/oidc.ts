/**
 * `finesse-sso-part-oidc.js` (IIFE build): the OpenID Connect provider and the OAuth providers' English, so a page
 * that never uses the part carries neither.
 */
export * from '../core/oidc/part.ts';
export { enOAuth as english } from '../i18n/en-oauth.ts';
