/**
 * The first script, `dist/finesse-sso.iife.js` (global `FinesseSSO`): the session element, the
 * choice of mode and provider, and the English it shows before the engine is there. Everything
 * else is a part beside it (`finesse-sso-part-<name>.js`), loaded when a page needs it: the
 * session engine (every session builds on it), the OAuth providers and the idle watch, relay
 * and gadget mode, the agent elements, Japanese and Korean. `scripts/build-iife.js` builds both.
 */
import './elements/sso-session/finesse-sso-session.ts';

export { FinesseSsoSession } from './elements/sso-session/sso-session.component.ts';
export { FinesseError, FINESSE_ERROR_CODES, isFinesseError } from './core/kernel/errors.ts';
export { setLogLevel } from './core/kernel/logger.ts';
export { setXmppWorkerUrl } from './core/notifications/worker-config.ts';
export { setPartsUrl } from './core/kernel/script-part.ts';
export { loadAgentElements } from './elements/sso-session/agent-loader.ts';
export { createSession } from './core/assembly/create-session.ts';
