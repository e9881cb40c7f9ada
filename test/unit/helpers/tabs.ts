import { SsoSession } from '../../../src/core/session/session.ts';
import type { SsoSessionOptions } from '../../../src/core/session/session.ts';
import { SessionStore, indexedDbKeyValue } from '../../../src/core/session/store.ts';
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
  };
  return env;
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
    store: new SessionStore(indexedDbKeyValue(env.dbName), 'indexeddb'),
    locks: navigator.locks,
    channel,
    username: 'agent1',
    clock: env.clock,
    lifecycle,
    tabId: `tab-${env.tabs.length + 1}`,
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

export function closeAll(env: Env): void {
  for (const session of env.tabs) session.dispose();
  for (const channel of env.channels) channel.close();
}
