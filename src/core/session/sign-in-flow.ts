/**
 * An interactive sign-in from this tab: the other tabs hear that a sign-in window is open here,
 * the source's answer is checked against the requested user and stored as a new session for
 * every tab, and a failure is shown, emitted and noted for the doctor.
 */
import { FinesseError } from '../kernel/errors.ts';
import { note } from './doctor-feed.ts';
import { adopt, usernameOf } from './followed-record.ts';
import type { FollowingTab } from './followed-record.ts';
import { post } from './other-tabs.ts';
import { newSessionRecord, normaliseUserId } from './record.ts';
import { update } from './scheduler.ts';
import { setError } from './session-notices.ts';
import { defaultRandomId } from './session-options.ts';
import { sameUser } from './session-state.ts';
import type { TokenAnswer } from './types.ts';

/** The session's `signIn()`: opens the source's window synchronously, then `signInFrom`. */
export function signIn(tab: FollowingTab, options: { username?: string }): Promise<void> {
  if (tab.options.fatal) return Promise.reject(tab.options.fatal);
  const username = options.username?.trim() || usernameOf(tab) || undefined;
  let pending: Promise<TokenAnswer>;
  try {
    pending = tab.options.source.signIn({ username }); // opens the popup, synchronously
  } catch (error) {
    pending = Promise.reject(error);
  }
  return signInFrom(tab, pending, username);
}

/** The session's `signInFrom()`: commits the answer to a sign-in, or shows its failure. */
export function signInFrom(
  tab: FollowingTab,
  pending: Promise<TokenAnswer>,
  requested?: string,
): Promise<void> {
  if (tab.options.fatal) return Promise.reject(tab.options.fatal);
  const username = requested?.trim() || usernameOf(tab) || undefined;
  tab.signingInNow = true;
  const until = tab.clock.now() + tab.timing.signingInTtlMs;
  post(tab, { type: 'signing-in', from: tab.tabId, open: true, until });
  update(tab);
  return pending
    .then((answer) => commitSignIn(tab, answer, username))
    .catch((error: unknown) => {
      const failure =
        error instanceof FinesseError
          ? error
          : new FinesseError('token-page-unreadable', 'The sign-in failed.', { cause: error });
      note(tab, { kind: 'sign-in', outcome: 'failed', code: failure.code });
      setError(tab, failure);
      throw failure;
    })
    .finally(() => {
      tab.signingInNow = false;
      post(tab, { type: 'signing-in', from: tab.tabId, open: false, until: 0 });
      update(tab);
    });
}

async function commitSignIn(
  tab: FollowingTab,
  answer: TokenAnswer,
  requested: string | undefined,
): Promise<void> {
  await tab.ready;
  const store = tab.store!;
  const { cluster } = tab.options;
  const bound = tab.options.username;
  if ((requested && !sameUser(requested, answer)) || (bound && !sameUser(bound, answer))) {
    throw new FinesseError(
      'user-mismatch',
      'The identity provider signed in a different user than the one requested.',
    );
  }
  const record = newSessionRecord(answer, {
    cluster,
    sessionId: (tab.options.randomId ?? defaultRandomId)(),
    now: tab.clock.now(),
    ratio: tab.ratio,
    tabId: tab.tabId,
    canRefresh: tab.options.source.canRefresh,
    refreshLifetimeMs: tab.refreshLifetimeMs,
  });
  const key = record.key;
  try {
    await store.put(record);
    await store.setPointer(`current:${cluster}`, key);
    if (requested && normaliseUserId(requested) !== record.userId) {
      await store.setPointer(`alias:${cluster}|${normaliseUserId(requested)}`, key);
    }
  } catch (cause) {
    throw new FinesseError(
      'storage-unavailable',
      'The browser refused to store the sign-in (storage full or blocked).',
      { cause },
    );
  }
  tab.key = key;
  tab.error = null;
  post(tab, { type: 'record-changed', key, from: tab.tabId, why: 'signed-in' });
  adopt(tab, record);
  note(tab, { kind: 'sign-in', outcome: 'ok', generation: 0, user: record.userId });
}
