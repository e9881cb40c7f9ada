export { RelaySource, registerRelay, relayOf } from './relay-source.ts';
export type { RelaySourceOptions, RelaySignInListener } from './relay-source.ts';
export { LIBRARY_VERSION } from './version.ts';
export type { RelayTheme, RelayView } from './protocol.ts';
