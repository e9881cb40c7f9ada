/**
 * The engine part: the Finesse provider's session in popup and relay mode (the IIFE build:
 * `finesse-sso-part-engine.js` beside the first script). Every part that builds on the session
 * engine (refresh, sign-in, the providers, relay, gadget, diagnostics, the agent elements)
 * reads the engine's modules from this one, so a page holds one copy of each.
 */
export { buildFinesse } from '../build-finesse.ts';
