import { createStore, get, set, update, del } from 'idb-keyval';
import type { RecordVersion, SessionRecord, SignOutReason } from './record.ts';
import { sameVersion } from './record.ts';
import type { StorageKind } from './types.ts';

/**
 * The smallest key-value surface the session needs. `update` must read and write in one
 * atomic step (one IndexedDB readwrite transaction), which is what makes compare-and-set safe
 * across tabs.
 */
export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  update<T>(key: string, updater: (old: T | undefined) => T): Promise<void>;
  delete(key: string): Promise<void>;
}

/** idb-keyval in its own database, so we never collide with the host page's stores. */
export function indexedDbKeyValue(dbName = 'finesse-sso', storeName = 'records'): KeyValue {
  const store = createStore(dbName, storeName);
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    update: (key, updater) => update(key, updater, store),
    delete: (key) => del(key, store),
  };
}

/** A per-tab twin for tests and for browsers where IndexedDB cannot be opened. */
export function memoryKeyValue(): KeyValue {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => void map.set(key, value),
    update: async <T>(key: string, updater: (old: T | undefined) => T) =>
      void map.set(key, updater(map.get(key) as T | undefined)),
    delete: async (key) => void map.delete(key),
  };
}

/** Session records and the small pointers beside them ("current user of this cluster"). */
export class SessionStore {
  readonly kind: StorageKind;
  private readonly kv: KeyValue;

  constructor(kv: KeyValue, kind: StorageKind) {
    this.kv = kv;
    this.kind = kind;
  }

  get(key: string): Promise<SessionRecord | undefined> {
    return this.kv.get<SessionRecord>(`record:${key}`);
  }

  /** Unconditional write: only an interactive sign-in, which starts a new session, uses it. */
  put(record: SessionRecord): Promise<void> {
    return this.kv.set(`record:${record.key}`, record);
  }

  /**
   * Applies `change` only if the stored record still has `expected`'s sessionId and
   * generation, in one transaction. Resolves the new record, or null when the record moved
   * (another tab refreshed, signed in again or signed out), in which case nothing is written.
   */
  async compareAndSet(
    key: string,
    expected: RecordVersion,
    change: (record: SessionRecord) => SessionRecord,
  ): Promise<SessionRecord | null> {
    let written: SessionRecord | null = null;
    await this.kv.update<SessionRecord>(`record:${key}`, (old) => {
      if (!old || old.signedOut || !sameVersion(old, expected)) return old as SessionRecord;
      written = change(old);
      return written;
    });
    return written;
  }

  /** Turns the session into a tombstone whatever its generation: sign-out always wins. */
  async tombstone(
    key: string,
    sessionId: string,
    at: number,
    by: string,
    reason?: SignOutReason,
  ): Promise<boolean> {
    let done = false;
    await this.kv.update<SessionRecord>(`record:${key}`, (old) => {
      if (!old || old.sessionId !== sessionId || old.signedOut) return old as SessionRecord;
      done = true;
      // Keep the identity and times (no secret), drop the pair.
      const {
        token: _t,
        refreshToken: _r,
        heartbeat: _h,
        failure: _f,
        needsSignIn: _n,
        ...rest
      } = old;
      return { ...rest, signedOut: reason ? { at, by, reason } : { at, by } };
    });
    return done;
  }

  getPointer(name: string): Promise<string | undefined> {
    return this.kv.get<string>(`pointer:${name}`);
  }

  setPointer(name: string, value: string): Promise<void> {
    return this.kv.set(`pointer:${name}`, value);
  }
}

/**
 * Opens IndexedDB and proves it works with a write, a read and a delete. Some private modes
 * hang instead of failing, hence the timeout. Resolves the store and, when it fell back to
 * memory, the reason to announce.
 */
export async function openSessionStore(
  options: { kv?: KeyValue; timeoutMs?: number } = {},
): Promise<{ store: SessionStore; degraded?: string }> {
  const timeoutMs = options.timeoutMs ?? 3000;
  try {
    if (!options.kv && typeof indexedDB === 'undefined') throw new Error('IndexedDB is missing');
    const kv = options.kv ?? indexedDbKeyValue();
    // One read proves the database opens (private modes that block IndexedDB fail or hang
    // here); it is the cheapest probe and keeps a reloaded tab's start fast. A write that
    // fails later surfaces as an error of the sign-in that attempted it.
    const probe = () => kv.get('probe');
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('IndexedDB did not answer')), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return { store: new SessionStore(kv, 'indexeddb') };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'IndexedDB is unavailable';
    return { store: new SessionStore(memoryKeyValue(), 'memory'), degraded: reason };
  }
}
