// @ts-check
/**
 * The token registry: every pair ever issued, with Cisco IdS's rules. Access tokens carry
 * `rt`, the id of the refresh token they were issued with; a refresh token is single-use
 * (rotation), and a refresh whose access token's `rt` does not match is refused, exactly the
 * "refresh token id mismatch" of FINESSE.md §1.
 *
 * `refresh` is the IdS side of a refresh: Finesse calls IdS at `/ids/v1/oauth/access_token`
 * with `grant_type=refresh_token&access_token=…&refresh_token=…` (both tokens; seeds/002's
 * server log). IdS refuses a refresh token that does not belong with the access token
 * ("refresh token id mismatch.. refresh token id in refresh token is B; in access token is A"
 * in the IdS log, `401 {"error":"Invalid Token","error_description":"Invalid Token"}` on the
 * wire). Which check IdS makes first when several fail (e.g. a retired refresh token that is
 * also a mismatch) is not published; this registry checks unknown, retired, expired, then the
 * pair, so only a live refresh token sent with another pair's access token counts as a
 * mismatch.
 */
import { randomBytes } from 'node:crypto';

/**
 * @typedef {{ expiresIn: number, refreshExpiresIn: number }} Lifetimes
 * @typedef {{ pairId: string, user: string, rt: string | null, expiresAt: number }} AccessRecord
 * @typedef {{ id: string, pairId: string, user: string, expiresAt: number, retired: boolean }} RefreshRecord
 * @typedef {{
 *   id: string, user: string, name: string, via: 'sign-in' | 'refresh', parent: string | null,
 *   issuedAt: number, expiresIn: number, expiresAt: number, refreshExpiresAt: number | null,
 *   refreshedTimes: number, retired: boolean, access: string, refresh: string | null,
 * }} Pair
 * @typedef {{ ok: true, pair: Pair } | { ok: false, reason: string, mismatch?: boolean }} RefreshOutcome
 */

export const REALM = 'lab.example.com';

/** @param {'at' | 'rt'} prefix */
function newToken(prefix) {
  return `${prefix}-${randomBytes(32).toString('base64url')}`;
}

/**
 * @param {() => Lifetimes} lifetimes read at mint time, so config changes apply to new pairs
 * @param {() => number} [now]
 */
