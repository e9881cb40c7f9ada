/**
 * Issue 8, items 2 and 3: what Finesse's refresh answers may look like, against the simulator.
 * - A refresh answer without `refresh_token` (Cisco's only published example has none): the
 *   library keeps its refresh token; `kept` (the old one stays valid) works for a whole shift
 *   with one sign-in, `retired` (the old one is refused at its next use) ends in one banner,
 *   `refresh-token-not-returned`, in every tab, and never in a loop.
 * - Finesse's own refresh at IdS sends both tokens, and IdS refuses a refresh token that does
 *   not belong with the access token (FINESSE.md §1). The simulator checks it the same way;
 *   the library never sends such a mix, even with a stale tab frozen and resumed.
 * Accepted refreshes per issued pair are counted as in session.test.js.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  expectNoTokenLeak,
  launchBrowser,
  openDesktop,
  signInByClick,
  simPost,
  simState,
  startApiTraffic,
  startSim,
  stateOf,
  until,
  waitForAll,
  waitForState,
} from './support.js';

let browser;
let sim;
let context;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext();
});
afterEach(async () => {
  await context?.close();
  await sim?.close();
  sim = undefined;
});

/**
 * Opens `count` tabs first, then signs in from the first: with short-lived pairs that are
 * refused at their second refresh, tabs opened after the sign-in could miss the active phase.
 */
async function tabsThenSignIn(count, simOptions) {
  sim = await startSim(simOptions);
  const pages = [];
  for (let i = 0; i < count; i++) pages.push(await openDesktop(context, sim));
  await signInByClick(pages[0]);
  return pages;
}

async function desktops(count, simOptions) {
  sim = await startSim(simOptions);
  const first = await openDesktop(context, sim);
  await signInByClick(first);
  const pages = [first];
  for (let i = 1; i < count; i++) pages.push(await openDesktop(context, sim));
  await waitForAll(pages, 'active');
  return pages;
}

const refreshesReach = (n, lifetime, count) =>
  until(async () => (await simState(sim)).counters.refreshAccepted >= n, {
    timeout: (lifetime * count + 15) * 1000,
    every: 250,
    message: `${n} accepted refreshes`,
  });

/** The session element's view of one tab: last error code, banners shown, error events. */
const problemOf = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('finesse-sso-session');
    const banners = [...el.shadowRoot.querySelectorAll('[part~="banner"]')];
    return {
      code: el.session.lastError?.code ?? null,
      banners: banners.length,
      bannerText: banners[0]?.textContent ?? '',
      errors: [...window.__errors],
    };
  });

