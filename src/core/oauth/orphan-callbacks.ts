import type { AuthorizationResult } from './authorization.ts';
import type { CallbackMessage } from './callback-protocol.ts';
import {
  ACK_TYPE,
  PENDING_CHANNEL,
  isCallbackMessage,
  isPendingNote,
  isStateChannelMessage,
  stateChannelName,
} from './callback-protocol.ts';
import { authorizationFailed, stateMismatch } from './oauth-errors.ts';
import { listenChecked } from '../kernel/checked-listener.ts';
import { PendingStore } from './pending-store.ts';
import type { ChannelLike, OAuthBrowserDeps } from './browser-deps.ts';
import { defaultChannel, pendingLockName } from './browser-deps.ts';

/** Options of {@link listenForOrphanCallbacks}. */
export interface OrphanListenerOptions extends OAuthBrowserDeps {
  /**
   * Whether this tab's provider can finish the sign-in these secrets belong to (the same
   * issuer and client). Entries it does not accept are left for another listener.
   */
  accept?: (secrets: Record<string, string>) => boolean;
  /** This window, whose popups may post to it after it reloaded. Default `window`. */
  self?: unknown;
}

/**
 * Picks up OAuth callbacks whose starting tab is gone: the opener reloaded (the popup's
 * `postMessage` then reaches the new page) or closed (the callback page also posts on the
 * state's BroadcastChannel, which this listener joins for every pending state in IndexedDB).
 * A callback is taken only when the starter's Web Lock is free, so a live starter always
 * finishes its own sign-in, and by claiming the state's entry, so exactly one tab finishes it.
 *
 * `onResult` gets a promise per picked-up callback: the result with the entry's secrets, or a
 * rejection with `authorization-failed` (`error=`) or `state-mismatch`. Returns the function
 * that stops listening.
 */
export function listenForOrphanCallbacks(
  options: OrphanListenerOptions,
  onResult: (result: Promise<AuthorizationResult>) => void,
): () => void {
  const clock = options.clock;
  const pending = options.pending ?? new PendingStore();
  const openChannel = options.channel ?? defaultChannel;
  const locks = options.locks ?? globalThis.navigator?.locks;
  const messages = options.messages ?? (typeof window === 'undefined' ? undefined : window);
  const origin = options.origin ?? location.origin;
  const self = options.self ?? (typeof window === 'undefined' ? undefined : window);
  const joined = new Map<string, ChannelLike>();
  let stopped = false;
  // Without Web Locks a live starter cannot be told from a dead one: leave every callback alone.
  if (!locks) return () => undefined;

  async function take(message: CallbackMessage, popup?: WindowProxy): Promise<void> {
    const { state } = message;
    const entry = await pending.peek(state, clock.now()).catch(() => undefined);
    if (stopped || !entry || (options.accept && !options.accept(entry.secrets))) return;
    await locks!.request(pendingLockName(state), { ifAvailable: true }, async (lock) => {
      if (!lock || stopped) return; // the starter is alive: it finishes its own sign-in
      const claimed = await pending.claim(state, clock.now()).catch(() => undefined);
      if (!claimed) return; // another tab was first
      joined.get(state)?.postMessage({ type: ACK_TYPE, state });
      try {
        popup?.close();
      } catch {
        // not ours to close after all; the callback page closes itself on the ack
      }
      const params = new URLSearchParams(message.params);
      if (params.get('state') !== state) return onResult(Promise.reject(stateMismatch()));
      if (params.has('error')) return onResult(Promise.reject(authorizationFailed(params)));
      onResult(Promise.resolve({ params, secrets: claimed.secrets }));
    });
  }

  function join(state: string): void {
    if (joined.has(state)) return;
    const channel = openChannel(stateChannelName(state));
    if (!channel) return;
    // Closed (with its listener) by scan() once the state is no longer pending.
    listenChecked(channel, {
      accept: isCallbackMessage,
      alsoValid: isStateChannelMessage,
      kind: 'oauth',
      onMessage: (data) => {
        if (data.state === state) void take(data);
      },
    });
    joined.set(state, channel);
  }

  async function scan(): Promise<void> {
    const states = await pending.states(clock.now()).catch(() => [] as string[]);
    if (stopped) return;
    for (const state of states) join(state);
    for (const [state, channel] of joined) {
      if (!states.includes(state)) {
        channel.close();
        joined.delete(state);
      }
    }
  }

  // A popup posting to its reloaded opener: same origin, and a window this window opened.
  const onMessage = (event: Event) => {
    const { origin: from, source, data } = event as MessageEvent;
    if (from !== origin || !isCallbackMessage(data) || !source) return;
    if (openedBy(source as WindowProxy, self)) void take(data, source as WindowProxy);
  };
  messages?.addEventListener('message', onMessage);

  const notes = openChannel(PENDING_CHANNEL);
  const stopNotes = notes
    ? listenChecked(notes, { accept: isPendingNote, kind: 'oauth', onMessage: () => void scan() })
    : undefined;
  void scan();

  return () => {
    stopped = true;
    messages?.removeEventListener('message', onMessage);
    stopNotes?.();
    notes?.close();
    for (const channel of joined.values()) channel.close();
    joined.clear();
  };
}

/** Whether `popup` is a window that `self` opened (reading `opener` of a severed window may throw). */
function openedBy(popup: WindowProxy, self: unknown): boolean {
  try {
    return popup.opener === self;
  } catch {
    return false;
  }
}
