// @ts-check
/**
 * A local stand-in for Genesys Cloud's login server and Platform API, for the tests and the
 * demo. NOT Genesys Cloud: just enough of its observable behaviour to test the provider's
 * URLs, PKCE parameters, token lifetime and idle handling on 127.0.0.1 over plain HTTP:
 * - `GET /oauth/authorize`: checks the client id and that the redirect URI is registered
 *   (an error page otherwise, never a redirect to an unknown place), `response_type` code or
 *   token, and for code an S256 `code_challenge`; signs in at once (`autoLogin`) or after a
 *   tiny form; answers the code in the query or the token in the fragment.
 * - `POST /oauth/token`: `authorization_code` with PKCE verification; single-use codes;
 *   `{ access_token, token_type: 'bearer', expires_in }` and, as in a browser grant, NO
 *   refresh token. CORS for the configured desktop origins.
 * - `GET /api/v2/users/me` (and any other `/api/v2/` path, as 404): bearer-checked; a token
 *   unused for `idleTimeout` seconds is ended and answers 401, like HIPAA's idle timeout.
 * - `stats()` for assertions: authorize requests and their last parameters, token requests,
 *   users/me calls, 401s.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { escapeHtml, readBody, redact, send, sendJson } from './http-util.js';

/**
 * @typedef {object} GenesysUser
 * @property {string} id
 * @property {string} name
 * @property {string} [email]
 * @property {string} [username]
 */

/**
 * @typedef {object} GenesysStandinOptions
 * @property {number} [port] 0 (the default) picks a free port.
 * @property {number} [tokenLifetime] seconds, as an admin sets it on the client (default 300).
 * @property {number} [idleTimeout] seconds without API use after which a token answers 401.
 * @property {string} [clientId] the one OAuth client (default `finesse-sso-genesys`).
 * @property {string[]} [redirectUris] the client's registered redirect URIs (exact match).
 * @property {string[]} [corsOrigins] origins allowed to call the token endpoint and the API.
 * @property {boolean} [autoLogin] sign in with no form (default true).
 * @property {GenesysUser} [user] who signs in.
 * @property {boolean} [quiet] no log lines (default true).
 */

/**
 * @typedef {object} GenesysStats
 * @property {number} authorizeRequests
 * @property {Record<string, string> | null} lastAuthorize the last authorize request's query.
 * @property {number} tokenRequests token endpoint requests, accepted or not.
 * @property {number} tokensIssued by the token endpoint and the implicit grant.
 * @property {Record<string, number>} tokenErrors token endpoint refusals by OAuth error code.
 * @property {number} usersMeCalls
 * @property {number} apiCalls every `/api/v2/` request (users/me included).
 * @property {number} unauthorized API answers 401.
 * @property {number} idleExpired tokens ended by the idle timeout.
 */

/**
 * @typedef {object} GenesysStandin
 * @property {string} origin `http://127.0.0.1:<port>`: use it as `login-url` and `api-url`.
 * @property {() => GenesysStats} stats
 * @property {() => string[]} issuedTokens every token issued, for leak scans.
 * @property {() => void} endAllSessions every token answers 401 from now on.
 * @property {() => Promise<void>} close
 */

const DEFAULT_USER = {
  id: '6d3c1a2e-5b7f-4e21-9a0c-agent1',
  name: 'Agent One',
  email: 'agent1@example.com',
  username: 'agent1@example.com',
};

const CODE_TTL_MS = 60_000;
const random = () => randomBytes(24).toString('base64url');
/** @param {string} verifier */
const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

/**
 * @param {GenesysStandinOptions} [options]
 * @returns {Promise<GenesysStandin>}
 */
