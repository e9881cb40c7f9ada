/** The part of BroadcastChannel we use, so tests can pass their own. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/**
 * What tabs tell each other. Never a token: a message only says "the record changed, re-read
 * it" (IndexedDB is the source of truth) or "a sign-in window is open in tab X".
 */
export type TabMessage =
  | {
      type: 'record-changed';
      key: string;
      from: string;
      why:
        'signed-in' | 'refreshed' | 'refresh-started' | 'failure' | 'needs-sign-in' | 'signed-out';
    }
  | { type: 'signing-in'; from: string; open: boolean; until: number };

export function isTabMessage(value: unknown): value is TabMessage {
  if (!value || typeof value !== 'object') return false;
  const message = value as { type?: unknown; from?: unknown };
  return (
    (message.type === 'record-changed' || message.type === 'signing-in') &&
    typeof message.from === 'string'
  );
}

/** A BroadcastChannel, or undefined where the browser has none (the tab then works alone). */
export const openTabChannel = (name: string): BroadcastChannel | undefined =>
  typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;

/** One channel per cluster, so a tab that does not know the user yet still hears a sign-in. */
export const channelName = (cluster: string) => `finesse-sso:${cluster}`;
/** One lock per agent per cluster: the refresher's. */
export const refreshLockName = (key: string) => `finesse-sso:refresh:${key}`;
