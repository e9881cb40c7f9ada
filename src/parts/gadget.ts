/**
 * `finesse-sso-part-gadget.js` (IIFE build): gadget mode (the Finesse container) and its English, so a page
 * that never uses the part carries neither.
 */
export * from '../core/gadget/part.ts';
export { enGadget as english } from '../i18n/en-gadget.ts';
