// @ts-check
/**
 * The IdS + IdP origin (a different origin and site from Finesse, like Cisco IdS on 8553):
 * `GET /ids/v1/oauth/authorize` hands out a single-use code when the browser has an IdP
 * session, else sends it to the IdP's login form (`GET`/`POST /idp/login`).
 */
import { randomBytes } from 'node:crypto';
import { redirect, readBody, send } from './http-util.js';
import { renderLoginPage } from './idp-page.js';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

const CODE_TTL_MS = 120_000;
const COOKIE = 'idp_session';

/** @param {string | undefined} header @param {string} name */
function readCookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/**
 * @param {{
 *   finesseUrls: () => string[],
 *   idsUrl: () => string,
 *   config: () => { rememberIdp: boolean, coop: boolean },
 *   counters: Record<string, number>,
 *   log: (line: string) => void,
 * }} deps
 */
export function createIdentityProvider({ finesseUrls, idsUrl, config, counters, log }) {
  /** @type {Map<string, { user: string, expiresAt: number }>} single-use authorization codes */
  const codes = new Map();
  /** @type {Map<string, { user: string, used: boolean }>} IdP sessions by cookie value */
  const sessions = new Map();

  /**
   * The IdS authorize URL that brings the browser back to `returnUrl` (a Finesse token URL).
   * @param {string} returnUrl
   */
  function authorizeUrl(returnUrl) {
    const q = new URLSearchParams({
      client_id: 'finesse',
      state: randomBytes(12).toString('base64url'),
      redirect_uri: returnUrl,
    });
    return `${idsUrl()}/ids/v1/oauth/authorize?${q}`;
  }

  /**
   * Redeems a code once; returns the IdP user it was issued to, or null.
   * @param {string} code
   */
  function consumeCode(code) {
    const entry = codes.get(code);
    codes.delete(code);
    if (!entry || entry.expiresAt <= Date.now()) return null;
    return entry.user;
  }

  function reset() {
    codes.clear();
    sessions.clear();
  }

  /** Ends every IdP session (as if the IdP session timed out). */
  function forgetSessions() {
    sessions.clear();
  }

  /** @returns {Record<string, string>} */
  function pageHeaders() {
    return config().coop ? { 'Cross-Origin-Opener-Policy': 'same-origin' } : {};
  }

  /** @param {Res} res @param {{ username?: string, continueUrl: string, error?: string }} page */
  function showForm(res, page) {
    counters.loginFormsShown += 1;
    const html = renderLoginPage({ action: `${idsUrl()}/idp/login`, ...page });
    send(res, 200, 'text/html;charset=utf-8', html, pageHeaders());
  }

  /** @param {Req} req @param {Res} res @param {URL} url */
  function authorize(req, res, url) {
    const returnUrl = url.searchParams.get('redirect_uri') ?? '';
    if (
      url.searchParams.get('client_id') !== 'finesse' ||
      !finesseUrls().some((origin) => returnUrl.startsWith(`${origin}/desktop/sso/token`))
    ) {
      send(res, 400, 'text/plain;charset=utf-8', 'IdS: invalid client_id or redirect_uri\n');
      return;
    }
    const sid = readCookie(req.headers.cookie, COOKIE);
    const session = sid ? sessions.get(sid) : undefined;
    // Without rememberIdp, a session serves only the sign-in whose form created it.
    if (session && (config().rememberIdp || !session.used)) {
      session.used = true;
      const code = randomBytes(18).toString('base64url');
      codes.set(code, { user: session.user, expiresAt: Date.now() + CODE_TTL_MS });
      const sep = returnUrl.includes('?') ? '&' : '?';
      redirect(res, `${returnUrl}${sep}code=${encodeURIComponent(code)}`, pageHeaders());
      return;
    }
    const hint = new URL(returnUrl).searchParams.get('cc_username') ?? '';
    const q = new URLSearchParams({ username: hint, continue: url.href });
    redirect(res, `${idsUrl()}/idp/login?${q}`, pageHeaders());
  }

  /** @param {Req} req @param {Res} res */
  async function submit(req, res) {
    counters.loginFormsSubmitted += 1;
    const form = new URLSearchParams(await readBody(req));
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const continueUrl = form.get('continue') ?? '';
    if (!continueUrl.startsWith(`${idsUrl()}/ids/v1/oauth/authorize?`)) {
      send(res, 400, 'text/plain;charset=utf-8', 'IdP: invalid continue URL\n');
      return;
    }
    if (!username || !password || password === 'wrong') {
      const error = !username
        ? 'Enter your username.'
        : 'The username or password is incorrect. Try again.';
      showForm(res, { username, continueUrl, error });
      return;
    }
    const sid = randomBytes(24).toString('base64url');
    sessions.set(sid, { user: username, used: false });
    redirect(res, continueUrl, {
      ...pageHeaders(),
      'Set-Cookie': `${COOKIE}=${sid}; HttpOnly; SameSite=Lax; Path=/`,
    });
  }

  /**
   * Handles every request to the IdS origin.
   * @param {Req} req @param {Res} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', idsUrl());
    res.on('close', () => log(`[ids] ${req.method} ${url.pathname} -> ${res.statusCode}`));
    if (url.pathname === '/ids/v1/oauth/authorize' && req.method === 'GET') {
      authorize(req, res, url);
    } else if (url.pathname === '/idp/login' && req.method === 'GET') {
      const continueUrl = url.searchParams.get('continue') ?? '';
      showForm(res, { username: url.searchParams.get('username') ?? '', continueUrl });
    } else if (url.pathname === '/idp/login' && req.method === 'POST') {
      await submit(req, res);
    } else if (url.pathname === '/favicon.ico') {
      send(res, 204, 'image/x-icon', '');
    } else {
      send(res, 404, 'text/plain;charset=utf-8', 'Not found\n');
    }
  }

  return { handle, authorizeUrl, consumeCode, reset, forgetSessions };
}

/** @typedef {ReturnType<typeof createIdentityProvider>} IdentityProvider */