export async function startGenesysStandin(options = {}) {
  const {
    port = 0,
    tokenLifetime = 300,
    idleTimeout,
    clientId = 'finesse-sso-genesys',
    redirectUris = [],
    corsOrigins = [],
    autoLogin = true,
    user = DEFAULT_USER,
    quiet = true,
  } = options;
  const log = (/** @type {string} */ line) => {
    if (!quiet) console.log(`[genesys-standin] ${redact(line)}`);
  };

  /** @type {Map<string, { redirectUri: string, challenge: string, expiresAt: number }>} */
  const codes = new Map();
  /** @type {Map<string, { expiresAt: number, lastUse: number, ended: boolean }>} */
  const tokens = new Map();
  /** @type {GenesysStats} */
  const stats = {
    authorizeRequests: 0,
    lastAuthorize: null,
    tokenRequests: 0,
    tokensIssued: 0,
    tokenErrors: {},
    usersMeCalls: 0,
    apiCalls: 0,
    unauthorized: 0,
    idleExpired: 0,
  };

  function issueToken() {
    const token = `at-gc-${random()}`;
    const now = Date.now();
    tokens.set(token, { expiresAt: now + tokenLifetime * 1000, lastUse: now, ended: false });
    stats.tokensIssued++;
    return token;
  }

  /**
   * CORS for the desktop origins only; other origins get no header, so browsers block them.
   * @param {import('node:http').IncomingMessage} req
   * @returns {Record<string, string>}
   */
  function cors(req) {
    const origin = req.headers.origin;
    if (!origin || !corsOrigins.includes(origin)) return {};
    return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  }

  /**
   * Where the agent goes back to: the code in the query, the token in the fragment.
   * @param {string} redirectUri
   * @param {'query' | 'fragment'} mode
   * @param {Record<string, string>} values
   */
  function back(redirectUri, mode, values) {
    const url = new URL(redirectUri);
    const params = new URLSearchParams(values);
    if (mode === 'query') params.forEach((value, name) => url.searchParams.set(name, value));
    else url.hash = params.toString();
    return url.href;
  }

  /** @param {string} message */
  const errorPage = (message) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Genesys Cloud stand-in</title></head><body><h1>Sign-in error</h1><p id="error">${escapeHtml(message)}</p></body></html>`;

  /** @param {URLSearchParams} params */
  const loginPage = (params) => {
    const hidden = [...params]
      .map(([n, v]) => `<input type="hidden" name="${escapeHtml(n)}" value="${escapeHtml(v)}">`)
      .join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Genesys Cloud stand-in: sign in</title></head><body><h1>Genesys Cloud stand-in</h1><form method="post" action="/oauth/authorize">${hidden}<label>User <input id="username" name="username" value="${escapeHtml(user.username ?? user.id)}"></label> <label>Password <input id="password" name="password" type="password" value="secret"></label> <button id="login" type="submit">Log in</button></form></body></html>`;
  };

  // Chromium applies form-action to the redirect that answers the form too: allow the
  // registered redirect URIs' origins, or the sign-in stops at the form.
  const formTargets = ["'self'", ...new Set(redirectUris.map((uri) => new URL(uri).origin))];
  const PAGE_HEADERS = {
    'Content-Security-Policy': `default-src 'none'; form-action ${formTargets.join(' ')}; base-uri 'none'`,
    'X-Content-Type-Options': 'nosniff',
  };

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {URLSearchParams} params
   * @param {boolean} loggedIn
   */
  function authorize(res, params, loggedIn) {
    const redirectUri = params.get('redirect_uri') ?? '';
    if (params.get('client_id') !== clientId) {
      return send(
        res,
        400,
        'text/html;charset=utf-8',
        errorPage('Unknown client_id.'),
        PAGE_HEADERS,
      );
    }
    if (!redirectUris.includes(redirectUri)) {
      const page = errorPage('redirect_uri is not registered for this client.');
      return send(res, 400, 'text/html;charset=utf-8', page, PAGE_HEADERS);
    }
    const type = params.get('response_type');
    const mode = type === 'token' ? 'fragment' : 'query';
    /** @type {Record<string, string>} */
    const state = params.has('state') ? { state: params.get('state') ?? '' } : {};
    const fail = (/** @type {string} */ error, /** @type {string} */ description) =>
      redirect(res, back(redirectUri, mode, { error, error_description: description, ...state }));
    if (type !== 'code' && type !== 'token') {
      return fail('unsupported_response_type', 'response_type must be code or token');
    }
    const challenge = params.get('code_challenge') ?? '';
    if (type === 'code' && (params.get('code_challenge_method') !== 'S256' || !challenge)) {
      return fail('invalid_request', 'code_challenge with code_challenge_method=S256 is required');
    }
    if (!loggedIn) {
      return send(res, 200, 'text/html;charset=utf-8', loginPage(params), PAGE_HEADERS);
    }
    if (type === 'code') {
      const code = random();
      codes.set(code, { redirectUri, challenge, expiresAt: Date.now() + CODE_TTL_MS });
      return redirect(res, back(redirectUri, 'query', { code, ...state }));
    }
    return redirect(
      res,
      back(redirectUri, 'fragment', {
        access_token: issueToken(),
        token_type: 'bearer',
        expires_in: String(tokenLifetime),
        ...state,
      }),
    );
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {string} location
   */
  function redirect(res, location) {
    res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
    res.end();
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function token(req, res) {
    stats.tokenRequests++;
    const headers = cors(req);
    const refuse = (/** @type {number} */ status, /** @type {string} */ error) => {
      stats.tokenErrors[error] = (stats.tokenErrors[error] ?? 0) + 1;
      sendJson(res, status, { error, error_description: `refused: ${error}` });
      return undefined;
    };
    Object.entries(headers).forEach(([name, value]) => res.setHeader(name, value));
    const body = new URLSearchParams(await readBody(req));
    if (body.get('grant_type') !== 'authorization_code')
      return refuse(400, 'unsupported_grant_type');
    if (body.get('client_id') !== clientId) return refuse(401, 'invalid_client');
    const code = body.get('code') ?? '';
    const grant = codes.get(code);
    codes.delete(code); // single use, refused or not
    if (!grant || grant.expiresAt < Date.now()) return refuse(400, 'invalid_grant');
    if (body.get('redirect_uri') !== grant.redirectUri) return refuse(400, 'invalid_grant');
    if (s256(body.get('code_verifier') ?? '') !== grant.challenge)
      return refuse(400, 'invalid_grant');
    sendJson(res, 200, {
      access_token: issueToken(),
      token_type: 'bearer',
      expires_in: tokenLifetime,
    });
  }

  /**
   * Bearer check with the idle timeout: any API use keeps the token's session alive.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} pathname
   */
  function api(req, res, pathname) {
    stats.apiCalls++;
    Object.entries(cors(req)).forEach(([name, value]) => res.setHeader(name, value));
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const entry = tokens.get(bearer);
    const now = Date.now();
    if (
      entry &&
      !entry.ended &&
      idleTimeout !== undefined &&
      now - entry.lastUse > idleTimeout * 1000
    ) {
      entry.ended = true;
      stats.idleExpired++;
    }
    if (!entry || entry.ended || entry.expiresAt <= now) {
      stats.unauthorized++;
      return sendJson(res, 401, {
        message: 'Invalid login credentials.',
        code: 'bad.credentials',
        status: 401,
      });
    }
    entry.lastUse = now;
    if (pathname === '/api/v2/users/me' && req.method === 'GET') {
      stats.usersMeCalls++;
      return sendJson(res, 200, { ...user, state: 'active', selfUri: `/api/v2/users/${user.id}` });
    }
    return sendJson(res, 404, { message: 'Not found', code: 'not.found', status: 404 });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { pathname } = url;
    log(`${req.method} ${pathname}`);
    const handle = async () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors(req),
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
          'Access-Control-Max-Age': '600',
        });
        return res.end();
      }
      if (pathname === '/oauth/authorize' && req.method === 'GET') {
        stats.authorizeRequests++;
        stats.lastAuthorize = Object.fromEntries(url.searchParams);
        return authorize(res, url.searchParams, autoLogin);
      }
      if (pathname === '/oauth/authorize' && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        form.delete('username');
        form.delete('password');
        return authorize(res, form, true);
      }
      if (pathname === '/oauth/token' && req.method === 'POST') return token(req, res);
      if (pathname.startsWith('/api/v2/')) return api(req, res, pathname);
      send(res, 404, 'text/plain;charset=utf-8', 'not found\n');
    };
    handle().catch((error) => {
      log(`error ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, 'text/plain;charset=utf-8', 'stand-in error\n');
      else res.end();
    });
  });

  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${address.port}`;
  log(`listening on ${origin}`);
  return {
    origin,
    stats: () => structuredClone(stats),
    issuedTokens: () => [...tokens.keys()],
    endAllSessions: () => tokens.forEach((entry) => (entry.ended = true)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
