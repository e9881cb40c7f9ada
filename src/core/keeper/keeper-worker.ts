/**
 * The refresh keeper: a service worker that runs a tab's refresh so that the tab may reload or
 * close while the request is in flight. Built on its own as `finesse-sso-keeper.js`, beside the
 * bundle; registered with a scope of its own (no page is ever controlled by it, and it never
 * touches a host application's service worker or fetches).
 */
import { systemClock } from '../kernel/clock.ts';
import { SessionStore, indexedDbKeyValue } from '../session/store.ts';
import type { KeeperAck, KeeperReply } from './keeper-protocol.ts';
import { isKeeperJob } from './keeper-protocol.ts';
import { runKeeperJob } from './keeper-job.ts';

interface ExtendableMessageEventLike extends MessageEvent {
  waitUntil(promise: Promise<unknown>): void;
}

interface KeeperGlobal {
  location: Location;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEventLike) => void): void;
}

const worker = globalThis as unknown as KeeperGlobal;
const store = new SessionStore(indexedDbKeyValue(), 'indexeddb');

// A new keeper file (a new library version) takes over at once: it holds no state.
worker.addEventListener('install', () => void worker.skipWaiting());

worker.addEventListener('message', (event) => {
  const port = event.ports[0];
  // Only our own origin's pages may ask.
  if (!port || event.origin !== worker.location.origin) return;
  if (!isKeeperJob(event.data)) {
    // Another version's page, or a broken message: the page refreshes by itself at once.
    const reply: KeeperReply = { ok: false, reason: 'unrecognised job' };
    port.postMessage(reply);
    port.close();
    return;
  }
  const job = event.data;
  const ack: KeeperAck = { type: 'ack' };
  port.postMessage(ack);
  const done = runKeeperJob(job, {
    store,
    locks: navigator.locks,
    clock: systemClock,
    openChannel: (name) =>
      typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined,
  })
    .catch((error: unknown): KeeperReply => ({
      ok: false,
      reason: (error as Error)?.name ?? 'error',
    }))
    .then((reply) => {
      port.postMessage(reply);
      port.close();
    });
  // Keeps the worker alive until the answer is committed, even when the page is gone.
  event.waitUntil(done);
});
