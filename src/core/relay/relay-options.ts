/** How a `RelaySource` is set up: the relay page's address, timers, and what tests replace. */
import type { Clock } from '../kernel/clock.ts';
import type { ConnectionReporter } from '../session/connection-problem.ts';
import type { ToRelay } from './protocol.ts';

export interface RelaySourceOptions {
  /** The relay page on the Finesse server (absolute URL), read once. */
  relayUrl: string;
  clock?: Clock;
  /** The version put in the fragment; tests change it to provoke a mismatch. */
  version?: string;
  /** No `ready` within this long after the frame was created: `relay-unavailable`. */
  handshakeTimeoutMs?: number;
  /** Where the relay's messages arrive (the desktop's window). */
  host?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  document?: Document;
  /** Sends a message to the relay window; tests spy on it. */
  post?: (target: WindowProxy, message: ToRelay, targetOrigin: string) => void;
  nonce?: () => string;
  /** Told when the frame loaded but stays silent (the browser's error page "loads" too). */
  reporter?: ConnectionReporter;
  /** Silence after `load` before the reporter is told (the handshake keeps waiting). Default 2 000. */
  silenceMs?: number;
}
