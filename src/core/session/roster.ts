import type { Clock } from '../kernel/clock.ts';
import { listenChecked } from '../kernel/checked-listener.ts';
import { isFiniteNumber, isRecord, isShortString } from '../kernel/malformed.ts';
import type { ChannelLike } from '../kernel/tab-channel.ts';
import type { DeploymentMode, SessionState } from './types.ts';

/**
 * The tab roster: the doctor asks every tab of a cluster who it is, over a channel of its own
 * (`finesse-sso-roster:<cluster>`), and each session answers with its id, state and roles.
 * Messages are shape-checked like the session's; an answer never carries a token.
 */
export interface RosterTab {
  /** The session's opaque tab id. */
  tab: string;
  state: SessionState;
  mode: DeploymentMode;
  /** The agent this tab shows (normalised user id), when signed in. */
  user?: string;
  /** This tab is refreshing now: it holds (or is queueing for) the refresh lock. */
  refreshing: boolean;
  /** This page holds the notification connection (the XMPP lock) of an agent. */
  notifications: boolean;
  /** `document.visibilityState` of the tab. */
  visibility?: 'visible' | 'hidden';
  /** When the pair this tab sees runs out (epoch ms). */
  expiresAt?: number;
}

export type RosterMessage =
  { type: 'roster-query'; id: string } | { type: 'roster-answer'; id: string; tab: RosterTab };

export const rosterChannelName = (cluster: string) => `finesse-sso-roster:${cluster}`;

const STATES: ReadonlySet<unknown> = new Set([
  'signed-out',
  'signing-in',
  'active',
  'refreshing',
  'offline',
  'needs-sign-in',
]);
const MODES: ReadonlySet<unknown> = new Set(['popup', 'relay', 'gadget']);

function isRosterTab(value: unknown): value is RosterTab {
  return (
    isRecord(value) &&
    isShortString(value.tab, 64) &&
    STATES.has(value.state) &&
    MODES.has(value.mode) &&
    typeof value.refreshing === 'boolean' &&
    typeof value.notifications === 'boolean' &&
    (value.user === undefined || isShortString(value.user, 256)) &&
    (value.visibility === undefined ||
      value.visibility === 'visible' ||
      value.visibility === 'hidden') &&
    (value.expiresAt === undefined || isFiniteNumber(value.expiresAt))
  );
}

/** A well-formed roster message: every field present with its type and known values. */
export function isRosterMessage(value: unknown): value is RosterMessage {
  if (!isRecord(value) || !isShortString(value.id, 64)) return false;
  if (value.type === 'roster-query') return true;
  return value.type === 'roster-answer' && isRosterTab(value.tab);
}

/** Copies the known fields only, so nothing else rides along in an answer or a bundle. */
function cleanTab(tab: RosterTab): RosterTab {
  const out: RosterTab = {
    tab: tab.tab,
    state: tab.state,
    mode: tab.mode,
    refreshing: tab.refreshing,
    notifications: tab.notifications,
  };
  if (tab.user !== undefined) out.user = tab.user;
  if (tab.visibility !== undefined) out.visibility = tab.visibility;
  if (tab.expiresAt !== undefined) out.expiresAt = tab.expiresAt;
  return out;
}

/**
 * Answers the doctor's roster queries on `channel` with `describe()`; returns the cleanup.
 * Malformed messages are ignored and counted (`roster` kind), never logged.
 */
export function answerRoster(channel: ChannelLike, describe: () => RosterTab): () => void {
  return listenChecked(channel, {
    accept: isRosterMessage,
    kind: 'roster',
    onMessage: (data) => {
      if (data.type !== 'roster-query') return;
      try {
        channel.postMessage({ type: 'roster-answer', id: data.id, tab: cleanTab(describe()) });
      } catch {
        // A closed channel: the tab is going away.
      }
    },
  });
}

/**
 * Asks every tab on `channel` and collects the answers that arrive within `waitMs` (tabs
 * answer at once; a frozen tab does not answer, and is then not listed). One entry per tab id.
 */
export function queryRoster(
  channel: ChannelLike,
  options: { clock: Clock; waitMs: number; id: string },
): Promise<RosterTab[]> {
  const tabs = new Map<string, RosterTab>();
  return new Promise((resolve) => {
    const stop = listenChecked(channel, {
      accept: isRosterMessage,
      kind: 'roster',
      onMessage: (data) => {
        if (data.type === 'roster-answer' && data.id === options.id) {
          tabs.set(data.tab.tab, cleanTab(data.tab));
        }
      },
    });
    channel.postMessage({ type: 'roster-query', id: options.id });
    options.clock.setTimeout(() => {
      stop();
      resolve([...tabs.values()].sort((a, b) => a.tab.localeCompare(b.tab)));
    }, options.waitMs);
  });
}

/** The agents whose notification connection this page holds (xmpp-notifications notes it). */
const heldNotifications = new Set<string>();

/** Called by the notification manager when it takes (true) or gives up (false) the XMPP lock. */
export function noteNotificationHolder(agentKey: string, holding: boolean): void {
  if (holding) heldNotifications.add(agentKey);
  else heldNotifications.delete(agentKey);
}

/** Whether this page holds the notification connection of `agentKey` (of any agent when omitted). */
export function holdsNotifications(agentKey?: string): boolean {
  return agentKey === undefined ? heldNotifications.size > 0 : heldNotifications.has(agentKey);
}
