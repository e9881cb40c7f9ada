import { corsCommand } from '../session/connection-problem.ts';
import type { CheckResult, NetTools } from './doctor-types.ts';
import { result, timedFetch } from './doctor-types.ts';
import { probeCors, probeOrigin } from './probes.ts';
import type { SessionRecord } from '../session/record.ts';
import { isExactOrigin } from '../relay/protocol.ts';

/**
 * The doctor's checks of what Finesse and its neighbours answer: SSO mode, the token
 * lifetimes, the clock, certificates, CORS and the relay's allow-list. Framework-free; every
 * request goes through the injected `fetch`, every wait through the injected clock.
 */

/** `<tag>value</tag>` of a small XML answer (namespaces ignored), or null. */
function xmlText(xml: string, tag: string): string | null {
  const match = new RegExp(`<(?:\\w+:)?${tag}>([^<]*)</(?:\\w+:)?${tag}>`).exec(xml);
  return match ? match[1]!.trim() : null;
}

/**
 * SSO mode: `SystemInfo`'s `systemAuthMode` (when Finesse lets this page read it without a
 * token) and the agent's own `UserAuthMode/<user>` (no token needed).
 */
export async function checkSsoMode(
  tools: NetTools,
  finesseUrl: string,
  username: string | null,
): Promise<CheckResult> {
  const read = async (path: string) => {
    try {
      const response = await timedFetch(tools, new URL(path, finesseUrl).href, {
        cache: 'no-store',
        credentials: 'omit',
      });
      return response.ok ? await response.text() : null;
    } catch {
      return null;
    }
  };
  const system = xmlText((await read('/finesse/api/SystemInfo')) ?? '', 'systemAuthMode');
  const user = username
    ? xmlText(
        (await read(`/finesse/api/UserAuthMode/${encodeURIComponent(username)}`)) ?? '',
        'authMode',
      )
    : null;
  const facts = { systemAuthMode: system, userAuthMode: user, user: username };
  const mode = user ?? system;
  if (!mode) return result('sso-mode', 'warn', 'unknown', facts);
  if (mode === 'SSO') return result('sso-mode', 'pass', 'sso', facts);
  if (mode === 'HYBRID' && !user) return result('sso-mode', 'warn', 'hybrid', facts);
  return result('sso-mode', 'fail', 'not-sso', facts);
}

/** The times of a pair (from the shared record or a sign-in the doctor made): no token. */
export interface PairTimes {
  source: 'record' | 'sign-in';
  user: string;
  issuedAt: number;
  refreshAt: number;
  expiresAt: number;
  refreshExpiresAt?: number;
  generation?: number;
  /** The record asks every tab to sign in again (its code). */
  needsSignIn?: string;
  /** The last refresh failed for transport reasons (its code). */
  failure?: string;
}

/** Copies a record's times and codes, field by field: the pair itself stays behind. */
export function recordTimes(record: SessionRecord): PairTimes {
  const times: PairTimes = {
    source: 'record',
    user: record.userId,
    issuedAt: record.issuedAt,
    refreshAt: record.refreshAt,
    expiresAt: record.expiresAt,
    generation: record.generation,
  };
  if (record.refreshExpiresAt !== undefined) times.refreshExpiresAt = record.refreshExpiresAt;
  if (record.needsSignIn) times.needsSignIn = record.needsSignIn.code;
  if (record.failure) times.failure = record.failure.code;
  return times;
}

/** Below this, a refresh at 75 % leaves under 30 s for a slow answer or a retry. */
export const SHORT_LIFETIME_S = 120;

