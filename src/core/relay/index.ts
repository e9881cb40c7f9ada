export { RelaySource, relayOf } from './relay-source.ts';
export { relayConfigError, wireRelay, reconnectWhenReachable } from './relay-session.ts';
export type { RelaySourceOptions, RelaySignInListener } from './relay-source.ts';
export { LIBRARY_VERSION } from '../kernel/version.ts';
export type { RelayTheme, RelayView } from './protocol.ts';
