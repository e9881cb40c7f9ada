/** The part of BroadcastChannel we use, so tests can pass their own. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** A BroadcastChannel, or undefined where the browser has none (the tab then works alone). */
export const openTabChannel = (name: string): BroadcastChannel | undefined =>
  typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;

/** One channel per cluster, so a tab that does not know the user yet still hears a sign-in. */
export const channelName = (cluster: string) => `finesse-sso:${cluster}`;
/** One lock per agent per cluster: the refresher's. */
export const refreshLockName = (key: string) => `finesse-sso:refresh:${key}`;
