import type { KeyValue } from '../session/store.ts';
import { indexedDbKeyValue, memoryKeyValue } from '../session/store.ts';

/** One sign-in waiting for its callback. The secrets never leave this origin's IndexedDB. */
export interface PendingAuthorization {
  state: string;
  /** The provider's secrets (PKCE verifier, nonce) and what it needs to finish (issuer, client id). */
  secrets: Record<string, string>;
  redirectUri: string;
  /** Epoch ms. */
  createdAt: number;
}

/** How long an entry waits for its callback; a sign-in that takes longer starts over. */
export const PENDING_TTL_MS = 10 * 60_000;

const KEY = 'pending';
type Entries = Record<string, PendingAuthorization>;

const live = (entries: Entries | undefined, now: number): Entries =>
  Object.fromEntries(
    Object.entries(entries ?? {}).filter(([, entry]) => now - entry.createdAt < PENDING_TTL_MS),
  );

/**
 * The pending sign-ins of this origin, in their own IndexedDB database so that a callback can
 * still be finished by another tab, or by the opener after it reloaded. All entries live under
 * one key, so that adding, claiming and pruning are each one atomic `update`.
 */
export class PendingStore {
  private store: KeyValue | undefined;

  /** Without `kv`, the `finesse-sso-oauth` database, opened on first use. */
  constructor(kv?: KeyValue) {
    this.store = kv;
  }

  private get kv(): KeyValue {
    // Without IndexedDB only this tab can finish its own sign-in; that still works.
    this.store ??=
      typeof indexedDB === 'undefined'
        ? memoryKeyValue()
        : indexedDbKeyValue('finesse-sso-oauth', 'pending');
    return this.store;
  }

  /** Stores a new entry and drops expired ones. */
  add(entry: PendingAuthorization, now: number): Promise<void> {
    return this.kv.update<Entries>(KEY, (old) => ({ ...live(old, now), [entry.state]: entry }));
  }

  /**
   * Takes the entry of `state` out, in one transaction: of several tabs that got the same
   * callback, exactly one gets the entry; the others get undefined. Expired entries count as
   * missing.
   */
  async claim(state: string, now: number): Promise<PendingAuthorization | undefined> {
    let taken: PendingAuthorization | undefined;
    await this.kv.update<Entries>(KEY, (old) => {
      const entries = live(old, now);
      taken = entries[state];
      delete entries[state];
      return entries;
    });
    return taken;
  }

  /** Reads an entry without taking it (expired counts as missing). */
  async peek(state: string, now: number): Promise<PendingAuthorization | undefined> {
    return live(await this.kv.get<Entries>(KEY), now)[state];
  }

  /** The states still waiting. */
  async states(now: number): Promise<string[]> {
    return Object.keys(live(await this.kv.get<Entries>(KEY), now));
  }

  /** Forgets an entry (the sign-in timed out or failed). */
  async remove(state: string): Promise<void> {
    await this.kv.update<Entries>(KEY, (old) => {
      const entries = { ...(old ?? {}) };
      delete entries[state];
      return entries;
    });
  }
}
