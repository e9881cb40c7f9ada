/**
 * The messages the tabs of one agent exchange about its notification connection (on the
 * BroadcastChannel named like the lock), their checker, and the lock and channel names.
 * Only agent data and statuses, never a token.
 */
import { isRecord, isShortString } from '../kernel/malformed.ts';
import type { NotificationProblem, NotificationStatus } from './types.ts';

/** What tabs tell each other about the agent's connection. Never a token. */
export type XmppTabMessage =
  | {
      type: 'xmpp-status';
      from: string;
      status: Exclude<NotificationStatus, 'stopped'>;
      /** The holder's known failure reason (mechanism names and a condition, never a token). */
      problem?: NotificationProblem;
    }
  | { type: 'xmpp-update'; from: string; node: string; xml: string }
  | { type: 'xmpp-hello'; from: string }
  | { type: 'xmpp-gone'; from: string };

const STATUSES = ['connecting', 'live', 'polling'];

/** Longest update accepted from another tab (a large Dialogs document is a few hundred kB). */
export const MAX_UPDATE_CHARS = 2_000_000;

/** A well-formed {@link XmppTabMessage}: known type, each field with its type and size. */
export function isXmppTabMessage(value: unknown): value is XmppTabMessage {
  if (!isRecord(value)) return false;
  const m = value;
  if (!isShortString(m.from)) return false;
  switch (m.type) {
    case 'xmpp-status':
      return STATUSES.includes(m.status as string) && isProblem(m.problem);
    case 'xmpp-update':
      return isShortString(m.node) && isShortString(m.xml, MAX_UPDATE_CHARS);
    case 'xmpp-hello':
    case 'xmpp-gone':
      return true;
  }
  return false;
}

const isStringList = (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Absent, or one of the NotificationProblem shapes. */
function isProblem(value: unknown): boolean {
  if (value === undefined) return true;
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  if (typeof p.mechanism !== 'string') return false;
  if (p.code === 'sasl-mechanism-unavailable') return isStringList(p.offered);
  return p.code === 'sasl-refused' && typeof p.condition === 'string';
}

export const xmppLockName = (agentKey: string) => `finesse-sso:xmpp:${agentKey}`;
export const xmppChannelName = xmppLockName;
