/**
 * This tab's side of the conversation with the agent's other tabs: the notices it posts on the
 * channel ("re-read the record", "a sign-in window is open here") and the ones it hears and acts
 * on, one at a time; and the page's lifecycle events, which make this tab look again. Notices
 * never carry a token: the shared record is the truth.
 */
import { watchLifecycle } from '../kernel/lifecycle.ts';
import { createLogger } from '../kernel/logger.ts';
import { listenChecked } from '../kernel/checked-listener.ts';
import type { TabMessage } from './tab-message.ts';
import { isTabMessageFor } from './tab-message.ts';
import { isLive } from './record.ts';
import type { TabSession } from './tab-session.ts';

const log = createLogger('session');

/** What posting a notice reads of the session. */
export type PostingTab = Pick<TabSession, 'store' | 'options'>;

/** What hearing the other tabs (and the page) reads and writes of the session. */
export type ListeningTab = PostingTab &
  Pick<
    TabSession,
    | 'clock'
    | 'timing'
    | 'tabId'
    | 'cleanups'
    | 'key'
    | 'record'
    | 'disposed'
    | 'signingInNow'
    | 'signingInElsewhere'
    | 'malformed'
    | 'messages'
    | 'update'
    | 'check'
    | 'resolveKey'
    | 'reload'
    | 'forget'
  >;

export function listen(tab: ListeningTab): void {
  const channel = tab.store?.kind === 'indexeddb' ? tab.options.channel : undefined;
  if (channel) {
    tab.cleanups.push(
      listenChecked(channel, {
        accept: (data): data is TabMessage =>
          isTabMessageFor(data, {
            cluster: tab.options.cluster,
            now: tab.clock.now(),
            signingInTtlMs: tab.timing.signingInTtlMs,
          }),
        kind: 'session',
        onMalformed: () => tab.malformed++,
        onMessage: (message) => void onTabMessage(tab, message),
      }),
    );
  }
  tab.cleanups.push(
    watchLifecycle(
      tab.options.lifecycle ?? {},
      (trigger) => void tab.check(trigger),
      () => {
        if (tab.signingInNow) {
          post(tab, { type: 'signing-in', from: tab.tabId, open: false, until: 0 });
        }
      },
    ),
  );
}

export function post(tab: PostingTab, message: TabMessage): void {
  if (tab.store?.kind !== 'indexeddb') return;
  try {
    tab.options.channel?.postMessage(message);
  } catch (error) {
    log.warn(`broadcast failed: ${(error as Error).name}`);
  }
}

/**
 * One notice at a time, in order: a sign-in elsewhere moves this tab to another key, and a
 * later notice (the previous user's sign-out, say) must be read against that key.
 */
function onTabMessage(tab: ListeningTab, message: TabMessage): Promise<void> {
  const next = tab.messages.then(() => handleTabMessage(tab, message));
  tab.messages = next.catch(() => undefined);
  return next;
}

async function handleTabMessage(tab: ListeningTab, message: TabMessage): Promise<void> {
  if (tab.disposed || message.from === tab.tabId) return;
  if (message.type === 'signing-in') {
    if (message.open) tab.signingInElsewhere.set(message.from, message.until);
    else tab.signingInElsewhere.delete(message.from);
    tab.update();
    return;
  }
  if (message.key !== tab.key) {
    // A sign-in elsewhere concerns us if we follow "the current user" or it is our user.
    if (message.why !== 'signed-in') return;
    await tab.resolveKey();
    if (message.key !== tab.key) {
      // Another user signed in in this browser. A tab bound to its user signs out of it.
      if (tab.options.username) await otherUserSignedIn(tab, message.key);
      return;
    }
  }
  await tab.reload();
}

/**
 * A tab bound to user A (`username`) saw user B's pair arrive: never a silent swap. It signs
 * A out (a tombstone, so every tab of A and every reload agrees; `signed-out` with reason
 * `user-changed`) and offers A's sign-in again.
 */
async function otherUserSignedIn(tab: ListeningTab, key: string): Promise<void> {
  const theirs = await tab.store!.get(key);
  if (!isLive(theirs)) return;
  await tab.reload();
  const ours = tab.record;
  if (isLive(ours) && ours.userId !== theirs.userId) await tab.forget(ours, 'user-changed');
}
