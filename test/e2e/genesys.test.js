/**
 * Genesys Cloud provider end to end, against the local stand-in (demo/server/genesys-standin.js;
 * Genesys Cloud itself cannot be reached here). First the stand-in's own behaviour, driven with
 * fetch; then `<finesse-sso-session provider="genesys">` in Debian's Chromium with popup
 * blocking on: sign-in by click, a second tab without a popup, the authorize URL's PKCE
 * parameters, the banner and countdown before expiry, the idle warning and sign-out in every
 * tab, and a 401 from the API as the server's idle expiry.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { startGenesysDemo } from '../../demo/genesys/desktop-server.js';
import { startGenesysStandin } from '../../demo/server/genesys-standin.js';
import { launchBrowser, visibleText, waitForAll, waitForState } from './support.js';

const APP = 'http://127.0.0.1:9'; // a redirect URI's origin: never contacted
const REDIRECT = `${APP}/callback`;
const CLIENT = 'finesse-sso-genesys';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('the Genesys Cloud stand-in', () => {
  let standin;
  afterEach(async () => {
    await standin?.close();
    standin = undefined;
  });

  const start = (options = {}) =>
    startGenesysStandin({ redirectUris: [REDIRECT], corsOrigins: [APP], ...options });

  async function authorizeUrl(params) {
    const query = new URLSearchParams({
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      state: 'state-1',
      ...params,
    });
    return `${standin.origin}/oauth/authorize?${query}`;
  }

  /** The authorize step with auto-login: where the stand-in sends the agent back to. */
  async function authorize(params) {
    const response = await fetch(await authorizeUrl(params), { redirect: 'manual' });
    assert.equal(response.status, 302);
    return new URL(response.headers.get('location'));
  }

  const exchange = (fields) =>
    fetch(`${standin.origin}/oauth/token`, {
      method: 'POST',
      headers: { Origin: APP },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: CLIENT,
        redirect_uri: REDIRECT,
        ...fields,
      }),
    });

  const me = (token) =>
    fetch(`${standin.origin}/api/v2/users/me`, {
      headers: { Authorization: `Bearer ${token}`, Origin: APP },
    });

  it('code flow with PKCE: a bearer token with the configured lifetime and no refresh token', async () => {
    standin = await start({ tokenLifetime: 64_800 });
    const { verifier, challenge } = pkce();
    const back = await authorize({
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    assert.equal(back.origin + back.pathname, REDIRECT);
    assert.equal(back.searchParams.get('state'), 'state-1');
    const code = back.searchParams.get('code');
    assert.ok(code);
    assert.deepEqual(standin.stats().lastAuthorize, {
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      state: 'state-1',
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });

    const response = await exchange({ code, code_verifier: verifier });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), APP);
    const body = await response.json();
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 64_800);

    const user = await me(body.access_token);
    assert.equal(user.status, 200);
    assert.equal(user.headers.get('access-control-allow-origin'), APP);
    const json = await user.json();
    assert.ok(json.id);
    assert.equal(json.email, 'agent1@example.com');
    assert.equal(standin.stats().usersMeCalls, 1);
    assert.equal(standin.stats().tokenRequests, 1);
  });

  it('refuses a wrong verifier, a reused code, an unknown client and a foreign origin', async () => {
    standin = await start();
    const { verifier, challenge } = pkce();
    const params = {
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    let code = (await authorize(params)).searchParams.get('code');
    let response = await exchange({ code, code_verifier: pkce().verifier });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'invalid_grant');
    // codes are single use, even after a refused attempt
    response = await exchange({ code, code_verifier: verifier });
    assert.equal((await response.json()).error, 'invalid_grant');
    code = (await authorize(params)).searchParams.get('code');
    assert.equal((await exchange({ code, code_verifier: verifier })).status, 200);
    assert.equal((await exchange({ code, code_verifier: verifier })).status, 400);
    assert.deepEqual(standin.stats().tokenErrors, { invalid_grant: 3 });

    const foreign = await fetch(`${standin.origin}/oauth/token`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example' },
      body: 'grant_type=authorization_code',
    });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  it('checks the client, the redirect URI and PKCE before signing anyone in', async () => {
    standin = await start();
    const unknownClient = await fetch(
      await authorizeUrl({ client_id: 'x', response_type: 'token' }),
      {
        redirect: 'manual',
      },
    );
    assert.equal(unknownClient.status, 400);
    const unregistered = await fetch(
      await authorizeUrl({ redirect_uri: 'http://127.0.0.1:9/elsewhere', response_type: 'token' }),
      { redirect: 'manual' },
    );
    assert.equal(unregistered.status, 400);
    const noPkce = await authorize({ response_type: 'code' });
    assert.equal(noPkce.searchParams.get('error'), 'invalid_request');
    const plain = await authorize({
      response_type: 'code',
      code_challenge: 'abc',
      code_challenge_method: 'plain',
    });
    assert.equal(plain.searchParams.get('error'), 'invalid_request');
    const odd = await authorize({ response_type: 'id_token' });
    assert.equal(odd.searchParams.get('error'), 'unsupported_response_type');
  });

  it('implicit grant: the token in the fragment, never in the query', async () => {
    standin = await start({ tokenLifetime: 900 });
    const back = await authorize({ response_type: 'token' });
    assert.equal(back.search, '');
    const fragment = new URLSearchParams(back.hash.slice(1));
    assert.equal(fragment.get('token_type'), 'bearer');
    assert.equal(fragment.get('expires_in'), '900');
    assert.equal(fragment.get('state'), 'state-1');
    assert.equal((await me(fragment.get('access_token'))).status, 200);
  });

  it('the API answers 401 once a token was idle too long, or its session ended', async () => {
    standin = await start({ idleTimeout: 1 });
    const token = async () =>
      new URLSearchParams((await authorize({ response_type: 'token' })).hash.slice(1)).get(
        'access_token',
      );
    const idle = await token();
    const busy = await token();
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal((await me(busy)).status, 200, 'API use keeps a token alive');
    }
    const refused = await me(idle);
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).code, 'bad.credentials');
    assert.equal(standin.stats().idleExpired, 1);
    standin.endAllSessions();
    assert.equal((await me(busy)).status, 401);
    assert.equal(standin.stats().unauthorized, 2);
  });

  it('a login form when auto-login is off', async () => {
    standin = await start({ autoLogin: false });
    const response = await fetch(await authorizeUrl({ response_type: 'token' }), {
      redirect: 'manual',
    });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<form method="post" action="\/oauth\/authorize">/);
    assert.match(response.headers.get('content-security-policy'), /default-src 'none'/);
    const form = new URLSearchParams(
      [...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const login = await fetch(`${standin.origin}/oauth/authorize`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    assert.equal(login.status, 302);
    assert.ok(new URL(login.headers.get('location')).hash.includes('access_token='));
  });
});

