/**
 * finesse-sso/session: registers `<finesse-sso-session>` only. The agent elements, providers,
 * relay and gadget mode and Japanese/Korean are loaded (dynamic imports) when a page uses them.
 */
import './elements/sso-session/finesse-sso-session.ts';

export { FinesseSsoSession } from './elements/sso-session/sso-session.component.ts';
export { loadAgentElements } from './elements/sso-session/agent-loader.ts';
export * from './elements/shared/events.ts';
export * from './elements/shared/context.ts';
export { FinesseError, FINESSE_ERROR_CODES, isFinesseError } from './core/kernel/errors.ts';
export type { FinesseErrorCode, FinesseErrorDetails } from './core/kernel/errors.ts';
export { setLogLevel } from './core/kernel/logger.ts';
export { setXmppWorkerUrl } from './core/notifications/worker-config.ts';
