// @ts-check
/**
 * Finesse's `/desktop/sso/token`: starts the sign-in redirect chain, exchanges the IdS code for
 * a pair, and refreshes (POST form body or GET query) by calling IdS with both tokens, with
 * injectable faults.
 *
 * Refresh forms: the POST body carries `token` and `refresh-token`; Finesse hands both to IdS,
 * which refuses a refresh token that does not belong with the access token. The GET form
 * (`cc_username` and `refresh-token`) carries no access token: how real Finesse fills IdS's
 * `access_token` then is not published. The simulator sends IdS the newest access token it
 * issued with that refresh token (as if Finesse kept the pair it handed out), so a GET can
 * never be a pair mismatch; instead `cc_username` must name the refresh token's owner.
 */
import { STATUS_CODES } from 'node:http';
import { INVALID_TOKEN } from './ids-token.js';
import { REALM } from './tokens.js';
import { readBody, redirect, send, sendJson, sleep } from './http-util.js';
import { renderLoginPage } from './idp-page.js';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */
/** @typedef {import('./tokens.js').Pair} Pair */

const JSON_TYPE = 'application/json;charset=UTF-8';
const FINESSE_INVALID_TOKEN = {
  errorType: 'Invalid Token',
  errorData: '',
  errorMessage: 'Invalid Token',
};

