import { refreshUnderLock } from '../../../src/core/session/refresh-protocol.ts';
import { SsoSession } from '../../../src/core/session/session.ts';
import type { SsoSessionOptions } from '../../../src/core/session/session.ts';
import { SessionStore, indexedDbKeyValue } from '../../../src/core/session/store.ts';
import type { KeyValue } from '../../../src/core/session/store.ts';
import type { SessionEventMap } from '../../../src/core/session/types.ts';
import { ManualClock } from './manual-clock.ts';
import { ScriptedSource } from './scripted-source.ts';

let counter = 0;

/**
 * Everything the tabs of one test share: one IndexedDB database, one channel name, one lock
 * namespace (via a unique cluster), one clock and one scripted identity server.
 */
export function makeEnv() {
  const id = `${Date.now()}-${++counter}`;
  const env = {
    cluster: `https://fin-${id}.test:8445`,
    dbName: `finesse-sso-test-${id}`,
    channelName: `finesse-sso-test-${id}`,
    clock: new ManualClock(),
    source: new ScriptedSource(),
    tabs: [] as SsoSession[],
    channels: [] as BroadcastChannel[],
    /** IndexedDB operations of the tabs' stores not finished yet (see `settled`). */
    storeOps: 0,
  };
  return env;
}

/** The tabs' store, counting its operations in flight on `env.storeOps`. */
function trackedKeyValue(env: { storeOps: number }, kv: KeyValue): KeyValue {
  const track = <T>(work: () => Promise<T>): Promise<T> => {
    env.storeOps++;
    return work().finally(() => env.storeOps--);
  };
  return {
    get: (key) => track(() => kv.get(key)),
    set: (key, value) => track(() => kv.set(key, value)),
    update: (key, updater) => track(() => kv.update(key, updater)),
    delete: (key) => track(() => kv.delete(key)),
  };
}

export type Env = ReturnType<typeof makeEnv>;

export interface TestTab {
  session: SsoSession;
  events: Array<{ type: keyof SessionEventMap; detail: unknown }>;
  lifecycle: {
    window: EventTarget;
    document: EventTarget & { visibilityState: DocumentVisibilityState };
  };
  channel: BroadcastChannel;
}

export async function openTab(
  env: Env,
  overrides: Partial<SsoSessionOptions> = {},
): Promise<TestTab> {
  const channel = new BroadcastChannel(env.channelName);
  env.channels.push(channel);
  const doc = Object.assign(new EventTarget(), {
    visibilityState: 'visible' as DocumentVisibilityState,
  });
  const lifecycle = { window: new EventTarget(), document: doc };
  const session = new SsoSession({
    cluster: env.cluster,
    finesseUrl: `${env.cluster}/`,
    finesseOrigins: [env.cluster],
    mode: 'popup',
    source: env.source,
    store: new SessionStore(trackedKeyValue(env, indexedDbKeyValue(env.dbName)), 'indexeddb'),
    locks: navigator.locks,
    channel,
    username: 'agent1',
    clock: env.clock,
    lifecycle,
    tabId: `tab-${env.tabs.length + 1}`,
    refreshRunner: refreshUnderLock,
    ...overrides,
  });
  const events: TestTab['events'] = [];
  for (const type of [
    'session-change',
    'token-refreshed',
    'session-error',
    'signed-out',
    'user-changed',
    'storage-degraded',
    'idle-warning',
  ] as const) {
    session.on(type, (detail) => events.push({ type, detail }));
  }
  env.tabs.push(session);
  await session.start();
  return { session, events, lifecycle, channel };
}

/**
 * Waits until the tabs have finished what the last clock step started: no store operation in
 * flight and no refresh under way. A timer that fired reads the record (IndexedDB) before its
 * refresh begins; moving the clock in that gap would stamp the refresh a step late, and a busy
 * machine widens the gap. Between two looks the page runs a macrotask, so a chain of promises
 * has reached its next IndexedDB request or lock (a refresh shows as `refreshing` before it
 * asks for the lock).
 *
 * `queuedLock`: a refresh whose request for this Web Lock waits in the queue (behind a holder
 * the test keeps, a frozen tab) waits on the clock too: as many such requests as refreshing
 * tabs count as settled.
 */
export async function settled(
  env: Env,
  { timeout = 10_000, queuedLock }: { timeout?: number; queuedLock?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  const queued = async () =>
    queuedLock === undefined
      ? 0
      : ((await navigator.locks.query()).pending ?? []).filter((l) => l.name === queuedLock).length;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const refreshing = env.tabs.filter((s) => s.state === 'refreshing').length;
    const busy = env.storeOps > 0 || (refreshing > 0 && refreshing > (await queued()));
    if (!busy) return;
    if (Date.now() > deadline) {
      throw new Error(`tabs still busy after ${timeout} ms (${env.storeOps} store operations)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function closeAll(env: Env): void {
  for (const session of env.tabs) session.dispose();
  for (const channel of env.channels) channel.close();
}