describe('a refresh answer without refresh_token', () => {
  // One lifetime is enough here: the policy does not depend on it (the unit tests cover the
  // logic), and each run is a whole multi-tab shift.
  for (const lifetime of [4]) {
    it(`kept (${lifetime} s tokens, 4 tabs): the old refresh token carries the whole shift, 1.00 accepted refresh per pair`, async () => {
      const periods = lifetime === 3 ? 8 : 4;
      const pages = await desktops(4, {
        expiresIn: lifetime,
        refreshAnswerWithoutRefreshToken: 'kept',
      });
      for (const page of pages) await startApiTraffic(page, 300);
      await refreshesReach(periods, lifetime, periods);
      const { counters, acceptedPerIssuedPair, pairs } = await simState(sim);
      assert.equal(counters.interactiveSignIns, 1, 'one sign-in only');
      assert.equal(counters.refreshRefused, 0, 'no refresh refused');
      assert.equal(acceptedPerIssuedPair, 1, 'each pair refreshed exactly once');
      assert.equal(counters.refreshRequests, counters.refreshAccepted, 'no extra attempt');
      assert.equal(counters.apiExpiredToken, 0, 'no API call with an expired token');
      // The proof that the library kept the sign-in's refresh token: no answer carried one,
      // and every access token the simulator issued belongs to that single refresh token.
      assert.deepEqual(new Set(pairs.map((p) => p.refreshId)), new Set(['r1']));
      assert.ok(pairs.length > periods, 'a new access token at every refresh');
      await waitForAll(pages, 'active', lifetime * 1000);
      const calls = await Promise.all(pages.map((p) => p.evaluate(() => window.__api)));
      for (const call of calls) assert.equal(call.failed, 0, 'no API call failed');
      for (const page of pages) assert.deepEqual((await problemOf(page)).errors, []);
      await expectNoTokenLeak(assert, sim, pages);
    });

    it(`retired (${lifetime} s tokens, 3 tabs): one refresh-token-not-returned banner in every tab per sign-in, never a loop`, async () => {
      const pages = await tabsThenSignIn(3, {
        expiresIn: lifetime,
        refreshAnswerWithoutRefreshToken: 'retired',
      });
      for (let cycle = 1; cycle <= 2; cycle++) {
        // The refresh at 75 % is accepted (without refresh_token), the next one is refused:
        // the banner is up before the second pair expires.
        await waitForAll(pages, 'needs-sign-in', (lifetime * 2 + 10) * 1000);
        const { counters, pairs } = await simState(sim);
        assert.equal(counters.refreshAccepted, cycle, 'one accepted refresh per sign-in');
        assert.equal(counters.refreshRefused, cycle, 'one refusal per sign-in');
        assert.equal(counters.refreshRequests, 2 * cycle, 'no retry of the refusal');
        assert.equal(counters.refreshPairMismatch, 0, 'refused as used, not as a mismatch');
        assert.equal(pairs.at(-1).hasRefreshToken, true, 'IdS rotated; Finesse dropped it');
        for (const page of pages) {
          const problem = await problemOf(page);
          assert.equal(problem.code, 'refresh-token-not-returned');
          assert.equal(problem.banners, 1, 'one banner');
          assert.match(problem.bannerText, /without handing back a new refresh token/);
          assert.deepEqual(
            problem.errors.filter((code) => code === 'refresh-token-not-returned'),
            Array(cycle).fill('refresh-token-not-returned'),
            'one error event per sign-in',
          );
        }
        // Never a loop: past the expiry of the last pair nothing else is sent.
        const expiresAt = pairs.at(-1).expiresAt;
        await until(() => Date.now() > expiresAt + lifetime * 500, {
          timeout: lifetime * 3000,
          message: 'the last pair to expire',
        });
        const later = await simState(sim);
        assert.equal(later.counters.refreshRequests, 2 * cycle, 'no attempt after the refusal');
        for (const page of pages) assert.equal(await stateOf(page), 'needs-sign-in');
        if (cycle === 1) {
          await signInByClick(pages[1], { buttonPart: 'sign-in-again-button' });
          await waitForAll(pages, 'active');
          assert.equal((await simState(sim)).counters.interactiveSignIns, 2);
        }
      }
      await expectNoTokenLeak(assert, sim, pages);
    });
  }
});

