/**
 * What the connection doctor reports. The browser never says "untrusted certificate" to a page:
 * a bad certificate, a refused connection, CSP and missing CORS all surface as the same bare
 * `TypeError` or WebSocket close 1006. So these are diagnoses from the signals that do exist,
 * and `certificate-untrusted` is a suspicion, worded as one in the UI.
 */

/**
 * - `certificate-untrusted`: this address fails while another port of the same host answers,
 *   or the relay page "loaded" (the browser's error page) but never spoke.
 * - `network`: nothing on that host answers (down, firewall, VPN, name not resolved).
 * - `csp-blocked`: the page's Content-Security-Policy blocked it (`securitypolicyviolation`).
 * - `cors-not-allowed`: Finesse answers (a `no-cors` probe), but a CORS request to
 *   `/finesse/api/SystemInfo` fails: this page's origin is not on Finesse's allow-list
 *   (`utils finesse cors allowed_origin add <desktop origin>`, off by default).
 */
export type ConnectionProblemCode =
  'certificate-untrusted' | 'csp-blocked' | 'network' | 'cors-not-allowed';

/** One failing address. Never holds a path, a query or a token. */
export interface ConnectionProblem {
  code: ConnectionProblemCode;
  /**
   * `https://host:port` to open once in a tab (certificate-untrusted, network; a WebSocket's
   * `wss://` is given as `https://`). For csp-blocked, the blocked origin exactly as the policy
   * must name it (`wss://host:port` for a WebSocket).
   */
  origin: string;
  /** csp-blocked only: the directive(s) that blocked it, e.g. `connect-src` or `frame-src`. */
  directive?: string;
  /** cors-not-allowed only: the page's (desktop's) origin, the one Finesse must allow. */
  pageOrigin?: string;
}

/** The Finesse CLI command that allows `desktopOrigin` (no wildcards; run on each node). */
export const corsCommand = (desktopOrigin: string): string =>
  `utils finesse cors allowed_origin add ${desktopOrigin}`;

/** What failed, as the endpoint that saw it can tell. */
export type FailureHint =
  /** A REST `fetch` rejected with a TypeError. */
  | 'fetch'
  /** A WebSocket closed before it ever opened. */
  | 'websocket'
  /** The relay iframe fired `load` but its page never answered the handshake. */
  | 'relay-silent';

/** The narrow interface endpoints report to (the doctor implements it). */
export interface ConnectionReporter {
  /** A connection to `url` failed at the transport level. Only its origin is kept. */
  reportFailure(url: string | URL, hint?: FailureHint): void;
  /** A connection to `url` worked (any HTTP status counts: the server answered). */
  reportSuccess(url: string | URL): void;
}

/** What the session, the relay and the notifications use of a doctor. */
export interface DoctorLike extends ConnectionReporter {
  readonly problems: readonly ConnectionProblem[];
  onChange(listener: (problems: readonly ConnectionProblem[]) => void): () => void;
  start(): void;
  dispose(): void;
}

const SCHEMES: Record<string, string> = {
  'https:': 'https:',
  'wss:': 'https:',
  'http:': 'http:',
  'ws:': 'http:',
};

/** The origin of `url` exactly (scheme kept), or null for a non-network URL. */
export function exactOrigin(url: string | URL, base?: string): string | null {
  try {
    const parsed = new URL(String(url), base);
    return SCHEMES[parsed.protocol] ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * The address an agent can open in a tab for `url`: its origin with `ws(s):` turned into
 * `http(s):` (the certificate of `wss://host:7443` is the one `https://host:7443/` shows).
 */
export function siteOf(url: string | URL, base?: string): string | null {
  try {
    const parsed = new URL(String(url), base);
    const scheme = SCHEMES[parsed.protocol];
    return scheme ? `${scheme}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** The link the notice shows for a problem: `https://host:port/`. */
export function problemLink(problem: ConnectionProblem): string {
  return `${problem.origin}/`;
}

/** True when two problem lists say the same thing (order included). */
export function sameProblems(
  a: readonly ConnectionProblem[],
  b: readonly ConnectionProblem[],
): boolean {
  return (
    a.length === b.length &&
    a.every(
      (p, i) =>
        p.code === b[i]!.code && p.origin === b[i]!.origin && p.directive === b[i]!.directive,
    )
  );
}