export function createTokenRegistry(lifetimes, now = Date.now) {
  /** @type {Map<string, AccessRecord>} */
  const access = new Map();
  /** @type {Map<string, RefreshRecord>} */
  const refresh = new Map();
  /** @type {Pair[]} */
  const pairs = [];
  let seq = 0;

  /**
   * Mints a new pair.
   * @param {string} name the username as the agent typed it; the pair's user id is its lower case
   * @param {'sign-in' | 'refresh'} via
   * @param {{ withRefresh?: boolean, parent?: string | null, keep?: string }} [options]
   *   `keep`: a refresh token to issue the new access token with, instead of minting a new
   *   one (IdS without rotation; the refresh token keeps its id and expiry)
   */
  function mint(name, via, { withRefresh = true, parent = null, keep } = {}) {
    const user = name.toLowerCase();
    const { expiresIn, refreshExpiresIn } = lifetimes();
    const t = now();
    const id = `p${++seq}`;
    const token = newToken('at');
    const kept = keep === undefined ? undefined : refresh.get(keep);
    if (kept) {
      access.set(token, { pairId: id, user, rt: kept.id, expiresAt: t + expiresIn * 1000 });
      kept.pairId = id;
      /** @type {Pair} */
      const pair = {
        id,
        user,
        name,
        via,
        parent,
        issuedAt: t,
        expiresIn,
        expiresAt: t + expiresIn * 1000,
        refreshExpiresAt: kept.expiresAt,
        refreshedTimes: 0,
        retired: false,
        access: token,
        refresh: /** @type {string} */ (keep),
      };
      pairs.push(pair);
      return pair;
    }
    const refreshToken = withRefresh ? newToken('rt') : null;
    const refreshExpiresAt = withRefresh ? t + refreshExpiresIn * 1000 : null;
    if (refreshToken && refreshExpiresAt !== null) {
      refresh.set(refreshToken, {
        id: `r${seq}`,
        pairId: id,
        user,
        expiresAt: refreshExpiresAt,
        retired: false,
      });
    }
    access.set(token, {
      pairId: id,
      user,
      rt: refreshToken ? `r${seq}` : null,
      expiresAt: t + expiresIn * 1000,
    });
    /** @type {Pair} */
    const pair = {
      id,
      user,
      name,
      via,
      parent,
      issuedAt: t,
      expiresIn,
      expiresAt: t + expiresIn * 1000,
      refreshExpiresAt,
      refreshedTimes: 0,
      retired: false,
      access: token,
      refresh: refreshToken,
    };
    pairs.push(pair);
    return pair;
  }

  /** @param {string} id */
  const pairById = (id) => pairs.find((p) => p.id === id);

  /**
   * Checks a refresh request without changing anything.
   * @param {{ refreshToken: string, token?: string, user?: string }} input
   *   `token` for the POST form (its `rt` must match), `user` (cc_username) for the GET form.
   * @returns {{ ok: true, record: RefreshRecord } | { ok: false, reason: string, mismatch?: boolean }}
   */
  function check({ refreshToken, token, user }) {
    const record = refresh.get(refreshToken);
    if (!record) return { ok: false, reason: 'unknown refresh token' };
    if (record.retired) return { ok: false, reason: 'refresh token already used' };
    if (record.expiresAt <= now()) return { ok: false, reason: 'refresh token expired' };
    if (token !== undefined) {
      const at = access.get(token);
      if (!at) return { ok: false, reason: 'unknown access token' };
      if (at.rt !== record.id) {
        // IdS's own log line (ids are r<n>, never token text).
        const reason = `refresh token id mismatch.. refresh token id in refresh token is ${record.id}; in access token is ${at.rt}`;
        return { ok: false, reason, mismatch: true };
      }
    }
    if (user !== undefined && user.toLowerCase() !== record.user) {
      return { ok: false, reason: 'user mismatch' };
    }
    return { ok: true, record };
  }

  /**
   * IdS's refresh (`grant_type=refresh_token` with both tokens). With `rotate` (the default,
   * what Cisco's example tokens show) it retires the refresh token and mints a whole new pair;
   * without, it mints a new access token for the same refresh token, which stays valid.
   * @param {{ refreshToken: string, token?: string, user?: string }} input
   * @param {{ rotate?: boolean }} [options]
   * @returns {RefreshOutcome}
   */
  function refreshPair(input, { rotate = true } = {}) {
    const result = check(input);
    if (!result.ok) return result;
    const { record } = result;
    const old = pairById(record.pairId);
    if (old) {
      old.refreshedTimes += 1;
      old.retired = true;
    }
    const name = old?.name ?? record.user;
    if (!rotate) {
      const pair = mint(name, 'refresh', { parent: record.pairId, keep: input.refreshToken });
      return { ok: true, pair };
    }
    record.retired = true;
    return { ok: true, pair: mint(name, 'refresh', { parent: record.pairId }) };
  }

  /**
   * The newest access token issued with this refresh token (undefined when unknown). Finesse's
   * GET refresh carries no access token; the simulator's Finesse sends IdS this one.
   * @param {string} refreshToken
   */
  function accessFor(refreshToken) {
    const record = refresh.get(refreshToken);
    const pair = record && pairById(record.pairId);
    return pair?.access;
  }

  /**
   * Bearer check for the REST API.
   * @param {string | undefined} token
   * @returns {{ status: 'ok', user: string } | { status: 'unknown' } | { status: 'expired', lateMs: number }}
   */
  function bearer(token) {
    const record = token ? access.get(token) : undefined;
    if (!record) return { status: 'unknown' };
    const lateMs = now() - record.expiresAt;
    if (lateMs >= 0) return { status: 'expired', lateMs, expiresAt: record.expiresAt };
    return { status: 'ok', user: record.user };
  }

  /**
   * The username (as typed) a token belongs to, whatever its state; '' when unknown.
   * @param {string | undefined} token an access or refresh token
   */
  function nameOf(token) {
    if (!token) return '';
    const pairId = access.get(token)?.pairId ?? refresh.get(token)?.pairId;
    return (pairId && pairById(pairId)?.name) || '';
  }

  /** Marks every access token expired now; returns how many were still valid. */
  function expireAll() {
    const t = now();
    let n = 0;
    for (const record of access.values()) {
      if (record.expiresAt > t) {
        record.expiresAt = t;
        n += 1;
      }
    }
    for (const pair of pairs) pair.expiresAt = Math.min(pair.expiresAt, t);
    return n;
  }

  /** Pairs as the control surface shows them: never a token. */
  function list() {
    return pairs.map(({ access: _a, refresh: _r, ...rest }) => ({
      ...rest,
      hasRefreshToken: _r !== null,
      // The id (`r<n>`, not the token) of the refresh token this pair's access token carries.
      refreshId: access.get(_a)?.rt ?? null,
    }));
  }

  /** Every token ever issued (tests scan pages and logs for them). */
  function allTokens() {
    return [...access.keys(), ...refresh.keys()];
  }

  function clear() {
    access.clear();
    refresh.clear();
    pairs.length = 0;
    seq = 0;
  }

  return {
    mint,
    check,
    refresh: refreshPair,
    accessFor,
    bearer,
    nameOf,
    expireAll,
    list,
    allTokens,
    clear,
  };
}

/** @typedef {ReturnType<typeof createTokenRegistry>} TokenRegistry */
