/**
 * What a page asks the refresh keeper (a service worker) to do, and what it answers. The keeper
 * runs the refresh protocol in a context that outlives the page, so a tab that reloads or closes
 * while its refresh is in flight cannot lose the rotated pair (the identity server has already
 * retired the old one: losing the answer would force a sign-in).
 *
 * The job carries the pair (in the record) from a page to its own origin's worker over a
 * MessagePort; nothing here is logged.
 */
import type { SessionRecord } from '../session/record.ts';
import type { RefreshOutcome, RefreshRequest } from '../session/refresh-outcome.ts';
import type { SessionTiming } from '../session/timing.ts';
import type { FinesseErrorCode } from '../kernel/errors.ts';
import type { RefreshRecipe } from '../session/token-source.ts';

export type { RefreshRecipe };

export interface KeeperJob {
  type: 'finesse-sso:refresh';
  /** The tab that asked (the heartbeat and the broadcast name it). */
  tabId: string;
  /** The BroadcastChannel the keeper tells the other tabs on after committing. */
  channel: string;
  ratio: number;
  /** How long a refresh token may live (Finesse does not say; see `refresh-lifetime`). */
  refreshLifetimeMs: number;
  timing: SessionTiming;
  recipe: RefreshRecipe;
  request: RefreshRequest;
}

/** The keeper took the job (sent at once, so a page never waits long on a dead keeper). */
export interface KeeperAck {
  type: 'ack';
}

/** The outcome as it crosses the port: a FinesseError travels as its code and message. */
export type KeeperReply =
  | { ok: true; outcome: Exclude<RefreshOutcome, { kind: 'failed' }> }
  | {
      ok: true;
      outcome: { kind: 'failed'; record: SessionRecord | undefined };
      error: { code: FinesseErrorCode; message: string };
    }
  | { ok: false; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Checks a job by shape before the keeper acts on it; anything else is ignored. */
export function isKeeperJob(value: unknown): value is KeeperJob {
  if (!isObject(value) || value.type !== 'finesse-sso:refresh') return false;
  const { tabId, channel, ratio, refreshLifetimeMs, timing, recipe, request } = value;
  return (
    typeof tabId === 'string' &&
    typeof channel === 'string' &&
    typeof ratio === 'number' &&
    ratio > 0 &&
    ratio < 1 &&
    typeof refreshLifetimeMs === 'number' &&
    refreshLifetimeMs > 0 &&
    isObject(timing) &&
    Object.values(timing).every((t) => typeof t === 'number' || Array.isArray(t)) &&
    isObject(recipe) &&
    recipe.kind === 'finesse' &&
    typeof recipe.origin === 'string' &&
    (recipe.method === 'post' || recipe.method === 'get') &&
    isObject(request) &&
    isObject(request.known) &&
    typeof request.known.key === 'string' &&
    typeof request.known.sessionId === 'string' &&
    typeof request.known.generation === 'number'
  );
}