/** The lifetimes actually issued, and when the refresh at `ratio` of them will happen. */
export function checkTokenLifetimes(times: PairTimes | null, now: number): CheckResult {
  if (!times) return result('token-lifetimes', 'warn', 'no-sign-in');
  const lifetimeS = Math.round((times.expiresAt - times.issuedAt) / 1000);
  const facts = {
    source: times.source,
    user: times.user,
    accessLifetimeS: lifetimeS,
    refreshAt: times.refreshAt,
    refreshInS: Math.round((times.refreshAt - now) / 1000),
    ratio: Math.round(
      ((times.refreshAt - times.issuedAt) / (times.expiresAt - times.issuedAt)) * 100,
    ),
    expiresAt: times.expiresAt,
    refreshExpiresAt: times.refreshExpiresAt ?? null,
    generation: times.generation ?? null,
    code: times.needsSignIn ?? times.failure ?? null,
  };
  if (times.needsSignIn) return result('token-lifetimes', 'fail', 'needs-sign-in', facts);
  if (times.failure) return result('token-lifetimes', 'warn', 'refresh-failing', facts);
  if (lifetimeS < SHORT_LIFETIME_S) return result('token-lifetimes', 'warn', 'short', facts);
  return result('token-lifetimes', 'pass', 'ok', facts);
}

/** Skew under this does not matter; over `SKEW_FAIL_MS` sign-ins fail at most IdPs. */
export const SKEW_WARN_MS = 60_000;
/** SAML assertions and Kerberos tolerate about five minutes. */
export const SKEW_FAIL_MS = 5 * 60_000;

/**
 * Clock skew between this machine and Finesse, from the `Date` header of a no-store request
 * (1 s resolution; the round trip adds its half to the uncertainty), and, in gadget mode, the
 * desktop's own `clientDriftInMillis`. Finesse ahead of this machine is a positive skew.
 */
export async function checkClockSkew(
  tools: NetTools,
  finesseUrl: string,
  gadgetDriftMs: number | null = null,
): Promise<CheckResult> {
  let skewMs: number | null = null;
  let uncertaintyMs: number | null = null;
  try {
    const sent = tools.clock.now();
    const response = await timedFetch(tools, new URL('/finesse/api/SystemInfo', finesseUrl).href, {
      method: 'HEAD',
      cache: 'no-store',
      credentials: 'omit',
    });
    const received = tools.clock.now();
    const date = Date.parse(response.headers.get('Date') ?? '');
    if (Number.isFinite(date)) {
      // The header is truncated to the second: the server's time is in [date, date + 1 s).
      skewMs = Math.round(date + 500 - (sent + received) / 2);
      uncertaintyMs = Math.round((received - sent) / 2 + 500);
    }
  } catch {
    // Unreachable or cross-origin: no Date to read (the header is not CORS-safelisted).
  }
  const facts = { skewMs, uncertaintyMs, gadgetDriftMs };
  const measured = skewMs ?? gadgetDriftMs;
  if (measured === null) return result('clock-skew', 'warn', 'unknown', facts);
  const least = Math.max(0, Math.abs(measured) - (skewMs === null ? 0 : uncertaintyMs!));
  if (least >= SKEW_FAIL_MS) return result('clock-skew', 'fail', 'large', facts);
  if (least >= SKEW_WARN_MS) return result('clock-skew', 'warn', 'noticeable', facts);
  return result('clock-skew', 'pass', 'small', facts);
}

/** One address an agent's browser talks to. */
export interface Endpoint {
  role: 'finesse' | 'notifications' | 'ids';
  origin: string;
  /** Named by the administrator; a default guess (7443, 8553) that does not answer only warns. */
  configured: boolean;
}

/**
 * The certificate of each address, by the connection doctor's probe (a `no-cors` HEAD: any
 * answer means the connection and its certificate are fine). A failing address while another
 * port of its host answers is most likely an untrusted certificate; otherwise nothing answers.
 */
