/**
 * The gadget part: loaded by the assembly room inside the Finesse desktop (the IIFE build:
 * `finesse-sso-gadget.js` beside the first script; the gadget XML lists it).
 */
export { createGadgetSession } from './create-gadget-session.ts';
