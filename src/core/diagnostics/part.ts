/**
 * The diagnostics part: the connection doctor, loaded by the session's `LazyDoctor` the first
 * time something fails (the IIFE build: `finesse-sso-part-diagnostics.js`).
 */
export { createSessionDoctor } from './session-doctor.ts';
