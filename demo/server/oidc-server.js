// @ts-check
/**
 * A real OpenID Connect authorization server for the tests, the demo and the benchmark: the
 * `oidc-provider` package (a certified OpenID provider) on 127.0.0.1 over plain HTTP, with one
 * public client (PKCE S256 required), short access tokens and refresh-token rotation whose reuse
 * detection revokes the grant. Test equipment only; never shipped in `dist/`.
 *
 * Run alone: `node demo/server/oidc-server.js --port 8446 --auto-login agent1
 *   --redirect-uri http://localhost:8445/demo/oidc/callback.html --cors-origin http://localhost:8445`
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * @typedef {object} OidcServerOptions
 * @property {number} [port] 0 (the default) picks a free port.
 * @property {number} [accessTokenTtl] seconds (also the ID token's).
 * @property {number} [refreshTokenTtl] seconds.
 * @property {boolean} [rotateRefreshTokens] a new refresh token on every use (default true).
 * @property {string} [clientId]
 * @property {string[]} [redirectUris] exact redirect URIs of the client.
 * @property {string[]} [corsOrigins] origins allowed to call the token endpoint from a page.
 * @property {string} [autoLogin] an account that signs in with no form (login and consent).
 * @property {boolean} [quiet] no log lines and no oidc-provider start-up warnings (default true).
 */

/**
 * @typedef {object} OidcStats
 * @property {{ authorization_code: number, refresh_token: number }} tokenRequests token
 *   endpoint requests by grant type, accepted or not.
 * @property {number} invalidGrant token requests answered `invalid_grant`.
 * @property {number} issuedAccessTokens
 * @property {number} issuedRefreshTokens
 * @property {number} acceptedRefreshes refresh-token requests answered with tokens.
 * @property {number} refreshedPairs distinct refresh tokens that were accepted at least once:
 *   `acceptedRefreshes / refreshedPairs` is the accepted refreshes per issued pair (1.00 when
 *   nobody reuses a token; more when two requests with one token both got through).
 */

/**
 * @typedef {object} OidcServer
 * @property {string} issuer `http://127.0.0.1:<port>` (no trailing slash), as discovery says.
 * @property {string} origin the same as `issuer`.
 * @property {() => OidcStats} stats
 * @property {() => void} resetStats
 * @property {() => Promise<boolean>} reuseNextRefresh spends the refresh token issued last
 *   (false when none was issued yet), so that the next refresh the client makes is a reuse.
 * @property {() => Promise<void>} close
 */

