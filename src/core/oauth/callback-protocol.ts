/**
 * What the callback page (`dist/oauth/callback.html`) and the tab that waits for it say to
 * each other. Pure data and checks, shared by both sides.
 *
 * The callback posts {@link CallbackMessage} to `window.opener` (target origin: its own
 * origin) and on the BroadcastChannel named by the state; it repeats it until a receiver
 * answers {@link CallbackAck} on that channel, then closes itself. Receivers deduplicate by
 * claiming the state's entry in IndexedDB, which only one of them can do.
 */

/** `type` of the callback's message. */
export const CALLBACK_TYPE = 'finesse-sso-oauth-callback';
/** `type` of a receiver's acknowledgement. */
export const ACK_TYPE = 'finesse-sso-oauth-ack';
/** `type` of the note a tab posts when it starts a sign-in, so listening tabs re-read the pending list. */
export const PENDING_TYPE = 'finesse-sso-oauth-pending';

const CHANNEL_PREFIX = 'finesse-sso-oauth';

/** Callback page → the tab that waits. `params` is the query or fragment, URL-encoded. */
export interface CallbackMessage {
  type: typeof CALLBACK_TYPE;
  state: string;
  params: string;
}

/** Receiver → callback page, on the state's channel: "got it, close". */
export interface CallbackAck {
  type: typeof ACK_TYPE;
  state: string;
}

/**
 * The BroadcastChannel of one sign-in: `finesse-sso-oauth:<state>`. BroadcastChannel reaches
 * same-origin documents of the same storage partition only, which within one browser profile
 * also means the same top-level site: a desktop embedded in another site's page cannot be
 * reached this way (the `postMessage` to the opener still works there).
 */
export const stateChannelName = (state: string) => `${CHANNEL_PREFIX}:${state}`;

/** The channel on which a tab announces that a new sign-in is pending (no state in it). */
export const PENDING_CHANNEL = CHANNEL_PREFIX;

/** A state is what we generate: 43 base64url characters (32 random bytes); accept 16 to 128. */
export const isState = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value);

/** Longest redirect parameters accepted (a code, or an implicit fragment with its tokens). */
export const MAX_PARAMS_CHARS = 64_000;

/** A well-formed {@link CallbackMessage} (the sender is checked by the receiver). */
export function isCallbackMessage(data: unknown): data is CallbackMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<CallbackMessage>;
  return (
    message.type === CALLBACK_TYPE &&
    isState(message.state) &&
    typeof message.params === 'string' &&
    message.params.length <= MAX_PARAMS_CHARS
  );
}

/** An acknowledgement for `state`. */
export function isAck(data: unknown, state: string): data is CallbackAck {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<CallbackAck>;
  return message.type === ACK_TYPE && message.state === state;
}

/** A well-formed acknowledgement, for any state. */
export function isAnyAck(data: unknown): data is CallbackAck {
  return (
    isAck(data, (data as Partial<CallbackAck> | null)?.state as string) &&
    isState((data as CallbackAck).state)
  );
}

/** The note on {@link PENDING_CHANNEL} that a sign-in started (it carries nothing else). */
export function isPendingNote(data: unknown): data is { type: typeof PENDING_TYPE } {
  return (
    typeof data === 'object' && data !== null && (data as { type?: unknown }).type === PENDING_TYPE
  );
}

/**
 * Whether a message on a state's channel has one of the shapes that belong there (a callback
 * or an acknowledgement, whoever it is for). Anything else is malformed: ignored and counted.
 */
export const isStateChannelMessage = (data: unknown): boolean =>
  isCallbackMessage(data) || isAnyAck(data);

/**
 * The parameters of a redirect: the fragment when it carries an OAuth answer (implicit flow,
 * or `response_mode=fragment`), otherwise the query (code flow).
 */
export function readRedirectParams(location: { search: string; hash: string }): URLSearchParams {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (['state', 'access_token', 'code', 'error'].some((key) => fragment.has(key))) return fragment;
  return new URLSearchParams(location.search);
}
