/**
 * This tab's side of a refresh: at most one run in flight, through the refresh protocol (in the
 * page, or the refresh keeper when one is passed), and what follows once the lock is released:
 * the other tabs are told, the outcome is adopted and noted for the doctor.
 */
import { createLogger } from '../kernel/logger.ts';
import { note } from './doctor-feed.ts';
import { post } from './other-tabs.ts';
import type { PostingTab } from './other-tabs.ts';
import type { RefreshRequest, RunOutcome } from './refresh-outcome.ts';
import { outcomeNotice } from './refresh-outcome.ts';
import type { TabSession } from './tab-session.ts';

const log = createLogger('session');

/** What a refresh reads and writes of the session. */
export type RefreshingTab = PostingTab &
  Pick<
    TabSession,
    | 'clock'
    | 'timing'
    | 'tabId'
    | 'ratio'
    | 'refreshLifetimeMs'
    | 'key'
    | 'refreshingHere'
    | 'inflight'
    | 'timer'
    | 'update'
    | 'adopt'
    | 'check'
  >;

/** At most one refresh in flight per tab; the protocol decides whether one is needed at all. */
export function refresh(tab: RefreshingTab, request: RefreshRequest): Promise<void> {
  tab.inflight ??= runRefresh(tab, request).finally(() => {
    tab.inflight = null;
  });
  return tab.inflight;
}

async function runRefresh(tab: RefreshingTab, request: RefreshRequest): Promise<void> {
  tab.refreshingHere = true;
  tab.update();
  let outcome: RunOutcome;
  try {
    outcome = await tab.options.refreshRunner(
      {
        store: tab.store!,
        locks: tab.options.locks,
        clock: tab.clock,
        source: tab.options.source,
        tabId: tab.tabId,
        ratio: tab.ratio,
        timing: tab.timing,
        refreshLifetimeMs: tab.refreshLifetimeMs,
        random: tab.options.random,
      },
      request,
    );
  } catch (error) {
    // Also a protocol part that could not be loaded: look again shortly, as when busy.
    log.error(`refresh protocol failed: ${(error as Error).name}`);
    outcome = { kind: 'busy', record: tab.key ? await tab.store!.get(tab.key) : undefined };
  } finally {
    tab.refreshingHere = false;
  }
  // The lock is released: now tell the other tabs and fire events.
  const why = outcomeNotice(outcome);
  if (tab.key && !outcome.told && why) {
    post(tab, { type: 'record-changed', key: tab.key, from: tab.tabId, why });
  }
  tab.adopt(outcome.record);
  if (outcome.kind === 'refreshed' || outcome.kind === 'failed') {
    const { record } = outcome;
    note(tab, {
      kind: 'refresh',
      outcome: outcome.kind === 'refreshed' ? 'ok' : 'failed',
      ...(outcome.kind === 'failed' ? { code: outcome.error.code } : {}),
      ...(record ? { generation: record.generation, user: record.userId } : {}),
    });
  }
  if (outcome.kind === 'busy') {
    tab.clock.clearTimeout(tab.timer);
    tab.timer = tab.clock.setTimeout(() => void tab.check('busy'), tab.timing.busyRecheckMs);
  }
}