export async function checkCertificates(
  tools: NetTools,
  endpoints: readonly Endpoint[],
  pageOrigin: string,
): Promise<CheckResult[]> {
  const probe = { fetch: tools.fetch, clock: tools.clock, timeoutMs: tools.timeoutMs };
  const answered = await Promise.all(
    endpoints.map((e) => (e.origin === pageOrigin ? true : probeOrigin(e.origin, probe))),
  );
  const hostOf = (origin: string) => new URL(origin).hostname;
  const answeringHosts = new Set([
    hostOf(pageOrigin),
    ...endpoints.filter((_, i) => answered[i]).map((e) => hostOf(e.origin)),
  ]);
  return endpoints.map((endpoint, i) => {
    const facts = {
      role: endpoint.role,
      origin: endpoint.origin,
      https: endpoint.origin.startsWith('https:'),
    };
    if (answered[i]) return result('certificate', 'pass', 'answers', facts);
    const suspicious =
      endpoint.origin.startsWith('https:') && answeringHosts.has(hostOf(endpoint.origin));
    if (suspicious) return result('certificate', 'fail', 'untrusted', facts);
    return result('certificate', endpoint.configured ? 'fail' : 'warn', 'unreachable', facts);
  });
}

/**
 * CORS: whether Finesse lets this page's origin read its REST API. Only a page on the
 * desktop's own origin can find out (a browser sends its own origin, nobody else's), so on
 * the Finesse origin the check says where to run it and which command allows `desktopOrigin`.
 */
export async function checkCors(
  tools: NetTools,
  finesseUrl: string,
  pageOrigin: string,
  desktopOrigin: string | null,
): Promise<CheckResult> {
  const finesse = new URL(finesseUrl).origin;
  if (pageOrigin === finesse) {
    if (!desktopOrigin || desktopOrigin === finesse) {
      return result('cors', 'pass', 'same-origin', { finesse });
    }
    return result('cors', 'warn', 'run-on-desktop', {
      finesse,
      desktopOrigin,
      command: corsCommand(desktopOrigin),
    });
  }
  const facts = { finesse, pageOrigin, command: corsCommand(pageOrigin) };
  const probe = { fetch: tools.fetch, clock: tools.clock, timeoutMs: tools.timeoutMs };
  if (!(await probeOrigin(finesse, probe))) return result('cors', 'fail', 'unreachable', facts);
  if (await probeCors(finesse, probe)) return result('cors', 'pass', 'allowed', facts);
  return result('cors', 'fail', 'not-allowed', facts);
}

/**
 * The relay's `allowed-origins.json` as the relay reads it (no-store): which origins it lets
 * in, which entries it ignores (wildcards, `null`, paths), and whether `desktopOrigin` is one.
 */
export async function checkAllowList(
  tools: NetTools,
  url: string,
  desktopOrigin: string | null,
): Promise<CheckResult> {
  let text: string | null = null;
  let status: number | null = null;
  try {
    const response = await timedFetch(tools, url, {
      cache: 'no-store',
      credentials: 'same-origin',
      redirect: 'error',
    });
    status = response.status;
    if (response.ok) text = await response.text();
  } catch {
    // unreachable: reported as missing
  }
  const base = { url, status, desktopOrigin };
  if (text === null) return result('relay-allow-list', 'warn', 'missing', base);
  let entries: unknown[] | null = null;
  try {
    const value: unknown = JSON.parse(text);
    const origins = (value as { origins?: unknown } | null)?.origins;
    if (Array.isArray(origins)) entries = origins;
  } catch {
    entries = null;
  }
  if (!entries) return result('relay-allow-list', 'fail', 'malformed', base);
  const allowed = entries.filter(isExactOrigin);
  const ignored = entries.filter((e) => !isExactOrigin(e)).map((e) => JSON.stringify(e));
  const facts = { ...base, origins: allowed.join(' ') || null, ignored: ignored.join(' ') || null };
  if (desktopOrigin && !allowed.includes(desktopOrigin)) {
    return result('relay-allow-list', 'fail', 'not-listed', facts);
  }
  if (ignored.length > 0) return result('relay-allow-list', 'warn', 'ignored-entries', facts);
  if (allowed.length === 0) return result('relay-allow-list', 'warn', 'empty', facts);
  return result('relay-allow-list', 'pass', desktopOrigin ? 'listed' : 'read', facts);
}
