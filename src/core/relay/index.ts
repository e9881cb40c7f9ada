export { RelaySource, relayOf } from './relay-source.ts';
export { relayConfigError, wireRelay, reconnectWhenReachable } from './relay-session.ts';
export type { RelaySignInListener } from './relay-source.ts';
export type { RelaySourceOptions } from './relay-options.ts';
export { LIBRARY_VERSION } from '../kernel/version.ts';
export type { RelayTheme, RelayView } from './protocol.ts';
