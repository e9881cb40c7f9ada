/**
 * What the popup flow and the orphan listener share of the browser: the deps they run on
 * (channels, locks, the message target), the Web Lock a starting tab holds, and the note that
 * tells other tabs a sign-in is pending. Split from `popup-authorization.ts` so the orphan
 * listener does not need the popup machinery.
 */
import type { Clock } from '../kernel/clock.ts';
import type { LockManagerLike } from '../kernel/locks.ts';
import { openTabChannel } from '../kernel/tab-channel.ts';
import { PENDING_CHANNEL, PENDING_TYPE, stateChannelName } from './callback-protocol.ts';
import type { PendingStore } from './pending-store.ts';

/** The BroadcastChannel surface the machinery uses (tests pass their own). */
export type ChannelLike = Pick<
  BroadcastChannel,
  'postMessage' | 'close' | 'addEventListener' | 'removeEventListener'
>;
/** Where `message` events from the popup arrive: the window. */
export type MessageTarget = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/** What the popup machinery and the orphan listener run on; all optional but the clock. */
export interface OAuthBrowserDeps {
  clock: Clock;
  /** The pending sign-ins (default: the `finesse-sso-oauth` IndexedDB database). */
  pending?: PendingStore;
  /** Opens a BroadcastChannel (default: `new BroadcastChannel(name)` where it exists). */
  channel?: (name: string) => ChannelLike | undefined;
  /** Default `navigator.locks`. */
  locks?: LockManagerLike;
  /** Default `window`. */
  messages?: MessageTarget;
  /** This page's origin, which the redirect URI must share. Default `location.origin`. */
  origin?: string;
}

/** The Web Lock a starting tab holds while it waits: free means "the starter is gone". */
export const pendingLockName = (state: string) => `${stateChannelName(state)}:starter`;

/** A BroadcastChannel where the browser has them. */
export const defaultChannel: (name: string) => ChannelLike | undefined = openTabChannel;

/** Tells listening tabs to re-read the pending list (the note names no state). */
export function announcePending(channel: (name: string) => ChannelLike | undefined): void {
  const note = channel(PENDING_CHANNEL);
  note?.postMessage({ type: PENDING_TYPE });
  note?.close();
}
