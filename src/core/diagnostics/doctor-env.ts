import { createStore, del, get, set } from 'idb-keyval';
import { systemClock } from '../kernel/clock.ts';
import { FinessePopupSource } from '../ids/finesse-token-source.ts';
import { configDrift } from '../gadget/config-user.ts';
import { finesseGlobal } from '../gadget/finesse-globals.ts';
import type { SessionRecord } from '../session/record.ts';
import { isLive, normaliseUserId, recordKey, timesFor } from '../session/record.ts';
import { SessionStore, indexedDbKeyValue } from '../session/store.ts';
import { openTabChannel } from '../kernel/tab-channel.ts';
import type { LockSnapshot, PopupTest } from './doctor-browser.ts';
import type { DoctorConfig, DoctorEnv } from './doctor-run.ts';
import type { PairTimes } from './doctor-server.ts';
import { recordTimes } from './doctor-server.ts';
import { indexedDbHistory } from '../session/history.ts';
import { rosterChannelName } from '../session/roster.ts';

/**
 * The doctor's real environment in a browser: this page's fetch, clock, IndexedDB, Web Locks
 * and channels. The session's record is read for its times only (`recordTimes`).
 */

const randomId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

/** Resolves within `ms` or rejects: some private modes leave IndexedDB requests hanging. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('IndexedDB did not answer')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The session's stored record for the configured (or current) agent of this cluster. */
async function readRecord(config: DoctorConfig): Promise<SessionRecord | undefined> {
  const cluster = new URL(config.finesseUrl).origin;
  const store = new SessionStore(indexedDbKeyValue(), 'indexeddb');
  const user = config.username ? normaliseUserId(config.username) : null;
  const key = user
    ? ((await store.getPointer(`alias:${cluster}|${user}`)) ?? recordKey(cluster, user))
    : await store.getPointer(`current:${cluster}`);
  return key ? store.get(key) : undefined;
}

/** The doctor's environment in this page. */
export function browserDoctorEnv(
  config: DoctorConfig,
  extra: { popupTest: PopupTest; measuredPair?: PairTimes | null },
): DoctorEnv {
  const cluster = new URL(config.finesseUrl).origin;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const gadgetConfig = finesseGlobal()?.gadget?.Config;
  let framedBy: string | null = null;
  if (window.top !== window) {
    framedBy =
      location.ancestorOrigins?.[0] ??
      (document.referrer ? new URL(document.referrer).origin : null);
    if (framedBy === location.origin) framedBy = null;
  }
  return {
    pageUrl: location.href,
    pageOrigin: location.origin,
    net: { fetch: globalThis.fetch.bind(globalThis), clock: systemClock, timeoutMs: 8_000 },
    browser: {
      secureContext: window.isSecureContext,
      probeIndexedDb:
        typeof indexedDB === 'undefined'
          ? null
          : () => {
              const store = createStore('finesse-sso-doctor', 'probe');
              const value = randomId();
              return within(
                (async () => {
                  await set('probe', value, store);
                  if ((await get('probe', store)) !== value) throw new Error('read back failed');
                  await del('probe', store);
                })(),
                3_000,
              );
            },
      persisted: storage?.persisted ? () => storage.persisted() : null,
      locks: !!locks,
      broadcastChannel: typeof BroadcastChannel === 'function',
    },
    readPair: async () => {
      const record = await readRecord(config);
      return isLive(record) ? recordTimes(record) : null;
    },
    measuredPair: extra.measuredPair ?? null,
    readHistory: () => indexedDbHistory(cluster).read(),
    openRosterChannel: () => openTabChannel(rosterChannelName(cluster)) ?? null,
    queryLocks: locks?.query
      ? async (): Promise<LockSnapshot> => {
          const snapshot = await locks.query();
          const names = (list: LockInfo[] | undefined) =>
            (list ?? []).map((l) => l.name ?? '').filter(Boolean);
          return { held: names(snapshot.held), pending: names(snapshot.pending) };
        }
      : null,
    rosterWaitMs: 600,
    randomId,
    gadgetDriftMs: gadgetConfig ? configDrift(gadgetConfig) : null,
    popupTest: extra.popupTest,
    framedBy,
  };
}

/**
 * The stored pair's token and refresh token, read just before a bundle is written, so that the
 * bundle can be searched for them (`bundleJson`). They are not kept.
 */
export async function storedSecrets(config: DoctorConfig): Promise<string[]> {
  try {
    const record = await readRecord(config);
    return [record?.token, record?.refreshToken].filter((s): s is string => !!s);
  } catch {
    return [];
  }
}

/**
 * Signs in once in a popup (call from a click: it opens synchronously) to see the lifetimes
 * Finesse issues; keeps their times only. The pair is dropped, never stored nor refreshed.
 */
export function measureSignIn(
  finesseUrl: string,
  username: string | undefined,
  ratio = 0.75,
): Promise<PairTimes> {
  const source = new FinessePopupSource({ finesseUrl, clock: systemClock });
  return source.signIn({ username }).then((answer) => {
    const times = timesFor(answer, systemClock.now(), ratio);
    return { source: 'sign-in', user: normaliseUserId(answer.userId), ...times };
  });
}