/** @param {number} status */
const errorPage = (status) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${status} ${STATUS_CODES[status] ?? 'Server Error'}</title></head>
<body><h1>${status} ${STATUS_CODES[status] ?? 'Server Error'}</h1>
<p>The Cisco Finesse server is temporarily unable to handle this request. Try again later.</p>
</body></html>
`;

/**
 * Cisco's answer, field names exactly (FINESSE.md §2).
 * @param {Pair} pair
 * @param {boolean} withRefresh
 */
function answer(pair, withRefresh) {
  return {
    token: pair.access,
    ...(withRefresh && pair.refresh ? { refresh_token: pair.refresh } : {}),
    expires_in: pair.expiresIn,
    user_id: pair.user,
    realm: REALM,
    user_principal: `${pair.name}@${REALM}`,
  };
}

/**
 * @param {{
 *   finesseUrl: () => string,
 *   tokens: import('./tokens.js').TokenRegistry,
 *   faults: import('./faults.js').Faults,
 *   idp: import('./idp.js').IdentityProvider,
 *   ids: import('./ids-token.js').IdsTokenEndpoint,
 *   config: () => { refreshAnswerWithoutRefreshToken: import('./ids-token.js').WithoutRefreshToken },
 *   counters: Record<string, number>,
 *   log: (line: string) => void,
 *   node?: 'primary' | 'secondary',
 * }} deps
 */
export function createTokenEndpoint({
  finesseUrl,
  tokens,
  faults,
  idp,
  ids,
  config,
  counters,
  log,
  node = 'primary',
}) {
  /** @param {string} user */
  const signInUrl = (user) =>
    `${finesseUrl()}/desktop/sso/token?${new URLSearchParams({ cc_username: user, return_refresh_token: 'true' })}`;

  /** @param {Res} res @param {URL} url */
  function startSignIn(res, url) {
    redirect(res, idp.authorizeUrl(`${finesseUrl()}/desktop/sso/token${url.search}`));
  }

  /** @param {Res} res @param {URL} url @param {string} code */
  function exchangeCode(res, url, code) {
    const name = idp.consumeCode(code);
    if (!name) {
      log('[finesse]   sign-in refused: unknown or used code');
      sendJson(res, 401, INVALID_TOKEN);
      return;
    }
    counters.interactiveSignIns += 1;
    faults.signedIn();
    const withRefresh = url.searchParams.get('return_refresh_token') === 'true';
    const pair = tokens.mint(name, 'sign-in', { withRefresh });
    counters.pairsIssued += 1;
    log(`[finesse]   signed in ${pair.user}: pair ${pair.id}`);
    sendJson(res, 200, answer(pair, withRefresh), JSON_TYPE);
  }

  /**
   * Applies the active faults. Returns true when a fault answered (or dropped) the request.
   * @param {Req} req @param {Res} res @param {string} user
   */
  async function applyFaults(req, res, user) {
    const delay = faults.take('delay');
    if (delay?.ms) await sleep(delay.ms);
    if (faults.take('reset-before')) {
      log('[finesse]   fault reset-before: connection destroyed, nothing rotated');
      req.socket.destroy();
      return true;
    }
    const serverError = faults.take('server-error');
    if (serverError) {
      const status = serverError.status ?? 503;
      send(res, status, 'text/html;charset=utf-8', errorPage(status));
      return true;
    }
    if (faults.take('invalid-token-500')) {
      counters.refreshRefused += 1;
      sendJson(res, 500, FINESSE_INVALID_TOKEN);
      return true;
    }
    if (faults.take('idp-page')) {
      const continueUrl = idp.authorizeUrl(signInUrl(user));
      const html = renderLoginPage({
        action: `${new URL(continueUrl).origin}/idp/login`,
        username: user,
        continueUrl,
      });
      send(res, 200, 'text/html;charset=utf-8', html);
      return true;
    }
    if (faults.take('redirect')) {
      redirect(res, idp.authorizeUrl(signInUrl(user)));
      return true;
    }
    return false;
  }

  /** @param {Req} req @param {Res} res @param {URL} url @param {'post' | 'get'} method */
  async function refresh(req, res, url, method) {
    counters.refreshRequests += 1;
    counters[method === 'post' ? 'refreshPost' : 'refreshGet'] += 1;
    if (node === 'secondary') counters.refreshSecondary += 1;
    const params = method === 'post' ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const refreshToken = params.get('refresh-token') ?? '';
    const input =
      method === 'post'
        ? { refreshToken, token: params.get('token') ?? '' }
        : { refreshToken, user: params.get('cc_username') ?? '' };
    const user = input.user || tokens.nameOf(input.token) || tokens.nameOf(refreshToken);
    if (await applyFaults(req, res, user)) return;

    const outcome = ids.refresh({
      accessToken: input.token ?? tokens.accessFor(refreshToken) ?? '',
      refreshToken,
      user: input.user,
    });
    if (!outcome.ok) {
      counters.refreshRefused += 1;
      log(`[finesse]   refresh refused: ${outcome.reason}`);
      sendJson(res, 401, INVALID_TOKEN);
      return;
    }
    counters.refreshAccepted += 1;
    counters.pairsIssued += 1;
    log(`[finesse]   refreshed ${outcome.pair.parent} -> ${outcome.pair.id}`);
    if (faults.take('reset-after')) {
      log('[finesse]   fault reset-after: rotated, then connection destroyed');
      req.socket.destroy();
      return;
    }
    const held = faults.take('delay-after');
    if (held?.ms) await sleep(held.ms);
    // `kept` and `retired`: Finesse's answer has no refresh_token (Cisco's published example).
    const withRefresh = config().refreshAnswerWithoutRefreshToken === 'off';
    sendJson(res, 200, answer(outcome.pair, withRefresh), JSON_TYPE);
  }

  /**
   * Handles `/desktop/sso/token` in every form.
   * @param {Req} req @param {Res} res @param {URL} url
   */
  async function handle(req, res, url) {
    counters.tokenEndpointCalls += 1;
    if (req.method === 'POST') return refresh(req, res, url, 'post');
    if (req.method !== 'GET') {
      send(res, 405, 'text/plain;charset=utf-8', 'Method not allowed\n', { Allow: 'GET, POST' });
      return;
    }
    if (url.searchParams.has('refresh-token')) return refresh(req, res, url, 'get');
    const code = url.searchParams.get('code');
    if (code !== null) return exchangeCode(res, url, code);
    return startSignIn(res, url);
  }

  return { handle };
}
