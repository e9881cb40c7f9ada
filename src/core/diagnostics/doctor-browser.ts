import type { Clock } from '../kernel/clock.ts';
import type { ChannelLike } from '../kernel/tab-channel.ts';
import type { CheckResult } from './doctor-types.ts';
import { result } from './doctor-types.ts';
import type { HistoryEntry } from '../session/history.ts';
import { queryRoster } from '../session/roster.ts';

/**
 * The doctor's checks of this browser (what the session needs from it) and of the session's
 * own traces: the tabs open for the agent and the refresh history. Framework-free.
 */

/** What the browser offers; the element passes the real objects, tests pass their own. */
export interface BrowserFacts {
  secureContext: boolean;
  /** Opens, writes, reads and deletes a probe; rejects or times out when IndexedDB is unusable. */
  probeIndexedDb: (() => Promise<void>) | null;
  /** `navigator.storage.persisted()`, when there is one. */
  persisted: (() => Promise<boolean>) | null;
  locks: boolean;
  broadcastChannel: boolean;
}

export async function checkIndexedDb(facts: BrowserFacts): Promise<CheckResult> {
  if (!facts.probeIndexedDb) return result('indexeddb', 'fail', 'missing');
  try {
    await facts.probeIndexedDb();
  } catch (error) {
    return result('indexeddb', 'fail', 'unusable', { error: (error as Error)?.name ?? null });
  }
  const persisted = facts.persisted ? await facts.persisted().catch(() => null) : null;
  return result('indexeddb', 'pass', persisted ? 'persisted' : 'not-persisted', { persisted });
}

export function checkWebLocks(facts: BrowserFacts): CheckResult {
  if (!facts.secureContext) return result('web-locks', 'fail', 'insecure-context');
  return facts.locks ? result('web-locks', 'pass', 'ok') : result('web-locks', 'fail', 'missing');
}

export function checkBroadcastChannel(facts: BrowserFacts): CheckResult {
  return facts.broadcastChannel
    ? result('broadcast-channel', 'pass', 'ok')
    : result('broadcast-channel', 'fail', 'missing');
}

/** `untested` until the administrator presses the button (a popup needs a click). */
export type PopupTest = 'untested' | 'allowed' | 'blocked';

/**
 * Opens and closes a small `about:blank` window **synchronously** (call it from a click, as
 * the session's sign-in does): a null window means this browser blocks the sign-in popup.
 */
export function testPopup(open: (url: string, target: string, features: string) => Window | null) {
  const popup = open('about:blank', '_blank', 'popup,width=320,height=200');
  if (!popup) return 'blocked';
  popup.close();
  return 'allowed';
}

export function checkPopups(test: PopupTest): CheckResult {
  if (test === 'allowed') return result('popups', 'pass', 'allowed');
  if (test === 'blocked') return result('popups', 'fail', 'blocked');
  return result('popups', 'warn', 'untested');
}

/** The registrable part of a host, roughly (the last two labels; IPs and `localhost` whole). */
export function siteOfOrigin(origin: string): string {
  const url = new URL(origin);
  const host = url.hostname;
  const labels = host.split('.');
  const ip = /^[\d.]+$/.test(host) || host.includes(':');
  const site = ip || labels.length <= 2 ? host : labels.slice(-2).join('.');
  return `${url.protocol}//${site}`;
}

/**
 * Storage partitioning: when the desktop runs on another site than Finesse, anything the
 * Finesse origin stores inside the desktop (the relay frame) is partitioned by the desktop's
 * site and its cookies are third-party. The session copes (the relay keeps tokens in memory;
 * the pair is stored on the desktop's origin), but only relay mode works then.
 */
export function checkPartitioning(facts: {
  finesseUrl: string;
  desktopOrigin: string | null;
  /** This page runs in a frame of another site (then its own storage is partitioned). */
  framedBy: string | null;
}): CheckResult {
  const finesseSite = siteOfOrigin(facts.finesseUrl);
  const desktopSite = facts.desktopOrigin ? siteOfOrigin(facts.desktopOrigin) : null;
  const framedSite = facts.framedBy ? siteOfOrigin(facts.framedBy) : null;
  const details = { finesseSite, desktopSite, framedBy: facts.framedBy };
  if (framedSite && framedSite !== siteOfOrigin(new URL(facts.finesseUrl).origin)) {
    return result('storage-partitioning', 'warn', 'framed', details);
  }
  if (desktopSite && desktopSite !== finesseSite) {
    return result('storage-partitioning', 'warn', 'cross-site', details);
  }
  return result('storage-partitioning', 'pass', 'same-site', details);
}

