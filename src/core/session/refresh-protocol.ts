import { FinesseError, TRANSPORT_CODES } from '../kernel/errors.ts';
import { withLock } from '../kernel/locks.ts';
import type { SessionRecord } from './record.ts';
import { dueAt, isLive, refreshTokenEnd, sameVersion, timesFor } from './record.ts';
import { refreshLockName } from '../kernel/tab-channel.ts';
import { backoffDelay, expiryMargin, stealFrom } from './timing.ts';
import type { TokenAnswer } from './types.ts';
import type { RefreshDeps, RefreshOutcome, RefreshRequest } from './refresh-outcome.ts';

const asFinesseError = (error: unknown) =>
  error instanceof FinesseError
    ? error
    : new FinesseError('network', 'The refresh failed unexpectedly.', { cause: error });

/**
 * Codes after which the request may have reached the server and rotated the pair there: the
 * answer was lost (reset, timeout), or a gateway in front of Finesse gave up waiting for it.
 */
const outcomeUnknown = (error: FinesseError) =>
  error.code === 'network' ||
  error.code === 'timeout' ||
  (error.code === 'server-error' && (error.details.status === 502 || error.details.status === 504));

/**
 * DESIGN.md "one pair, one refresher": take the lock named after the key, re-read the record
 * inside it, refresh only if it is still ours and still due, keep the lock until the answer,
 * commit with compare-and-set. Calls no user code and dispatches nothing: the caller
 * broadcasts and fires events after this resolves, when the lock is released.
 */
export async function refreshUnderLock(
  deps: RefreshDeps,
  request: RefreshRequest,
): Promise<RefreshOutcome> {
  const { store, clock, timing } = deps;
  const key = request.known.key;
  const lockName = refreshLockName(key);
  const { issuedAt, expiresAt } = request.known;
  const timeoutMs = Math.max(500, Math.min(timing.lockTimeoutMs, (expiresAt - clock.now()) / 4));
  const first = await withLock(deps.locks, lockName, { clock, timeoutMs }, () =>
    refreshInsideLock(deps, request),
  );
  if (first.acquired) return first.value;

  // The lock was not granted in time. A holder that stopped beating (a frozen or dead tab)
  // may be superseded once the pair nears expiry; a live one is simply refreshing for us.
  const current = await store.get(key);
  const now = clock.now();
  const stale = !current?.heartbeat || now - current.heartbeat.at > timing.staleHeartbeatMs;
  if (isLive(current) && stale && now >= stealFrom(issuedAt, expiresAt)) {
    const stolen = await withLock(deps.locks, lockName, { clock, timeoutMs, steal: true }, () =>
      refreshInsideLock(deps, request),
    );
    if (stolen.acquired) return stolen.value;
  }
  return { kind: 'busy', record: current };
}

async function refreshInsideLock(
  deps: RefreshDeps,
  request: RefreshRequest,
): Promise<RefreshOutcome> {
  const { store, clock, timing, tabId } = deps;
  const key = request.known.key;
  const record = await store.get(key);
  const now = clock.now();
  if (!isLive(record) || !sameVersion(record, request.known)) return { kind: 'adopted', record };
  if (record.needsSignIn) {
    const transportCause = TRANSPORT_CODES.has(record.needsSignIn.code);
    if (!(request.retryTransport && transportCause)) return { kind: 'adopted', record };
  } else if (request.rejectedToken !== undefined) {
    if (record.token !== request.rejectedToken) return { kind: 'adopted', record };
  } else if (now < dueAt(record)) {
    const sameFailure =
      !!record.failure && record.failure.attempts === request.known.failure?.attempts;
    if (!(request.retryNow && sameFailure)) return { kind: 'adopted', record };
  }

  if (!record.refreshToken || !deps.source.canRefresh) {
    const error = new FinesseError(
      'refresh-needs-interaction',
      'This sign-in cannot be renewed automatically.',
    );
    return fail(deps, record, error, false);
  }

  const marked = await store.compareAndSet(key, record, (r) => ({
    ...r,
    heartbeat: { tabId, at: clock.now() },
  }));
  if (!marked) return { kind: 'adopted', record: await store.get(key) };

  // Stamp the heartbeat while the request is out, so others can tell a slow refresher from
  // a frozen one.
  let beating = true;
  const beat = () => {
    if (!beating) return;
    void store
      // Only while our heartbeat is there: a late beat must not bring it back after fail().
      .compareAndSet(key, marked, (r) =>
        r.heartbeat?.tabId === tabId ? { ...r, heartbeat: { tabId, at: clock.now() } } : r,
      )
      .finally(() => {
        if (beating) timer = clock.setTimeout(beat, timing.heartbeatMs);
      });
  };
  let timer = clock.setTimeout(beat, timing.heartbeatMs);
  try {
    // A heartbeat left in the record is a refresher that vanished (frozen, closed, superseded)
    // with its request out: the server may have rotated the pair on its behalf.
    let lostBefore = (marked.failure?.outcomeUnknown ?? false) || !!record.heartbeat;
    let lastError: FinesseError | undefined;
    // Try once, and once more only if the first answer was lost in transit.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const answer = await sendOnce(deps, marked);
        return commit(deps, marked, answer);
      } catch (caught) {
        const error = asFinesseError(caught);
        if (error.code === 'refresh-rejected' && lostBefore) {
          const lost = new FinesseError(
            'rotation-lost',
            'A renewal was lost on the way back and the identity server has retired the pair.',
            { cause: error },
          );
          return fail(deps, marked, lost, true);
        }
        if (error.code === 'refresh-rejected' && marked.refreshTokenKept === 'untried') {
          const notReturned = new FinesseError(
            'refresh-token-not-returned',
            'The last renewal returned no new refresh token, and the identity server refused the previous one.',
            { cause: error, details: error.details },
          );
          return fail(deps, marked, notReturned, false);
        }
        lastError = error;
        if (!outcomeUnknown(error) || attempt === 1) break;
        lostBefore = true;
      }
    }
    return fail(deps, marked, lastError!, lostBefore);
  } finally {
    beating = false;
    clock.clearTimeout(timer);
  }
}

