/**
 * Relay mode in Firefox ESR (cross-browser.test.js's driver; Chromium's relay runs are in
 * relay.test.js): the desktop on site A (`desk.test`), Finesse and the relay on site B
 * (`fin.test`), over https with one self-signed certificate. Firefox maps the names with
 * `network.dns.localDomains` and accepts the certificate through WebDriver BiDi's
 * `acceptInsecureCerts`; popup blocking stays on.
 *
 * As shipped (JSON viewer on) the relay cannot read the token page either: it reports
 * `json-viewer` to the element at once and says itself what to deploy. With the enterprise
 * policy's preference, a click in the relay frame signs in and the tabs share one pair.
 * Runs when `E2E_BROWSERS` names firefox (the default), as cross-browser.test.js picks.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, afterEach, before, describe, it } from 'node:test';
import { SITES_FIREFOX_PREFS } from '../../demo/server/sites.js';
import { JSON_VIEWER_POLICY } from '../../scripts/firefox.js';
import { selectedDrivers } from './browsers.js';
import { startSim, until } from './support.js';

const SESSION = 'finesse-sso-session';

for (const d of selectedDrivers().filter((driver) => driver.name === 'firefox')) {
  describe(`${d.name}: relay mode across two sites`, () => {
    let shipped;
    let policy;
    let sim;
    let context;
    before(async () => {
      execFileSync(process.execPath, ['scripts/build-relay.js'], { stdio: 'ignore' });
      const options = { acceptInsecureCerts: true };
      shipped = await d.launch(SITES_FIREFOX_PREFS, options);
      policy = await d.launch({ ...SITES_FIREFOX_PREFS, ...JSON_VIEWER_POLICY }, options);
    });
    after(async () => {
      await shipped?.close();
      await policy?.close();
    });
    afterEach(async () => {
      await context?.close().catch(() => {});
      await sim?.close();
      context = sim = undefined;
    });

    /** The simulator with two sites, Finesse allowing site A over CORS (as relay.test.js). */
    async function startSites(browser, options) {
      sim = await startSim({ sites: true, ...options });
      const desk = sim.sites.desktopOrigin;
      sim.allowOrigins({ rest: [desk], notifications: [desk] });
      context = await d.newContext(browser);
    }
    const control = async (path) => (await fetch(`${sim.sites.controlUrl}${path}`)).json();
    const simState = () => control('/sim/state');

    async function openDesktop() {
      const page = await d.newPage(context, () => {
        window.__errors = [];
        document.addEventListener('finesse-session-error', (event) =>
          window.__errors.push(event.detail.code),
        );
      });
      await d.goto(page, `${sim.sites.desktopOrigin}/`);
      await d.waitFor(page, (tag) => document.querySelector(tag)?.state, SESSION, 15_000);
      return page;
    }
    const stateOf = (page) => d.evaluate(page, (tag) => document.querySelector(tag).state, SESSION);
    const waitForState = (page, state, timeout = 15_000) =>
      d.waitFor(
        page,
        ([tag, s]) => document.querySelector(tag)?.state === s,
        [SESSION, state],
        timeout,
      );

    /** The relay's frame once its handshake is done (its sign-in button is shown). */
    async function relayFrame(page) {
      const handle = await page.waitForSelector(`${SESSION} >>> iframe[part~="relay-frame"]`, {
        timeout: 10_000,
      });
      const frame = await handle.contentFrame();
      await frame.waitForSelector('#sign-in', { timeout: 15_000 });
      assert.equal(new URL(frame.url()).origin, sim.sites.finesseOrigin);
      return frame;
    }

    /**
     * The agent's click inside the relay frame. A popup opened by a frame is not reported as
     * the page's `popup` in puppeteer's BiDi mode: the context's new target is.
     */
    async function clickInRelay(page) {
      const frame = await relayFrame(page);
      if (await frame.$('#username')) await d.fill(frame, '#username', 'agent1');
      const popup = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no popup within 10 s')), 10_000);
        context.once('targetcreated', async (target) => {
          clearTimeout(timer);
          resolve(await target.page());
        });
      });
      await d.click(frame, '#sign-in');
      return { frame, popup: await popup };
    }

    it('as shipped (JSON viewer on): the relay reports json-viewer at once, mints nothing, and says what to deploy', async () => {
      await startSites(shipped, { expiresIn: 60 });
      const page = await openDesktop();
      assert.equal(await d.count(page, `${SESSION} [part~="sign-in-button"]`), 0);
      const { frame, popup } = await clickInRelay(page);
      await d.waitFor(page, () => window.__errors.includes('json-viewer'), undefined, 10_000);
      assert.equal(await stateOf(page), 'signed-out');
      const elementText = await until(
        () =>
          d.evaluate(
            page,
            (tag) =>
              document.querySelector(tag).shadowRoot.querySelector('[part~="error"]')
                ?.textContent ?? '',
            SESSION,
          ),
        { message: "the element's message" },
      );
      assert.match(elementText, /devtools\.jsonview\.enabled/);
      // The relay frame's own words: the policy, not a "try again" that cannot work.
      const relayText = await until(
        async () => {
          const text = await d.evaluate(frame, () => document.body.innerText);
          return text.includes('JSON viewer') && text;
        },
        { message: "the relay frame's message" },
      );
      assert.match(relayText, /policies\.json/);
      assert.match(
        relayText,
        /"devtools\.jsonview\.enabled": \{"Value": false, "Status": "locked"\}/,
      );
      assert.doesNotMatch(relayText, /did not finish/);
      await until(() => popup.isClosed(), { message: 'the popup to close' });
      const { counters } = await simState();
      assert.equal(counters.tokenEndpointCalls, 0, 'no pair minted that nobody can read');
      assert.equal(counters.loginFormsShown, 0, 'no password asked');
    });

    it('with the policy: a click in the relay signs in, and 3 tabs share one pair (1.00 accepted refresh per pair)', async () => {
      const lifetime = 3;
      await startSites(policy, { expiresIn: lifetime });
      const first = await openDesktop();
      const { popup } = await clickInRelay(first);
      await d.waitFor(popup, () => document.querySelector('#password'), undefined, 10_000);
      await d.fill(popup, '#password', 'correct horse');
      await d.click(popup, '#sign-in').catch(() => {}); // the popup may close under the click
      await waitForState(first, 'active');
      const pages = [first, await openDesktop(), await openDesktop()];
      await Promise.all(pages.map((page) => waitForState(page, 'active')));
      for (const page of pages) {
        await d.evaluate(
          page,
          (tag) => {
            const session = document.querySelector(tag);
            window.__api = { ok: 0, failed: 0 };
            setInterval(async () => {
              try {
                const r = await session.fetch('/finesse/api/User/agent1');
                window.__api[r.ok ? 'ok' : 'failed']++;
              } catch {
                window.__api.failed++;
              }
            }, 400);
          },
          SESSION,
        );
      }
      const refreshes = 6;
      await until(async () => (await simState()).counters.refreshAccepted >= refreshes, {
        timeout: (lifetime * refreshes + 20) * 1000,
        every: 250,
        message: `${refreshes} refreshes through the relay`,
      });
      const { counters, acceptedPerIssuedPair } = await simState();
      assert.equal(counters.interactiveSignIns, 1, 'one sign-in');
      assert.equal(counters.refreshRefused, 0, 'no refusal');
      assert.equal(acceptedPerIssuedPair, 1, 'each pair refreshed exactly once');
      assert.equal(counters.apiExpiredToken, 0, 'no API call with an expired token');
      for (const page of pages) {
        const api = await d.evaluate(page, () => window.__api);
        assert.ok(api.ok > 0, 'every tab called Finesse over CORS');
        assert.equal(api.failed, 0);
        // A refresh may be under way (3 s tokens): every tab settles back to active.
        await waitForState(page, 'active', lifetime * 2000);
      }
    });
  });
}
