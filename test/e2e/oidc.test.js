/**
 * The generic OpenID Connect provider end to end, against a real authorization server
 * (`oidc-provider`, demo/server/oidc-server.js) with short access tokens and refresh-token
 * rotation that revokes the grant when a refresh token is reused. Several tabs of one browser
 * context run the OIDC demo page (`/demo/oidc/`) on the simulator's origin, whose
 * `/oauth/callback.html` is the registered redirect URI. Popup blocking stays on: every
 * sign-in starts from a real click.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { startOidcServer } from '../../demo/server/oidc-server.js';
import {
  SIGN_IN_MS,
  launchBrowser,
  openDesktop,
  signInByClick,
  sleep,
  startSim,
  startApiTraffic,
  until,
  visibleText,
  waitForAll,
  waitForState,
} from './support.js';

const CLIENT_ID = 'finesse-sso-e2e';
const TTL_S = 6;

let browser;
let sim;
let oidc;
let context;
let popups;

before(async () => {
  browser = await launchBrowser();
  sim = await startSim();
});
after(async () => {
  await browser?.close();
  await sim?.close();
});
beforeEach(async () => {
  oidc = await startOidcServer({
    port: 0,
    accessTokenTtl: TTL_S,
    rotateRefreshTokens: true,
    clientId: CLIENT_ID,
    redirectUris: [`${sim.url}/oauth/callback.html`],
    corsOrigins: [sim.url],
    autoLogin: 'agent1',
  });
  context = await browser.newContext();
  popups = [];
  context.on('page', async (page) => {
    if (await page.opener()) popups.push(page);
  });
});
afterEach(async () => {
  await context?.close();
  await oidc?.close();
});

const demoPath = () =>
  `/demo/oidc/?issuer=${encodeURIComponent(oidc.issuer)}&client=${encodeURIComponent(CLIENT_ID)}`;

/** `count` tabs of the demo; the first signs in by a click, the others follow. */
async function signedInTabs(count) {
  const first = await openDesktop(context, sim, demoPath());
  await signInByClick(first);
  const pages = [first];
  for (let i = 1; i < count; i++) pages.push(await openDesktop(context, sim, demoPath()));
  await waitForAll(pages, 'active');
  return pages;
}

const bannerShown = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('finesse-sso-session')?.shadowRoot;
    const button = root?.querySelector('[part~="sign-in-again-button"]');
    return Boolean(
      root?.querySelector('[part~="banner"]') &&
      button &&
      button.getBoundingClientRect().height > 0 &&
      /sign in again/i.test(button.textContent ?? ''),
    );
  });

