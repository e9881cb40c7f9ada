import { createStore, get, update } from 'idb-keyval';
import type { FinesseErrorCode } from '../kernel/errors.ts';
import { isFiniteNumber, isRecord, isShortString } from '../kernel/malformed.ts';

/**
 * The refresh history the doctor shows: the last {@link HISTORY_LIMIT} refreshes and sign-ins
 * of one cluster, written by the session itself. An entry holds times, ids and codes only,
 * **never a token**: the writer builds it field by field from the outcome, never from the record.
 */
export interface HistoryEntry {
  /** Epoch ms, by the writing tab's clock. */
  at: number;
  /** The opaque tab id of the tab that did it. */
  tab: string;
  kind: 'sign-in' | 'refresh';
  /** `ok`: a new pair was stored; `failed`: it was refused or failed (see `code`). */
  outcome: 'ok' | 'failed';
  /** The FinesseError code of a failure. */
  code?: FinesseErrorCode;
  /** The record's generation after it (0 after a sign-in); absent when unknown. */
  generation?: number;
  /** The normalised user id (not a secret: it is the agent's login name). */
  user?: string;
}

/** How many entries are kept per cluster (oldest dropped first). */
export const HISTORY_LIMIT = 50;

/** Where the history lives: its own IndexedDB database, apart from the session's records. */
export interface HistoryLog {
  append(entry: HistoryEntry): Promise<void>;
  read(): Promise<HistoryEntry[]>;
}

/** The history key of a cluster (the primary node's origin). */
export const historyKey = (cluster: string) => `history:${cluster}`;

const bounded = (list: readonly HistoryEntry[], entry: HistoryEntry) =>
  [...list, entry].slice(-HISTORY_LIMIT);

/**
 * The IndexedDB history of `cluster` (database `finesse-sso-history`, store `history`). The
 * append is one readwrite transaction (`update`), so two tabs appending at once lose nothing.
 */
export function indexedDbHistory(
  cluster: string,
  dbName = 'finesse-sso-history',
  storeName = 'history',
): HistoryLog {
  const store = createStore(dbName, storeName);
  const key = historyKey(cluster);
  return {
    append: (entry) =>
      update<HistoryEntry[]>(key, (old) => bounded(readEntries(old), entry), store),
    read: async () => readEntries(await get<unknown>(key, store)),
  };
}

/** A per-tab history for tests. */
export function memoryHistory(): HistoryLog & { entries: HistoryEntry[] } {
  const log = {
    entries: [] as HistoryEntry[],
    append: async (entry: HistoryEntry) => {
      log.entries = bounded(log.entries, entry);
    },
    read: async () => [...log.entries],
  };
  return log;
}

const KINDS: ReadonlySet<unknown> = new Set(['sign-in', 'refresh']);
const OUTCOMES: ReadonlySet<unknown> = new Set(['ok', 'failed']);

/**
 * The well-formed entries of a stored value, each rebuilt from its known fields only: the
 * database is shared with whatever else runs on the origin, and the doctor puts these entries
 * in a support bundle, so nothing unexpected may ride along.
 */
export function readEntries(value: unknown): HistoryEntry[] {
  if (!Array.isArray(value)) return [];
  const out: HistoryEntry[] = [];
  for (const item of value.slice(-HISTORY_LIMIT)) {
    if (!isRecord(item) || !isFiniteNumber(item.at) || !isShortString(item.tab, 64)) continue;
    if (!KINDS.has(item.kind) || !OUTCOMES.has(item.outcome)) continue;
    const entry: HistoryEntry = {
      at: item.at,
      tab: item.tab,
      kind: item.kind as HistoryEntry['kind'],
      outcome: item.outcome as HistoryEntry['outcome'],
    };
    if (isShortString(item.code, 64) && /^[a-z-]+$/.test(item.code)) {
      entry.code = item.code as FinesseErrorCode;
    }
    if (isFiniteNumber(item.generation)) entry.generation = item.generation;
    if (isShortString(item.user, 256)) entry.user = item.user;
    out.push(entry);
  }
  return out;
}