/** The first sign-in of `user`, from Node, following the redirect chain through IdS and the IdP. */
async function signInFromNode(user = 'agent1') {
  let cookie = '';
  const go = async (url, init = {}) => {
    const response = await fetch(url, {
      redirect: 'manual',
      ...init,
      headers: { ...(cookie && { cookie }), ...init.headers },
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return response;
  };
  const start = new URL('/desktop/sso/token', sim.url);
  start.searchParams.set('cc_username', user);
  start.searchParams.set('return_refresh_token', 'true');
  let response = await go(start);
  response = await go(response.headers.get('location')); // IdS authorize -> IdP login
  const form = new URL(response.headers.get('location'));
  response = await go(`${sim.idsUrl}/idp/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      username: user,
      password: 'correct horse',
      continue: form.searchParams.get('continue'),
    }),
  });
  response = await go(response.headers.get('location')); // IdS authorize -> Finesse + code
  response = await go(response.headers.get('location'));
  assert.equal(response.status, 200);
  return response.json();
}

const form = (fields) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});
const finesseRefresh = (token, refreshToken) =>
  fetch(`${sim.url}/desktop/sso/token`, form({ token, 'refresh-token': refreshToken }));
const idsRefresh = (accessToken, refreshToken) =>
  fetch(
    `${sim.idsUrl}/ids/v1/oauth/access_token`,
    form({ grant_type: 'refresh_token', access_token: accessToken, refresh_token: refreshToken }),
  );

describe("Finesse's refresh at IdS: the refresh token must belong with the access token", () => {
  it('a newer refresh token with an older access token is refused with IdS\'s "Invalid Token"', async () => {
    sim = await startSim({ expiresIn: 60, demo: false });
    const first = await signInFromNode();
    const rotated = await (await finesseRefresh(first.token, first.refresh_token)).json();
    assert.ok(rotated.token && rotated.refresh_token);
    const invalid = { error: 'Invalid Token', error_description: 'Invalid Token' };

    // The seed's failure, through Finesse and straight at IdS.
    const viaFinesse = await finesseRefresh(first.token, rotated.refresh_token);
    assert.equal(viaFinesse.status, 401);
    assert.deepEqual(await viaFinesse.json(), invalid);
    const atIds = await idsRefresh(first.token, rotated.refresh_token);
    assert.equal(atIds.status, 401);
    assert.match(atIds.headers.get('content-type'), /json/);
    assert.deepEqual(await atIds.json(), invalid);
    let { counters } = await simState(sim);
    assert.equal(counters.refreshPairMismatch, 2);

    // The matching pair is still good at IdS (the refusals rotated nothing), with both tokens.
    const ok = await idsRefresh(rotated.token, rotated.refresh_token);
    assert.equal(ok.status, 200);
    const answer = await ok.json();
    assert.equal(typeof answer.access_token, 'string');
    assert.equal(typeof answer.refresh_token, 'string');
    assert.equal(answer.expires_in, 60);
    // Finesse's GET form carries no access token: the simulator's Finesse sends IdS the one it
    // issued with that refresh token, so the GET form cannot be a mismatch.
    const get = new URL('/desktop/sso/token', sim.url);
    get.searchParams.set('cc_username', 'agent1');
    get.searchParams.set('refresh-token', answer.refresh_token);
    assert.equal((await fetch(get)).status, 200);
    ({ counters } = await simState(sim));
    assert.equal(counters.refreshPairMismatch, 2, 'no mismatch from matching pairs');
  });

  it('the switch as a /sim/config key: kept and retired answers omit refresh_token; a bad value is a 400', async () => {
    sim = await startSim({ expiresIn: 60, demo: false });
    const bad = await fetch(`${sim.url}/sim/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshAnswerWithoutRefreshToken: 'yes' }),
    });
    assert.equal(bad.status, 400);
    const first = await signInFromNode();
    await simPost(sim, '/sim/config', { refreshAnswerWithoutRefreshToken: 'kept' });
    const kept = await (await finesseRefresh(first.token, first.refresh_token)).json();
    assert.equal(typeof kept.token, 'string');
    assert.equal('refresh_token' in kept, false);
    const again = await finesseRefresh(kept.token, first.refresh_token);
    assert.equal(again.status, 200, 'the old refresh token stays valid');
    await simPost(sim, '/sim/config', { refreshAnswerWithoutRefreshToken: 'retired' });
    const retired = await (
      await finesseRefresh((await again.json()).token, first.refresh_token)
    ).json();
    assert.equal('refresh_token' in retired, false);
    const refused = await finesseRefresh(retired.token, first.refresh_token);
    assert.equal(refused.status, 401, 'the old refresh token is refused at its next use');
    const { counters } = await simState(sim);
    assert.equal(counters.refreshAccepted, 3);
    assert.equal(counters.refreshRefused, 1);
  });

  it('the library never mixes them: 4 tabs over 10 lifetimes, a stale tab frozen and resumed', async () => {
    const lifetime = 3;
    const pages = await desktops(4, { expiresIn: lifetime });
    for (const page of pages) await startApiTraffic(page, 300);
    await refreshesReach(2, lifetime, 2);
    await waitForAll(pages, 'active', lifetime * 1000);
    const stale = pages[3];
    const cdp = await context.newCDPSession(stale);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    const frozenAt = (await simState(sim)).counters.refreshAccepted;
    // The frozen tab's pair is rotated away three times while it sleeps.
    await refreshesReach(frozenAt + 3, lifetime, 3);
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await waitForState(stale, 'active', lifetime * 1000);
    const status = await stale.evaluate(
      async () =>
        (await document.querySelector('finesse-sso-session').fetch('/finesse/api/User/agent1'))
          .status,
    );
    assert.equal(status, 200);
    await refreshesReach(10, lifetime, 10);
    const { counters, acceptedPerIssuedPair } = await simState(sim);
    assert.equal(counters.refreshPairMismatch, 0, 'no refresh token sent with another pair');
    assert.equal(counters.refreshRefused, 0, 'no refresh refused');
    assert.equal(counters.interactiveSignIns, 1, 'one sign-in only');
    assert.equal(acceptedPerIssuedPair, 1, 'each pair refreshed exactly once');
    assert.equal(counters.refreshRequests, counters.refreshAccepted, 'no extra attempt');
    assert.equal(counters.apiExpiredToken, 0, 'no API call with an expired token');
    await waitForAll(pages, 'active', lifetime * 1000);
    await expectNoTokenLeak(assert, sim, pages);
  });
});
