import type { Clock } from '../kernel/clock.ts';
import type { HistoryEntry } from '../session/history.ts';
import type { RosterTab } from '../session/roster.ts';

/** A check's verdict: all is well, worth a look, or a reason agents are (or will be) logged out. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** The doctor's checks, in the order they are shown. */
export const CHECK_IDS = [
  'sso-mode',
  'token-lifetimes',
  'clock-skew',
  'certificate',
  'cors',
  'relay-allow-list',
  'indexeddb',
  'web-locks',
  'broadcast-channel',
  'popups',
  'storage-partitioning',
  'tab-roster',
  'refresh-history',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** A fact shown beside a check (and saved in the support bundle): never a token. */
export type Fact = string | number | boolean | null;

/**
 * One check's result. `finding` picks the explanation ("what it means", "what to do") in the
 * element's strings; `facts` fill it in. `certificate` comes once per port.
 */
export interface CheckResult {
  id: CheckId;
  verdict: Verdict;
  finding: string;
  facts: Record<string, Fact>;
  /** tab-roster only: the tabs that answered. */
  tabs?: RosterTab[];
  /** refresh-history only: the entries, oldest first. */
  history?: HistoryEntry[];
}

/** What every network check needs; tests pass their own `fetch` and clock. */
export interface NetTools {
  fetch: typeof fetch;
  clock: Clock;
  /** A request with no answer by then counts as failed. */
  timeoutMs: number;
}

export const result = (
  id: CheckId,
  verdict: Verdict,
  finding: string,
  facts: Record<string, Fact> = {},
): CheckResult => ({ id, verdict, finding, facts });

/** The worst of some verdicts (`pass` for none). */
export function worst(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = 'pass';
  for (const v of verdicts) {
    if (v === 'fail') return 'fail';
    if (v === 'warn') out = 'warn';
  }
  return out;
}

/** `fetch` that gives up after `timeoutMs` (an AbortError then). */
export async function timedFetch(
  tools: NetTools,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  const controller = new AbortController();
  const timer = tools.clock.setTimeout(() => controller.abort(), tools.timeoutMs);
  try {
    return await tools.fetch(url, { ...init, signal: controller.signal });
  } finally {
    tools.clock.clearTimeout(timer);
  }
}
