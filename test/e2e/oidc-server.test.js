/**
 * Self-check of the test authorization server (demo/server/oidc-server.js, oidc-provider):
 * discovery, the code flow with PKCE driven by hand with fetch and a cookie jar, refresh-token
 * rotation, reuse detection that revokes the grant, the reuseNextRefresh() hook, CORS, and a
 * sign-in through the login form in a real popup of Debian's Chromium over plain HTTP.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, afterEach, describe, it } from 'node:test';
import { startOidcServer } from '../../demo/server/oidc-server.js';
import { launchBrowser } from './support.js';

const CLIENT = 'finesse-sso-demo';
const APP = 'http://127.0.0.1:9'; // the redirect URI's origin: never contacted by fetch
const REDIRECT = `${APP}/callback`;

let server;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const start = (options = {}) =>
  startOidcServer({
    redirectUris: [REDIRECT],
    corsOrigins: [APP],
    autoLogin: 'agent1',
    ...options,
  });

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** A browser stand-in: its cookies, and how many login forms it was shown. */
const newAgent = () => ({ jar: new Map(), forms: 0 });

/**
 * Follows the authorization redirects by hand, with the agent's cookies, up to the redirect
 * URI; a login form is answered with a POST of a user name and password.
 */
async function authorize(issuer, params, agent = newAgent()) {
  let url = `${issuer}/auth?${new URLSearchParams({
    client_id: CLIENT,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid',
    state: 'state-1',
    ...params,
  })}`;
  let form;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(`${APP}/`)) return new URL(url);
    const response = await fetch(url, {
      redirect: 'manual',
      method: form ? 'POST' : 'GET',
      body: form,
      headers: { cookie: [...agent.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    form = undefined;
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      agent.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    if (response.status === 200) {
      const html = await response.text();
      const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
      assert.ok(action, `hop ${hop}: a page without a login form`);
      assert.match(response.headers.get('content-security-policy'), /default-src 'none'/);
      assert.ok(!/<script/i.test(html), 'no script on the login page');
      agent.forms++;
      form = new URLSearchParams({ username: 'agent7', password: 'any password' });
      url = new URL(action, url).href;
      continue;
    }
    assert.ok([302, 303].includes(response.status), `hop ${hop}: HTTP ${response.status}`);
    url = new URL(response.headers.get('location'), url).href;
  }
  throw new Error('too many redirects');
}

async function token(issuer, params, headers = {}) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ client_id: CLIENT, ...params }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function signIn(issuer, agent) {
  const { verifier, challenge } = pkce();
  const back = await authorize(
    issuer,
    { code_challenge: challenge, code_challenge_method: 'S256' },
    agent,
  );
  const code = back.searchParams.get('code');
  assert.ok(code, `a code came back (${back.search})`);
  const result = await token(issuer, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body;
}

const refresh = (issuer, refreshToken) =>
  token(issuer, { grant_type: 'refresh_token', refresh_token: refreshToken });

const userinfoStatus = async (issuer, accessToken) =>
  (await fetch(`${issuer}/me`, { headers: { Authorization: `Bearer ${accessToken}` } })).status;

describe('oidc-server', () => {
  it('publishes discovery for its HTTP issuer on 127.0.0.1, readable cross-origin', async () => {
    server = await start();
    assert.match(server.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.issuer}/.well-known/openid-configuration`, {
      headers: { Origin: 'http://elsewhere.test' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://elsewhere.test');
    const discovery = await response.json();
    assert.equal(discovery.issuer, server.issuer);
    assert.equal(discovery.token_endpoint, `${server.issuer}/token`);
    assert.equal(discovery.authorization_endpoint, `${server.issuer}/auth`);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.ok(discovery.grant_types_supported.includes('refresh_token'));
  });

  it('completes the code flow with PKCE (auto-login) and puts the claims in the ID token', async () => {
    server = await start({ accessTokenTtl: 30 });
    const tokens = await signIn(server.issuer);
    assert.equal(tokens.expires_in, 30);
    assert.ok(tokens.refresh_token, 'a refresh token without offline_access or consent');
    const claims = claimsOf(tokens.id_token);
    assert.equal(claims.iss, server.issuer);
    assert.equal(claims.aud, CLIENT);
    assert.equal(claims.sub, 'agent1');
    assert.equal(claims.preferred_username, 'agent1');
    assert.equal(claims.email, 'agent1@example.test');
    assert.equal(await userinfoStatus(server.issuer, tokens.access_token), 200);
    assert.deepEqual(server.stats(), {
      tokenRequests: { authorization_code: 1, refresh_token: 0 },
      invalidGrant: 0,
      issuedAccessTokens: 1,
      issuedRefreshTokens: 1,
      acceptedRefreshes: 0,
      refreshedPairs: 0,
    });
  });

  it('requires PKCE S256 and the right verifier', async () => {
    server = await start();
    const without = await authorize(server.issuer, {});
    assert.equal(without.searchParams.get('error'), 'invalid_request');
    assert.match(without.searchParams.get('error_description'), /PKCE/);
    const plain = await authorize(server.issuer, {
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'plain',
    });
    assert.equal(plain.searchParams.get('error'), 'invalid_request');

    const { challenge } = pkce();
    const back = await authorize(server.issuer, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const wrong = await token(server.issuer, {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code'),
      redirect_uri: REDIRECT,
      code_verifier: pkce().verifier,
    });
    assert.equal(wrong.body.error, 'invalid_grant');
    assert.equal(server.stats().invalidGrant, 1);
  });

  it('rotates the refresh token on every use; a reused one is refused and revokes the grant', async () => {
    server = await start();
    const first = await signIn(server.issuer);
    const second = await refresh(server.issuer, first.refresh_token);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, first.refresh_token);
    assert.notEqual(second.body.access_token, first.access_token);
    const third = await refresh(server.issuer, second.body.refresh_token);
    assert.equal(third.status, 200);

    // The retired token again: invalid_grant, and the whole grant is gone.
    const reused = await refresh(server.issuer, second.body.refresh_token);
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');
    const current = await refresh(server.issuer, third.body.refresh_token);
    assert.equal(current.body.error, 'invalid_grant', 'the newest refresh token is revoked too');
    assert.equal(await userinfoStatus(server.issuer, third.body.access_token), 401);
    assert.deepEqual(server.stats(), {
      tokenRequests: { authorization_code: 1, refresh_token: 4 },
      invalidGrant: 2,
      issuedAccessTokens: 3,
      issuedRefreshTokens: 3,
      acceptedRefreshes: 2,
      refreshedPairs: 2,
    });
    server.resetStats();
    assert.equal(server.stats().tokenRequests.refresh_token, 0);
  });

  it('keeps the refresh token when rotation is off', async () => {
    server = await start({ rotateRefreshTokens: false });
    const first = await signIn(server.issuer);
    const second = await refresh(server.issuer, first.refresh_token);
    assert.equal(second.body.refresh_token, first.refresh_token);
    assert.equal((await refresh(server.issuer, first.refresh_token)).status, 200);
    const { acceptedRefreshes, refreshedPairs } = server.stats();
    assert.deepEqual(
      { acceptedRefreshes, refreshedPairs },
      { acceptedRefreshes: 2, refreshedPairs: 1 },
    );
  });

  it('reuseNextRefresh() makes the next refresh a reuse: invalid_grant, then a new sign-in works', async () => {
    server = await start();
    assert.equal(await server.reuseNextRefresh(), false, 'nothing issued yet');
    const tokens = await signIn(server.issuer);
    assert.equal(await server.reuseNextRefresh(), true);
    assert.deepEqual(
      server.stats().tokenRequests,
      { authorization_code: 1, refresh_token: 0 },
      'the hook’s own request is not counted',
    );
    const refused = await refresh(server.issuer, tokens.refresh_token);
    assert.equal(refused.body.error, 'invalid_grant');
    assert.equal(await userinfoStatus(server.issuer, tokens.access_token), 401);
    assert.equal(server.stats().invalidGrant, 1);
    // Signing in again gets a fresh grant whose refresh token works.
    const again = await signIn(server.issuer);
    assert.equal((await refresh(server.issuer, again.refresh_token)).status, 200);
  });

  it('without autoLogin: a login form once, then the remembered session, also after a revoked grant', async () => {
    server = await start({ autoLogin: undefined });
    const agent = newAgent();
    const first = await signIn(server.issuer, agent);
    assert.equal(agent.forms, 1);
    assert.equal(claimsOf(first.id_token).preferred_username, 'agent7');
    await signIn(server.issuer, agent);
    assert.equal(agent.forms, 1, 'the session was remembered');
    // Reuse revokes the grant; the session remains, so signing in again needs no form.
    const second = await refresh(server.issuer, first.refresh_token);
    assert.equal(second.status, 200);
    assert.equal((await refresh(server.issuer, first.refresh_token)).body.error, 'invalid_grant');
    assert.equal(
      (await refresh(server.issuer, second.body.refresh_token)).body.error,
      'invalid_grant',
    );
    const again = await signIn(server.issuer, agent);
    assert.equal(agent.forms, 1);
    assert.equal((await refresh(server.issuer, again.refresh_token)).status, 200);
  });

  it('answers CORS on the token endpoint only for the configured origins', async () => {
    server = await start();
    const tokens = await signIn(server.issuer);
    const allowed = await refresh(server.issuer, tokens.refresh_token);
    assert.equal(allowed.status, 200);
    const preflight = await fetch(`${server.issuer}/token`, {
      method: 'OPTIONS',
      headers: { Origin: APP, 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), APP);
    const foreign = await token(
      server.issuer,
      { grant_type: 'refresh_token', refresh_token: allowed.body.refresh_token },
      { Origin: 'http://elsewhere.test' },
    );
    assert.equal(foreign.body.error, 'invalid_request');
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const mine = await token(
      server.issuer,
      { grant_type: 'refresh_token', refresh_token: allowed.body.refresh_token },
      { Origin: APP },
    );
    assert.equal(mine.status, 200);
    assert.equal(mine.headers.get('access-control-allow-origin'), APP);
  });
});

describe('oidc-server in Chromium', () => {
  let browser;
  let app;
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (app ? app.close(resolve) : resolve()));
  });

  // The client: a page on http://localhost (another site than the issuer on 127.0.0.1) whose
  // button opens the authorization popup; the token request is a CORS fetch from that page.
  const CLIENT_JS = `
    const params = new URLSearchParams(location.search);
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const b64url = (b) => btoa(String.fromCharCode(...b)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
    const verifier = b64url(bytes);
    window.ready = crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then((d) => {
      window.authorizeUrl = params.get('issuer') + '/auth?' + new URLSearchParams({
        client_id: '${CLIENT}', response_type: 'code', scope: 'openid',
        redirect_uri: location.origin + '/callback', state: 's1',
        code_challenge: b64url(new Uint8Array(d)), code_challenge_method: 'S256' });
    });
    document.querySelector('#go').addEventListener('click', () => window.open(window.authorizeUrl, '_blank', 'popup'));
    window.exchange = async (code) => {
      const response = await fetch(params.get('issuer') + '/token', { method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: '${CLIENT}', code,
          redirect_uri: location.origin + '/callback', code_verifier: verifier }) });
      return response.json();
    };`;

  it('signs in through the login form in a popup opened by a click, over plain HTTP', async () => {
    app = http.createServer((req, res) => {
      if (req.url === '/client.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(CLIENT_JS);
      }
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><button id="go">Sign in</button><script src="/client.js"></script>');
    });
    await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appOrigin = `http://localhost:${app.address().port}`;
    server = await startOidcServer({
      redirectUris: [`${appOrigin}/callback`],
      corsOrigins: [appOrigin],
    });
    browser = await launchBrowser();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${appOrigin}/?issuer=${encodeURIComponent(server.issuer)}`);
    await page.evaluate(() => window.ready);

    const popupPromise = page.waitForEvent('popup');
    await page.click('#go');
    const popup = await popupPromise;
    await popup.locator('#password').fill('any password');
    await popup.locator('#sign-in').click();
    await popup.waitForURL(`${appOrigin}/callback?**`);
    const back = new URL(popup.url());
    assert.equal(back.searchParams.get('state'), 's1');
    const tokens = await page.evaluate(
      (code) => window.exchange(code),
      back.searchParams.get('code'),
    );
    assert.ok(tokens.access_token && tokens.refresh_token, JSON.stringify(tokens));
    assert.equal(claimsOf(tokens.id_token).preferred_username, 'agent1');

    // The server remembers the browser session: a second popup returns without the form.
    await popup.close();
    await page.reload();
    await page.evaluate(() => window.ready);
    const secondPromise = page.waitForEvent('popup');
    await page.click('#go');
    const second = await secondPromise;
    await second.waitForURL(`${appOrigin}/callback?**`);
    assert.ok(new URL(second.url()).searchParams.get('code'));
    assert.equal(server.stats().tokenRequests.authorization_code, 1);
    await context.close();
  });
});