describe('<finesse-sso-session provider="genesys"> in Chromium', () => {
  let browser;
  let demo;
  let context;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await context?.close();
    await demo?.close();
    context = undefined;
    demo = undefined;
  });

  /** A fresh desktop and stand-in, and a browser context whose popups are counted. */
  async function setUp(options = {}) {
    demo = await startGenesysDemo(options);
    context = await browser.newContext();
    context.popups = 0;
    context.on('page', async (page) => {
      if (await page.opener()) context.popups++;
    });
    return demo;
  }

  async function openTab(query = {}) {
    const page = await context.newPage();
    page.consoleText = [];
    page.on('console', (message) => page.consoleText.push(message.text()));
    page.on('pageerror', (error) => page.consoleText.push(`pageerror: ${error.message}`));
    await page.goto(demo.pageUrl(query));
    await page.waitForFunction(() => document.querySelector('finesse-sso-session')?.state);
    return page;
  }

  /** A real click on the element's sign-in button; the stand-in signs in at once. */
  async function signInByClick(page, part = 'sign-in-button') {
    // No username field: Genesys's login page asks (Finesse's cc_username does not apply).
    const field = page.locator('finesse-sso-session [part~="username-input"]');
    assert.equal(await field.count(), 0, 'no username field for an OAuth provider');
    const popup = page.waitForEvent('popup', { timeout: 10_000 });
    await page.locator(`finesse-sso-session [part~="${part}"]`).click();
    await popup;
    await waitForState(page, 'active');
  }

  /**
   * Signs in by click in a first tab, then opens a second one that follows without a popup.
   * With a short idle timeout, opening the second tab on a loaded machine can take longer than
   * the timeout itself (the second tab then finds everyone idle and signs all out, rightly):
   * the first tab is kept busy until the second is signed in, so idle time starts after that.
   */
  async function twoSignedInTabs(query = {}) {
    const first = await openTab(query);
    await waitForState(first, 'signed-out');
    await signInByClick(first);
    let opening = true;
    const keepBusy = (async () => {
      while (opening) {
        await first.keyboard.press('Shift').catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    try {
      const second = await openTab(query);
      await waitForState(second, 'active', 30_000);
      return [first, second];
    } finally {
      opening = false;
      await keepBusy;
    }
  }

  const part = (page, name) =>
    page.evaluate(
      (n) =>
        document.querySelector('finesse-sso-session').shadowRoot.querySelector(`[part~="${n}"]`)
          ?.textContent ?? null,
      name,
    );

  const errorCode = (page) => page.evaluate(() => window.__lastError ?? null);

  const recordErrors = (page) =>
    page.evaluate(() =>
      document
        .querySelector('finesse-sso-session')
        .addEventListener('finesse-session-error', (event) => {
          window.__lastError = event.detail.code;
        }),
    );

  it('PKCE sign-in by click; a second tab is signed in without a popup', async () => {
    await setUp({ tokenLifetime: 600 });
    const first = await openTab();
    await waitForState(first, 'signed-out');
    await signInByClick(first);

    const authorize = demo.standin.stats().lastAuthorize;
    assert.equal(authorize.client_id, 'finesse-sso-genesys-demo');
    assert.equal(authorize.redirect_uri, demo.redirectUri);
    assert.equal(authorize.response_type, 'code');
    assert.equal(authorize.code_challenge_method, 'S256');
    assert.match(authorize.code_challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.match(authorize.state, /^[A-Za-z0-9_-]{43,}$/);
    assert.equal(authorize.code_verifier, undefined);

    const user = await first.evaluate(() => document.querySelector('finesse-sso-session').user);
    assert.equal(user.userPrincipal, 'agent1@example.com');
    assert.equal(user.realm, 'mypurecloud.com');

    const second = await openTab();
    await waitForState(second, 'active');
    assert.equal(context.popups, 1);
    const stats = demo.standin.stats();
    assert.equal(stats.tokenRequests, 1);
    assert.equal(stats.usersMeCalls, 1);

    // The token reaches no page text, attribute or console line.
    for (const page of [first, second]) {
      const text = (await visibleText(page)) + page.consoleText.join('\n');
      for (const token of demo.standin.issuedTokens()) assert.ok(!text.includes(token));
    }
  });

  it('through the login form (as npm start runs it): signed in, named by email, not by id', async () => {
    await setUp({ autoLogin: false });
    const page = await openTab();
    await waitForState(page, 'signed-out');
    const popupPromise = page.waitForEvent('popup', { timeout: 10_000 });
    await page.locator('finesse-sso-session [part~="sign-in-button"]').click();
    const popup = await popupPromise;
    // The form's answer redirects to the desktop: the page's form-action must allow it.
    await popup.locator('#login').click();
    await waitForState(page, 'active');
    const status = await part(page, 'status');
    assert.match(status, /agent1@example\.com/);
    const user = await page.evaluate(() => document.querySelector('finesse-sso-session').user);
    assert.ok(!status.includes(user.userId), 'the opaque Genesys user id is not shown');
  });

  it('implicit grant: the token comes in the fragment and the sign-in is shared', async () => {
    await setUp();
    const first = await openTab({ grant: 'implicit' });
    await waitForState(first, 'signed-out');
    await signInByClick(first);
    const authorize = demo.standin.stats().lastAuthorize;
    assert.equal(authorize.response_type, 'token');
    assert.equal(authorize.code_challenge, undefined);
    assert.equal(demo.standin.stats().tokenRequests, 0);
    const second = await openTab({ grant: 'implicit' });
    await waitForState(second, 'active');
    assert.equal(context.popups, 1);
  });

  it('the banner counts down before the token expires; a click signs in again', async () => {
    // 20 s tokens: the banner comes for the last quarter (5 s); no refresh token exists.
    await setUp({ tokenLifetime: 20 });
    const [first, second] = await twoSignedInTabs();
    for (const page of [first, second]) {
      await page.waitForFunction(
        () =>
          document
            .querySelector('finesse-sso-session')
            .shadowRoot.querySelector('[part~="countdown"]'),
        null,
        // Due at 75 % of the lifetime after sign-in: a whole lifetime of slack for a busy machine.
        { timeout: 2 * 20_000 },
      );
    }
    assert.equal(demo.standin.stats().tokenRequests, 1, 'no refresh is attempted');
    await signInByClick(second, 'sign-in-again-button');
    assert.equal(demo.standin.stats().tokenRequests, 2);
    await first.waitForFunction(
      () =>
        !document
          .querySelector('finesse-sso-session')
          .shadowRoot.querySelector('[part~="countdown"]'),
    );
  });

  it('idle: a warning shortly before, then sign-out in every tab', async () => {
    await setUp({ tokenLifetime: 600 });
    const idleSeconds = 6;
    // Deadlines from the idle timeout, with room for a loaded machine.
    const deadline = idleSeconds * 1000 + 15_000;
    const [first, second] = await twoSignedInTabs({ idle: idleSeconds });
    await recordErrors(first);
    await recordErrors(second);
    // No input from here on: page.evaluate and waits send no events to the pages.
    for (const page of [first, second]) {
      await page.waitForFunction(
        () =>
          document
            .querySelector('finesse-sso-session')
            .shadowRoot.querySelector('[part~="idle-warning"]'),
        null,
        { timeout: deadline },
      );
    }
    assert.equal(first.isClosed(), false);
    await waitForAll([first, second], 'signed-out', deadline);
    assert.equal(await errorCode(first), 'idle-timeout');
    assert.equal(await errorCode(second), 'idle-timeout');
    assert.ok((await part(second, 'error'))?.length > 0, 'the reason is shown');
  });

  it('activity in one tab keeps every tab signed in', async () => {
    await setUp({ tokenLifetime: 600 });
    const idleMs = 6_000;
    const [first, second] = await twoSignedInTabs({ idle: idleMs / 1000 });
    // Input every 1.5 s in the first tab for one and a half idle periods: without the shared
    // activity, the second tab would sign out after 6 s.
    const start = Date.now();
    while (Date.now() - start < 1.5 * idleMs) {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await first.keyboard.press('Shift');
    }
    assert.equal(
      await second.evaluate(() => document.querySelector('finesse-sso-session').state),
      'active',
    );
  });

  it('a 401 from the Genesys API signs every tab out as the idle expiry', async () => {
    await setUp({ tokenLifetime: 600 });
    const [first, second] = await twoSignedInTabs();
    await recordErrors(second);
    await first.locator('#call-api').click();
    await first.waitForFunction(() =>
      document.getElementById('api-result').textContent.startsWith('HTTP 200'),
    );
    demo.standin.endAllSessions(); // the server's idle timeout ended the token's session
    await first.locator('#call-api').click();
    await waitForAll([first, second], 'signed-out');
    assert.equal(await errorCode(second), 'idle-timeout');
    assert.match(await first.locator('#api-result').textContent(), /idle-timeout/);
  });
});
