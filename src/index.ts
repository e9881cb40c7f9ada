/**
 * finesse-sso: the elements (registered as a side effect of importing this module), their
 * events and context, and the framework-free core. `finesse-sso/core` has the core alone.
 */
import './elements/sso-session/finesse-sso-session.ts';

export { FinesseSsoSession } from './elements/sso-session/sso-session.component.ts';
export * from './events.ts';
export * from './context.ts';
export * from './core/index.ts';
