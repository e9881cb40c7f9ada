/**
 * The keeper's work, apart from the service-worker glue so it can be tested in a page: run the
 * shared refresh protocol against the shared store, then tell every tab to re-read the record.
 */
import type { Clock } from '../kernel/clock.ts';
import { FinessePopupSource } from '../ids/finesse-token-source.ts';
import { readRefreshResponse, transportError } from '../ids/refresh-response.ts';
import type { LockManagerLike } from '../kernel/locks.ts';
import { outcomeNotice } from '../session/refresh-outcome.ts';
import { refreshUnderLock } from '../session/refresh-protocol.ts';
import type { SessionStore } from '../session/store.ts';
import type { ChannelLike } from '../kernel/tab-channel.ts';
import type { TabMessage } from '../session/tab-message.ts';
import type { KeeperJob, KeeperReply } from './keeper-protocol.ts';

export interface KeeperEnv {
  store: SessionStore;
  locks: LockManagerLike;
  clock: Clock;
  fetch?: typeof fetch;
  openChannel(name: string): ChannelLike | undefined;
}

export async function runKeeperJob(job: KeeperJob, env: KeeperEnv): Promise<KeeperReply> {
  const source = new FinessePopupSource({
    finesseUrl: job.recipe.origin,
    refreshMethod: job.recipe.method,
    clock: env.clock,
    fetch: env.fetch,
    refreshAnswers: { readRefreshResponse, transportError },
  });
  const outcome = await refreshUnderLock(
    {
      store: env.store,
      locks: env.locks,
      clock: env.clock,
      source,
      tabId: job.tabId,
      ratio: job.ratio,
      refreshLifetimeMs: job.refreshLifetimeMs,
      timing: job.timing,
    },
    job.request,
  );
  // The lock is released. The asking tab may be gone (that is why we exist): tell the others.
  const why = outcomeNotice(outcome);
  if (why) {
    const channel = env.openChannel(job.channel);
    const message: TabMessage = {
      type: 'record-changed',
      key: job.request.known.key,
      from: job.tabId,
      why,
    };
    try {
      channel?.postMessage(message);
    } finally {
      channel?.close();
    }
  }
  if (outcome.kind === 'failed') {
    const { error, ...rest } = outcome;
    return { ok: true, outcome: rest, error: { code: error.code, message: error.message } };
  }
  return { ok: true, outcome };
}