/** One request, aborted at the earlier of the request timeout and shortly before expiry. */
async function sendOnce(deps: RefreshDeps, record: SessionRecord): Promise<TokenAnswer> {
  const { clock, timing } = deps;
  const now = clock.now();
  const untilExpiry = record.expiresAt - expiryMargin(record.issuedAt, record.expiresAt) - now;
  // Past the last chance nothing is won by cutting the wait short: a slow Finesse gets its time.
  const waitMs =
    untilExpiry <= 0
      ? timing.requestTimeoutMs
      : Math.max(timing.minRequestTimeoutMs, Math.min(timing.requestTimeoutMs, untilExpiry));
  const controller = new AbortController();
  const timer = clock.setTimeout(() => controller.abort(), waitMs);
  try {
    return await deps.source.refresh(
      { token: record.token!, refreshToken: record.refreshToken!, username: record.userId },
      { signal: controller.signal },
    );
  } finally {
    clock.clearTimeout(timer);
  }
}

async function commit(
  deps: RefreshDeps,
  record: SessionRecord,
  answer: TokenAnswer,
): Promise<RefreshOutcome> {
  const { store, clock, tabId, ratio } = deps;
  const now = clock.now();
  const times = timesFor(answer, now, ratio);
  const written = await store.compareAndSet(record.key, record, (r) => {
    const { heartbeat: _h, failure: _f, needsSignIn: _n, refreshTokenKept: kept, ...rest } = r;
    return {
      ...rest,
      ...times,
      token: answer.token,
      // Rotation: a new refresh token replaces the old one; none: keep the old one and use it
      // next time (Cisco's published refresh example has no refresh_token).
      refreshToken: answer.refreshToken ?? r.refreshToken,
      ...(answer.refreshToken === undefined && {
        refreshTokenKept: kept ? ('reused' as const) : ('untried' as const),
      }),
      // A new refresh token lives the configured lifetime from now; a kept one keeps its end.
      refreshExpiresAt: answer.refreshToken
        ? now + deps.refreshLifetimeMs
        : refreshTokenEnd(r, deps.refreshLifetimeMs),
      generation: r.generation + 1,
      storedBy: tabId,
    };
  });
  // Lost the race (a sign-out, a new sign-in, or a stealer): the stored record wins.
  if (!written) return { kind: 'adopted', record: await store.get(record.key) };
  return { kind: 'refreshed', record: written };
}

async function fail(
  deps: RefreshDeps,
  record: SessionRecord,
  error: FinesseError,
  lost: boolean,
): Promise<RefreshOutcome> {
  const { store, clock, timing } = deps;
  const now = clock.now();
  const lastChance = record.expiresAt - expiryMargin(record.issuedAt, record.expiresAt);
  const written = await store.compareAndSet(record.key, record, (r) => {
    const { heartbeat: _h, failure: _f, needsSignIn: _n, ...rest } = r;
    if (!TRANSPORT_CODES.has(error.code)) {
      // Refused, or the server wants the agent (IdP page, redirect): ask the agent.
      return { ...rest, needsSignIn: { code: error.code, at: now } };
    }
    if (now >= refreshTokenEnd(r, deps.refreshLifetimeMs)) {
      // The refresh token is past its lifetime: no retry can bring the pair back.
      return { ...rest, needsSignIn: { code: 'refresh-needs-interaction', at: now } };
    }
    // Transport failures never force a sign-in: keep the pair and retry, through expiry of
    // the access token, for as long as the refresh token can be valid.
    const attempts = (r.failure?.attempts ?? 0) + 1;
    const random = (deps.random ?? Math.random)();
    const backoff = backoffDelay(timing, attempts, random);
    // Past expiry the agent cannot work: look again every few seconds instead of every 30,
    // also when this wait began shortly before expiry.
    const expiredWait = Math.round(timing.expiredRetryMs * (1 - timing.backoffJitter * random));
    const delay = Math.min(backoff, Math.max(0, r.expiresAt - now) + expiredWait);
    return {
      ...rest,
      failure: {
        code: error.code,
        attempts,
        at: now,
        // Before expiry, one try falls no later than the last chance.
        retryAt: now < lastChance ? Math.min(now + delay, lastChance) : now + delay,
        outcomeUnknown: lost || (r.failure?.outcomeUnknown ?? false),
      },
    };
  });
  return { kind: 'failed', record: written ?? (await store.get(record.key)), error };
}