/** The Web Locks the session uses, as `navigator.locks.query()` lists them. */
export interface LockSnapshot {
  held: string[];
  pending: string[];
}

/**
 * The tab roster: the tabs that answered the roster query, and which Web Locks are held
 * (`navigator.locks.query()` cannot say by which tab; the tabs say it themselves).
 */
export async function checkRoster(deps: {
  channel: ChannelLike | null;
  clock: Clock;
  waitMs: number;
  id: string;
  queryLocks: (() => Promise<LockSnapshot>) | null;
}): Promise<CheckResult> {
  const tabs = deps.channel
    ? await queryRoster(deps.channel, { clock: deps.clock, waitMs: deps.waitMs, id: deps.id })
    : [];
  const locks = deps.queryLocks ? await deps.queryLocks().catch(() => null) : null;
  const count = (list: string[] | undefined, prefix: string) =>
    list ? list.filter((name) => name.startsWith(prefix)).length : null;
  const holders = new Map<string, number>();
  for (const tab of tabs) {
    if (tab.notifications) holders.set(tab.user ?? '', (holders.get(tab.user ?? '') ?? 0) + 1);
  }
  const facts = {
    tabs: tabs.length,
    users: new Set(tabs.map((t) => t.user).filter(Boolean)).size,
    refreshLocksHeld: count(locks?.held, 'finesse-sso:refresh:'),
    notificationLocksHeld: count(locks?.held, 'finesse-sso:xmpp:'),
    notificationLocksWaiting: count(locks?.pending, 'finesse-sso:xmpp:'),
    notificationHolders: tabs.filter((t) => t.notifications).length,
  };
  const withTabs = (r: CheckResult) => ({ ...r, tabs });
  if (!deps.channel) return withTabs(result('tab-roster', 'warn', 'no-channel', facts));
  if (tabs.length === 0) return withTabs(result('tab-roster', 'warn', 'no-tabs', facts));
  if ([...holders.values()].some((n) => n > 1)) {
    return withTabs(result('tab-roster', 'fail', 'two-connections', facts));
  }
  if (tabs.some((t) => t.state === 'needs-sign-in')) {
    return withTabs(result('tab-roster', 'warn', 'needs-sign-in', facts));
  }
  return withTabs(result('tab-roster', 'pass', 'ok', facts));
}

/** Codes that mean the pair was refused: the agent will have to sign in again. */
const REFUSALS: ReadonlySet<string> = new Set([
  'refresh-rejected',
  'refresh-needs-interaction',
  'rotation-lost',
  'refresh-token-not-returned',
]);

/**
 * The refresh history: a refusal in it (the logout cause this library exists for), transport
 * failures (Finesse not answering for a while), or nothing to see.
 */
export function checkHistory(entries: HistoryEntry[] | null): CheckResult {
  const withEntries = (r: CheckResult) => ({ ...r, history: entries ?? [] });
  if (entries === null) return withEntries(result('refresh-history', 'warn', 'unreadable'));
  const refreshes = entries.filter((e) => e.kind === 'refresh');
  const failures = entries.filter((e) => e.outcome === 'failed');
  const refusals = refreshes.filter((e) => e.code && REFUSALS.has(e.code));
  const last = entries.at(-1);
  const facts = {
    entries: entries.length,
    refreshes: refreshes.length,
    signIns: entries.length - refreshes.length,
    failures: failures.length,
    refusals: refusals.length,
    lastAt: last?.at ?? null,
    lastRefusal: refusals.at(-1)?.code ?? null,
  };
  if (entries.length === 0) return withEntries(result('refresh-history', 'warn', 'empty', facts));
  if (refusals.length > 0) return withEntries(result('refresh-history', 'fail', 'refused', facts));
  if (failures.some((e) => e.kind === 'refresh')) {
    return withEntries(result('refresh-history', 'warn', 'transport', facts));
  }
  return withEntries(result('refresh-history', 'pass', 'ok', facts));
}
