/**
 * The relay part: loaded by the assembly room for relay mode (the IIFE build:
 * `finesse-sso-relay.js` beside the first script). Not the relay page itself (`dist/relay/`).
 */
export { RelaySource } from './relay-source.ts';
export { relayConfigError, reconnectWhenReachable, wireRelay } from './relay-session.ts';