const ESCAPES = /** @type {Record<string, string>} */ ({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
});
/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The login form (no script; a page with no inline anything, under a CSP that allows none). */
const loginPage = (/** @type {string} */ uid, /** @type {string} */ clientId) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<h1>Sign in to ${escapeHtml(clientId)}</h1>
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<p><label>User name <input id="username" name="username" value="agent1" required></label></p>
<p><label>Password <input id="password" name="password" type="password" required></label></p>
<p><button id="sign-in" type="submit">Sign in</button></p>
</form>
</body>
</html>`;

const PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/** @param {http.IncomingMessage} req @returns {Promise<URLSearchParams>} */
async function formBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** @param {http.ServerResponse} res @param {number} status @param {string} html */
function sendHtml(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

/**
 * Loads oidc-provider. On Node 20 it prints "Unsupported runtime" when imported (it is tested
 * on 22+, yet runs here: test/e2e/oidc-server.test.js proves what we use); `quiet` hides that
 * and its development warnings, which name settings this test server chose on purpose.
 * @param {boolean} quiet @param {() => Promise<any>} load
 */
async function withoutProviderWarnings(quiet, load) {
  if (!quiet) return load();
  const warn = console.warn;
  console.warn = (/** @type {unknown[]} */ ...args) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING')) return;
    warn(...args);
  };
  try {
    return await load();
  } finally {
    console.warn = warn;
  }
}

/**
 * Starts oidc-provider on 127.0.0.1 with one public client.
 * @param {OidcServerOptions} [options]
 * @returns {Promise<OidcServer>}
 */
export async function startOidcServer({
  port = 0,
  accessTokenTtl = 60,
  refreshTokenTtl = 86400,
  rotateRefreshTokens = true,
  clientId = 'finesse-sso-demo',
  redirectUris = [],
  corsOrigins = [],
  autoLogin,
  quiet = true,
} = {}) {
  /** @type {((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined} */
  let handle;
  const server = http.createServer((req, res) => handle?.(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const issuer = `http://127.0.0.1:${address.port}`;

  // Marks the token requests reuseNextRefresh() makes itself, so they stay out of the stats.
  const replayMarker = randomBytes(16).toString('hex');
  const { Provider } = await withoutProviderWarnings(quiet, () => import('oidc-provider'));
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  });

  const provider = await withoutProviderWarnings(quiet, async () => {
    return new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: redirectUris,
        },
      ],
      jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: 'test-key' }] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      pkce: { required: () => true },
      // A refresh token for every code grant of this client, whatever the scope and consent say.
      issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: () => rotateRefreshTokens,
      // Refresh tokens outlive the server-side browser session (as offline_access ones do).
      expiresWithSession: async () => false,
      ttl: {
        AccessToken: accessTokenTtl,
        IdToken: accessTokenTtl,
        RefreshToken: refreshTokenTtl,
        Grant: Math.max(refreshTokenTtl, 3600),
        Session: Math.max(refreshTokenTtl, 3600),
        Interaction: 600,
      },
      clientBasedCORS: (_ctx, origin) => corsOrigins.includes(origin),
      claims: {
        openid: ['sub', 'preferred_username', 'email'],
        profile: ['preferred_username'],
        email: ['email'],
      },
      // The account's claims go into the ID token of the code flow too, not only to userinfo.
      conformIdTokenClaims: false,
      findAccount: async (_ctx, sub) => ({
        accountId: sub,
        claims: async () => ({ sub, preferred_username: sub, email: `${sub}@example.test` }),
      }),
      features: {
        devInteractions: { enabled: false },
        revocation: { enabled: true },
      },
      interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    });
  });

  /** @type {OidcStats} */
  let counters;
  const resetStats = () => {
    counters = {
      tokenRequests: { authorization_code: 0, refresh_token: 0 },
      invalidGrant: 0,
      issuedAccessTokens: 0,
      issuedRefreshTokens: 0,
      acceptedRefreshes: 0,
      refreshedPairs: 0,
    };
    refreshedTokens.clear();
  };
  /** Refresh tokens accepted so far (in memory only, never logged). */
  const refreshedTokens = new Set();
  resetStats();
  /** The refresh token the server handed out last (to a client, not to our replay). */
  let lastIssuedRefreshToken = '';
  const ours = () => Provider.ctx?.get('x-test-replay') !== replayMarker;
  const countRequest = (/** @type {any} */ ctx) => {
    const grantType = ctx.oidc?.params?.grant_type;
    if (grantType === 'authorization_code' || grantType === 'refresh_token')
      counters.tokenRequests[grantType]++;
  };
  provider.on('grant.success', (/** @type {any} */ ctx) => {
    if (!ours()) return;
    countRequest(ctx);
    if (ctx.body?.refresh_token) lastIssuedRefreshToken = ctx.body.refresh_token;
    if (ctx.oidc.params.grant_type === 'refresh_token') {
      counters.acceptedRefreshes++;
      refreshedTokens.add(ctx.oidc.params.refresh_token);
      counters.refreshedPairs = refreshedTokens.size;
    }
  });
  provider.on('grant.error', (/** @type {any} */ ctx, /** @type {any} */ error) => {
    if (!ours()) return;
    countRequest(ctx);
    if (error?.error === 'invalid_grant') counters.invalidGrant++;
    if (!quiet)
      console.log(`oidc: token request refused: ${error?.error} (${error?.error_description})`);
  });
  provider.on('access_token.saved', () => ours() && counters.issuedAccessTokens++);
  provider.on('refresh_token.saved', () => ours() && counters.issuedRefreshTokens++);

  /**
   * Finishes an interaction for `accountId`: login and, for this first-party client, consent to
   * everything it asked for (a grant made here), so no consent page ever shows.
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} accountId
   */
  async function finish(req, res, accountId) {
    const details = await provider.interactionDetails(req, res);
    // The session's grant, unless it was revoked (reuse detection): then a new one.
    const grant =
      (details.grantId && (await provider.Grant.find(details.grantId))) ||
      new provider.Grant({ accountId, clientId: details.params.client_id });
    const scope = typeof details.params.scope === 'string' ? details.params.scope : 'openid';
    grant.addOIDCScope(scope);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  /** `/interaction/<uid>` (GET: form or auto-login) and `/interaction/<uid>/login` (POST). */
  async function interaction(
    /** @type {http.IncomingMessage} */ req,
    /** @type {http.ServerResponse} */ res,
    /** @type {string[]} */ parts,
  ) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== parts[0]) return sendHtml(res, 400, '<!doctype html><p>Wrong interaction.');
    const signedIn = details.session?.accountId;
    if (req.method === 'GET' && parts.length === 1) {
      // Consent only (the grant was revoked, the login session remains): nothing to ask.
      if (details.prompt.name !== 'login' && signedIn) return finish(req, res, signedIn);
      if (autoLogin) return finish(req, res, autoLogin);
      return sendHtml(res, 200, loginPage(details.uid, String(details.params.client_id)));
    }
    if (req.method === 'POST' && parts[1] === 'login') {
      const form = await formBody(req);
      const username = form.get('username') ?? '';
      // Any password works, as at the simulator's IdP; the account name must be plain.
      if (!/^[\w.-]{1,64}$/.test(username) || !form.get('password'))
        return sendHtml(res, 400, '<!doctype html><p>User name and password required.');
      return finish(req, res, username);
    }
    res.writeHead(405).end();
  }

  const providerCallback = provider.callback();
  handle = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'interaction' && parts.length >= 2) {
      interaction(req, res, parts.slice(1)).catch((error) => {
        if (!quiet) console.error(`oidc: interaction failed: ${error?.message}`);
        if (!res.headersSent)
          sendHtml(res, 400, '<!doctype html><p>This sign-in expired. Start again.');
      });
      return;
    }
    if (!quiet) console.log(`oidc: ${req.method} ${url.pathname}`);
    providerCallback(req, res);
  };

  /**
   * Spends the refresh token issued last, as a second holder of a stolen or stale copy would:
   * it presents that token to the token endpoint itself (rotating it; the new pair is thrown
   * away), so the token the client holds is now a used one. The client's next refresh presents
   * it again, and oidc-provider's own reuse detection answers `invalid_grant` and revokes the
   * whole grant. Our replay is left out of the stats; the client's refused request is counted.
   * Needs rotation (the default): without it a token stays valid however often it is used.
   * Resolves false when no refresh token was issued yet or the replay itself was refused.
   */
  async function reuseNextRefresh() {
    if (!lastIssuedRefreshToken) return false;
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'x-test-replay': replayMarker,
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: lastIssuedRefreshToken,
        client_id: clientId,
      }),
    });
    return response.ok;
  }

  if (!quiet) console.log(`oidc-provider at ${issuer} (client ${clientId})`);
  return {
    issuer,
    origin: issuer,
    stats: () => structuredClone(counters),
    resetStats,
    reuseNextRefresh,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// `node demo/server/oidc-server.js [options]`: a server for trying the OIDC demo by hand.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8446' },
      'access-token-ttl': { type: 'string', default: '60' },
      'client-id': { type: 'string', default: 'finesse-sso-demo' },
      'redirect-uri': { type: 'string', multiple: true, default: [] },
      'cors-origin': { type: 'string', multiple: true, default: [] },
      'auto-login': { type: 'string' },
    },
  });
  await startOidcServer({
    port: Number(values.port),
    accessTokenTtl: Number(values['access-token-ttl']),
    clientId: values['client-id'],
    redirectUris: values['redirect-uri'],
    corsOrigins: values['cors-origin'],
    autoLogin: values['auto-login'],
    quiet: false,
  });
}
