/**
 * Cross-tab and Worker messages are checked by shape (each field's type and range) before
 * anything acts on them. One that fails is ignored and counted here, per channel, for
 * diagnostics; its content is never logged (it could be anything, a token included).
 */
export type MessageChannelKind =
  /** The session's channel (`finesse-sso:<cluster>`): record changes, sign-in windows. */
  | 'session'
  /** The notification fan-out channel (`finesse-sso:xmpp:<agent>`). */
  | 'notifications'
  /** The notification Worker's messages (in the page; the Worker counts in its own scope). */
  | 'notifications-worker'
  /** The idle watch's channel (`finesse-sso-idle:<cluster>`). */
  | 'idle'
  /** The OAuth callback channels (`finesse-sso-oauth`, `finesse-sso-oauth:<state>`). */
  | 'oauth'
  /** The doctor's tab roster channel (`finesse-sso-roster:<cluster>`). */
  | 'roster';

const counts: Record<MessageChannelKind, number> = {
  session: 0,
  notifications: 0,
  'notifications-worker': 0,
  idle: 0,
  oauth: 0,
  roster: 0,
};

/** Counts one ignored message. Never pass or log the message itself. */
export function countMalformed(kind: MessageChannelKind): void {
  counts[kind] += 1;
}

/** How many malformed messages each channel ignored in this tab (a copy, for diagnostics). */
export function malformedMessageCounts(): Readonly<Record<MessageChannelKind, number>> {
  return { ...counts };
}

/** Longest id-like string accepted in a message (tab ids, keys, states, node paths). */
export const MAX_ID_LENGTH = 1024;

/** A string of 1 to `max` characters. */
export const isShortString = (value: unknown, max = MAX_ID_LENGTH): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** A number that is neither NaN nor ±Infinity. */
export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** A plain object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
