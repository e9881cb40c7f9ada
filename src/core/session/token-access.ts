/**
 * How the session hands out its access token and sends authorised requests: the token only for
 * the user this tab showed when the call started, never past its expiry margin, and a 401
 * answered with at most one refresh per pair (see `unauthorized.ts`).
 */
import { FinesseError } from '../kernel/errors.ts';
import { createLogger } from '../kernel/logger.ts';
import { authorizedFetch } from './authorized-fetch.ts';
import { repairClock, sampleClock } from './clock-jump-watch.ts';
import { reload } from './followed-record.ts';
import type { FollowingTab } from './followed-record.ts';
import { dueAt, isLive } from './record.ts';
import { refresh } from './refresher.ts';
import { check } from './scheduler.ts';
import { idleTimeoutError } from './session-notices.ts';
import { endForIdle } from './sign-out.ts';
import { expiryMargin } from './timing.ts';
import { answerUnauthorized as whatA401Means } from './unauthorized.ts';

const log = createLogger('session');

/** The token for the user this tab showed when the call started (`shown`: its record key). */
export async function tokenShownAs(tab: FollowingTab, shown: string | null): Promise<string> {
  const token = await currentToken(tab);
  const key = tab.record?.key ?? null;
  // Bound to a user (`username`): only that user's record, ever. Else: the user shown at the start.
  const bound = tab.options.username ? tab.key : null;
  if ((shown !== null && key !== shown) || (bound !== null && key !== bound)) {
    throw new FinesseError(
      'user-mismatch',
      'Another user signed in in this browser; this tab does not hand out their sign-in.',
    );
  }
  return token;
}

/** The current access token, refreshed first when due. Rejects when there is none. */
async function currentToken(tab: FollowingTab): Promise<string> {
  if (tab.options.fatal) throw tab.options.fatal;
  // A wall clock set back would make a dead token look fresh: re-plan first.
  sampleClock(tab);
  await repairClock(tab);
  // Before handing out a token, trust the clock over timers that may have slept.
  if (!isLive(tab.record) || tab.clock.now() >= dueAt(tab.record)) await reload(tab);
  let record = tab.record;
  if (isLive(record) && !record.needsSignIn && tab.clock.now() >= dueAt(record)) {
    await refresh(tab, { known: record });
    record = tab.record;
  }
  if (!isLive(record)) throw new FinesseError('signed-out', 'The agent is not signed in.');
  // A token handed out this close to its end may reach Finesse after it (the server started
  // its lifetime before we stored it): stop handing it out a margin early.
  if (tab.clock.now() >= record.expiresAt - expiryMargin(record.issuedAt, record.expiresAt)) {
    if (record.failure && !record.needsSignIn) {
      throw new FinesseError(
        record.failure.code,
        'The access token has expired and Finesse is not answering; the session keeps renewing it.',
      );
    }
    const code = record.needsSignIn?.code ?? tab.error?.code ?? 'refresh-rejected';
    throw new FinesseError(code, 'The sign-in has expired. Sign in again.');
  }
  return record.token;
}

/**
 * The session's `fetch`: the bearer for Finesse origins only, at most one refresh on a 401.
 * `shown`: the record key of the user this tab showed when the call was made.
 */
export function fetchWithToken(
  tab: FollowingTab,
  shown: string | null,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const idleExpiry = tab.options.unauthorized === 'idle-expiry';
  const answered = (response: Response) => {
    // Finesse answers again: a refresh waiting out its backoff is worth trying now.
    if (isLive(tab.record) && tab.record.failure) void check(tab, 'finesse-answer');
    return response;
  };
  // The first send and the retry both carry the token of the user shown then, or none.
  return authorizedFetch(
    {
      baseUrl: tab.options.finesseUrl,
      origins: tab.options.finesseOrigins,
      fetch: tab.options.fetch ?? globalThis.fetch.bind(globalThis),
      getToken: () => tokenShownAs(tab, shown),
      onRejected: async (token) => {
        if (idleExpiry) {
          await endForIdle(tab);
          throw idleTimeoutError();
        }
        await answerUnauthorized(tab, token);
      },
      onRetryRejected: (token) => markUnauthorized(tab, token),
    },
    input,
    init,
  ).then(answered);
}

/** A 401 came back for `token`: refresh, retry with a newer pair, or let the caller see it. */
async function answerUnauthorized(tab: FollowingTab, token: string): Promise<void> {
  // The shared record, not this tab's copy: another tab may have refreshed or marked it.
  const current = tab.key ? await tab.store!.get(tab.key) : undefined;
  const answer = whatA401Means(current, token, tab.clock.now());
  if (answer === 'refresh') await refresh(tab, { known: current!, rejectedToken: token });
  else if (answer === 'retry') await reload(tab);
  else log.debug('a 401 on a pair that is not expired goes back to the caller');
}

/** The retry's new token was refused too: its pair's 401s are not about expiry (every tab). */
async function markUnauthorized(tab: FollowingTab, token: string): Promise<void> {
  const key = tab.key;
  if (!key) return;
  try {
    const record = await tab.store!.get(key);
    if (!isLive(record) || record.token !== token) return;
    if (record.unauthorizedProof === record.generation) return;
    await tab.store!.compareAndSet(key, record, (r) => ({
      ...r,
      unauthorizedProof: r.generation,
    }));
  } catch (error) {
    log.warn(`could not note the refused retry: ${(error as Error).name}`);
  }
}
