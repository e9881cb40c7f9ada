// @ts-check
/**
 * The token registry: every pair ever issued, with Cisco IdS's rules. Access tokens carry
 * `rt`, the id of the refresh token they were issued with; a refresh token is single-use
 * (rotation), and a refresh whose access token's `rt` does not match is refused, exactly the
 * "refresh token id mismatch" of FINESSE.md §1.
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
 * @typedef {{ ok: true, pair: Pair } | { ok: false, reason: string }} RefreshOutcome
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
   * @param {{ withRefresh?: boolean, parent?: string | null }} [options]
   */
  function mint(name, via, { withRefresh = true, parent = null } = {}) {
    const user = name.toLowerCase();
    const { expiresIn, refreshExpiresIn } = lifetimes();
    const t = now();
    const id = `p${++seq}`;
    const token = newToken('at');
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
   * @returns {{ ok: true, record: RefreshRecord } | { ok: false, reason: string }}
   */
  function check({ refreshToken, token, user }) {
    const record = refresh.get(refreshToken);
    if (!record) return { ok: false, reason: 'unknown refresh token' };
    if (record.retired) return { ok: false, reason: 'refresh token already used' };
    if (record.expiresAt <= now()) return { ok: false, reason: 'refresh token expired' };
    if (token !== undefined) {
      const at = access.get(token);
      if (!at) return { ok: false, reason: 'unknown access token' };
      if (at.rt !== record.id) return { ok: false, reason: 'refresh token id mismatch' };
    }
    if (user !== undefined && user.toLowerCase() !== record.user) {
      return { ok: false, reason: 'user mismatch' };
    }
    return { ok: true, record };
  }

  /**
   * Refreshes with rotation: retires the refresh token and mints a whole new pair.
   * @param {{ refreshToken: string, token?: string, user?: string }} input
   * @returns {RefreshOutcome}
   */
  function rotate(input) {
    const result = check(input);
    if (!result.ok) return result;
    const { record } = result;
    record.retired = true;
    const old = pairById(record.pairId);
    if (old) {
      old.refreshedTimes += 1;
      old.retired = true;
    }
    const pair = mint(old?.name ?? record.user, 'refresh', { parent: record.pairId });
    return { ok: true, pair };
  }

  /**
   * Bearer check for the REST API.
   * @param {string | undefined} token
   * @returns {{ status: 'ok', user: string } | { status: 'unknown' | 'expired' }}
   */
  function bearer(token) {
    const record = token ? access.get(token) : undefined;
    if (!record) return { status: 'unknown' };
    if (record.expiresAt <= now()) return { status: 'expired' };
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

  return { mint, check, rotate, bearer, nameOf, expireAll, list, allTokens, clear };
}

/** @typedef {ReturnType<typeof createTokenRegistry>} TokenRegistry */