describe('generic OpenID Connect against oidc-provider', () => {
  it('5 tabs, 10 refreshes: 1.00 accepted refresh per issued pair, no invalid_grant, one popup', async () => {
    const pages = await signedInTabs(5);
    const signedInAt = Date.now();
    for (const page of pages) await startApiTraffic(page, 500, `${oidc.issuer}/me`);
    // Ten refreshes, however slowly a busy machine gets there (each falls due at 75 %).
    await until(() => oidc.stats().acceptedRefreshes >= 10, {
      timeout: 30 * TTL_S * 1000,
      every: 250,
      message: '10 refreshes',
      // What the tabs show and the server counted, when it does not get there.
      explain: async () => {
        const states = await Promise.all(
          pages.map((p) => p.evaluate(() => document.querySelector('finesse-sso-session')?.state)),
        );
        return `${JSON.stringify(oidc.stats())}; states ${states.join(', ')}`;
      },
    });
    // A refresh may be under way in some tab: every tab settles back to active.
    await waitForAll(pages, 'active', TTL_S * 2000);
    const stats = oidc.stats();
    const lifetimes = (Date.now() - signedInAt) / (TTL_S * 1000);
    console.log(
      `oidc e2e: ${lifetimes.toFixed(1)} lifetimes, ${stats.acceptedRefreshes} refreshes for ` +
        `${stats.refreshedPairs} pairs, ${stats.invalidGrant} invalid_grant, ${popups.length} popup(s)`,
    );
    assert.equal(stats.tokenRequests.authorization_code, 1, 'one code exchange');
    assert.equal(stats.invalidGrant, 0, 'no invalid_grant');
    assert.ok(stats.acceptedRefreshes >= 10, `refreshed ${stats.acceptedRefreshes} times`);
    assert.equal(stats.acceptedRefreshes / stats.refreshedPairs, 1, 'accepted refreshes per pair');
    assert.equal(stats.tokenRequests.refresh_token, stats.acceptedRefreshes, 'no extra attempt');
    assert.equal(popups.length, 1, 'no popup after the first sign-in');
    const calls = await Promise.all(pages.map((p) => p.evaluate(() => window.__api)));
    for (const call of calls) {
      assert.ok(call.ok > 0, 'every tab called the API');
      assert.equal(call.failed, 0, `no API call failed (${call.why?.join('; ')})`);
    }
    const token = await pages[0].evaluate(() =>
      document.querySelector('finesse-sso-session').getAccessToken(),
    );
    for (const page of pages) {
      assert.ok(
        !(await visibleText(page)).includes(token),
        'the token is not in the DOM or console',
      );
      assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
    }
  });

  it('a reused refresh token ends in "Sign in again" in every tab, not a loop; one click signs all in', async () => {
    const pages = await signedInTabs(5);
    await until(() => oidc.stats().acceptedRefreshes >= 1, {
      timeout: TTL_S * 2000,
      message: 'a first refresh',
    });
    // Someone else spends the refresh token the tabs hold: their next refresh is a reuse,
    // which oidc-provider answers with invalid_grant and a revoked grant.
    assert.equal(await oidc.reuseNextRefresh(), true);
    await waitForAll(pages, 'needs-sign-in', TTL_S * 2000);
    for (const page of pages) {
      await until(() => bannerShown(page), { timeout: TTL_S * 2000, message: 'the banner' });
    }
    const refused = oidc.stats();
    assert.equal(refused.invalidGrant, 1, 'exactly one refused refresh');
    // Not a loop: no token request for two more lifetimes.
    await sleep(2 * TTL_S * 1000);
    const later = oidc.stats();
    assert.equal(later.tokenRequests.refresh_token, refused.tokenRequests.refresh_token);
    assert.equal(later.invalidGrant, 1);
    assert.equal(popups.length, 1, 'no popup opened by itself');
    // One click in one tab signs every tab in again.
    const popupPromise = pages[2].waitForEvent('popup', { timeout: 10_000 });
    const button = pages[2].locator('finesse-sso-session [part~="sign-in-again-button"]');
    if (await button.count()) await button.click();
    else await pages[2].locator('finesse-sso-session [part~="sign-in-button"]').click();
    await popupPromise;
    await waitForAll(pages, 'active');
    assert.equal(oidc.stats().tokenRequests.authorization_code, 2);
    assert.equal(popups.length, 2);
  });

  it('a tab that reloads while its popup is open still finishes the sign-in (callback over BroadcastChannel or postMessage)', async () => {
    const page = await openDesktop(context, sim, demoPath());
    const other = await openDesktop(context, sim, demoPath());
    let reloaded = false;
    let held = false;
    // Hold the popup at the callback: its script (what hands the answer over) waits until the
    // opener reloaded. Not the callback's URL: it comes by redirect from the IdP, and Playwright
    // does not route requests that follow a redirect (the earlier glob never held anything).
    const callbackScript = (url) => url.pathname === '/oauth/callback.js';
    await context.route(callbackScript, async (route) => {
      held = true;
      await until(() => reloaded, { timeout: SIGN_IN_MS, message: 'the reload' });
      await route.continue();
    });
    const field = page.locator('finesse-sso-session [part~="username-input"]');
    assert.equal(await field.count(), 0, 'no username field for an OAuth provider');
    const popupPromise = page.waitForEvent('popup');
    await page.locator('finesse-sso-session [part~="sign-in-button"]').click();
    const popup = await popupPromise;
    // Reload once the popup is at the callback. The popup opens blank and gets its address
    // only after the tab has stored the sign-in (PKCE, IndexedDB, lock): a reload before that
    // is another case (the popup is closed, see popup-flow), and on a busy machine it came first.
    await until(() => held, { timeout: SIGN_IN_MS, message: 'the popup at the callback' });
    await page.reload();
    await page.waitForFunction(() => document.querySelector('finesse-sso-session')?.state);
    reloaded = true;
    await waitForState(page, 'active');
    await waitForState(other, 'active');
    await until(() => popup.isClosed(), {
      timeout: SIGN_IN_MS,
      message: 'the popup closed itself',
    });
    assert.equal(oidc.stats().tokenRequests.authorization_code, 1, 'one code exchange');
  });
});
