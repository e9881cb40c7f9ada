/**
 * Firefox's own windows (issue 13, item 3), on the browser-neutral driver: private windows
 * (what IndexedDB does there, and the announced fallback when it is off) and the popup
 * features Firefox honours or ignores under each `browser.link.open_newwindow.restriction`.
 * Firefox only; runs when `E2E_BROWSERS` names firefox (the default), as cross-browser.test.js
 * picks. Every Firefox here has the JSON viewer policy (these scenarios need a Finesse pair);
 * popup blocking stays on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { JSON_VIEWER_POLICY } from '../../scripts/firefox.js';
import { selectedDrivers } from './browsers.js';
import { simState, startSim, until } from './support.js';

const SESSION = 'finesse-sso-session';
/** The features the sign-in passes to window.open, read from the source (src/core/ids/popup-window.ts). */
const FEATURES = /const POPUP_FEATURES = '([^']+)'/.exec(
  readFileSync(new URL('../../src/core/ids/popup-window.ts', import.meta.url), 'utf8'),
)[1];
const feature = (name) => Number(new RegExp(`${name}=(\\d+)`).exec(FEATURES)[1]);

for (const d of selectedDrivers().filter((driver) => driver.name === 'firefox')) {
  /** Runs `body` in a Firefox with `prefs` (and the policy), a fresh context and a simulator. */
  async function withFirefox(prefs, simOptions, body, launchOptions = {}) {
    const browser = await d.launch({ ...JSON_VIEWER_POLICY, ...prefs }, launchOptions);
    const sim = await startSim(simOptions);
    const context = await d.newContext(browser);
    try {
      await body({ sim, context });
    } finally {
      await d.closeContext(context).catch(() => {});
      await browser.close();
      await sim.close();
    }
  }

  async function openDesktop(context, sim) {
    const page = await d.newPage(context, () => {
      window.__storage = [];
      document.addEventListener('finesse-storage-degraded', (event) =>
        window.__storage.push(event.detail.reason),
      );
    });
    await d.goto(page, `${sim.url}/demo/`);
    await d.waitFor(page, (tag) => document.querySelector(tag)?.state, SESSION, 15_000);
    return page;
  }
  const waitForState = (page, state, timeout = 15_000) =>
    d.waitFor(
      page,
      ([tag, s]) => document.querySelector(tag)?.state === s,
      [SESSION, state],
      timeout,
    );
  const sessionView = (page) =>
    d.evaluate(
      page,
      (tag) => {
        const el = document.querySelector(tag);
        return {
          state: el.state,
          storage: el.storage,
          notice: el.shadowRoot.querySelector('[part~="notice"]')?.textContent.trim() ?? '',
          degraded: window.__storage,
        };
      },
      SESSION,
    );
  /** What IndexedDB does in this page: 'ok', or the error's name. */
  const indexedDbOpens = (page) =>
    d.evaluate(
      page,
      () =>
        new Promise((resolve) => {
          const request = indexedDB.open('finesse-sso-e2e-probe');
          request.onsuccess = () => {
            request.result.close();
            resolve('ok');
          };
          request.onerror = () => resolve(request.error?.name ?? 'error');
        }),
    );

  /** A real click; returns the popup once it shows the IdP form, after `inspect(popup)`. */
  async function signInByClick(page, inspect = async () => {}) {
    await d.fill(page, `${SESSION} [part~="username-input"]`, 'agent1');
    const next = d.nextPopup(page, 10_000);
    await d.click(page, `${SESSION} [part~="sign-in-button"]`);
    const popup = await next;
    await d.waitFor(popup, () => document.querySelector('#password'), undefined, 10_000);
    const seen = await inspect(popup);
    await d.fill(popup, '#password', 'correct horse');
    await d.click(popup, '#sign-in').catch(() => {}); // the popup may close under the click
    await waitForState(page, 'active');
    return seen;
  }

  /** Waits for `count` more accepted refreshes, with a deadline from the token lifetime. */
  async function refreshes(sim, lifetime, count) {
    const from = (await simState(sim)).counters.refreshAccepted;
    await until(async () => (await simState(sim)).counters.refreshAccepted >= from + count, {
      timeout: (lifetime * count + 15) * 1000,
      every: 250,
      message: `${count} refreshes`,
    });
    return simState(sim);
  }

  describe(`${d.name}: private windows`, () => {
    const PRIVATE = { 'browser.privatebrowsing.autostart': true };

    it('IndexedDB works in a private window: two tabs share one pair, nothing announced', async () => {
      const lifetime = 4;
      await withFirefox(PRIVATE, { expiresIn: lifetime }, async ({ sim, context }) => {
        const first = await openDesktop(context, sim);
        assert.equal(await indexedDbOpens(first), 'ok');
        await signInByClick(first);
        const second = await openDesktop(context, sim);
        await waitForState(second, 'active');
        const { counters, acceptedPerIssuedPair } = await refreshes(sim, lifetime, 3);
        assert.equal(counters.interactiveSignIns, 1, 'the second tab used the shared pair');
        assert.equal(counters.refreshRefused, 0);
        assert.equal(acceptedPerIssuedPair, 1);
        for (const page of [first, second]) {
          const view = await sessionView(page);
          assert.equal(view.storage, 'indexeddb');
          assert.equal(view.notice, '');
          assert.deepEqual(view.degraded, []);
          await waitForState(page, 'active', lifetime * 1000);
        }
      });
    });

    it('IndexedDB off in private windows: the tab keeps its pair in memory and says so', async () => {
      const lifetime = 4;
      const prefs = { ...PRIVATE, 'dom.indexedDB.privateBrowsing.enabled': false };
      await withFirefox(prefs, { expiresIn: lifetime }, async ({ sim, context }) => {
        const first = await openDesktop(context, sim);
        // The preference only acts in private browsing: this error shows the window is private.
        assert.equal(await indexedDbOpens(first), 'InvalidStateError');
        const degraded = await sessionView(first);
        assert.equal(degraded.storage, 'memory');
        assert.equal(degraded.degraded.length, 1, 'finesse-storage-degraded announced once');
        assert.match(degraded.notice, /cannot share its sign-in with your other tabs/);
        // The tab still works on its own: sign-in and refreshes on time, none refused.
        await signInByClick(first);
        const { counters, acceptedPerIssuedPair } = await refreshes(sim, lifetime, 2);
        assert.equal(counters.refreshRefused, 0);
        assert.equal(acceptedPerIssuedPair, 1);
        // A second tab has nothing to share from: it says so and waits for its own sign-in.
        const second = await openDesktop(context, sim);
        const other = await sessionView(second);
        assert.equal(other.storage, 'memory');
        assert.equal(other.state, 'signed-out');
        assert.match(other.notice, /cannot share its sign-in/);
        await refreshes(sim, lifetime, 1);
        assert.equal((await simState(sim)).counters.refreshRefused, 0);
        assert.equal((await sessionView(first)).state, 'active');
      });
    });
  });

  describe(`${d.name}: the sign-in popup's features (${FEATURES})`, () => {
    const width = feature('width');
    const height = feature('height');
    const geometry = (page) =>
      d.evaluate(page, () => ({
        inner: [innerWidth, innerHeight],
        outer: [outerWidth, outerHeight],
        at: [screenX, screenY],
        toolbar: toolbar.visible,
      }));

    // 2 (Firefox's default) and 1: a window of its own at the size asked; 0: a tab of the
    // opener's window, the size ignored. The sign-in completes in each.
    for (const [restriction, expect] of [
      [2, 'window'],
      [1, 'window'],
      [0, 'tab'],
    ]) {
      it(`browser.link.open_newwindow.restriction = ${restriction}: a ${expect}, and the sign-in completes`, async () => {
        const prefs = { 'browser.link.open_newwindow.restriction': restriction };
        // No viewport emulation: the sizes are the windows' own.
        await withFirefox(
          prefs,
          { expiresIn: 60 },
          async ({ sim, context }) => {
            const page = await openDesktop(context, sim);
            const opener = await geometry(page);
            const popup = await signInByClick(page, geometry);
            console.log(
              `  (restriction ${restriction}: opener ${opener.outer.join('×')}, popup inner ${popup.inner.join('×')} outer ${popup.outer.join('×')} at ${popup.at.join(',')}, toolbar ${popup.toolbar})`,
            );
            if (expect === 'window') {
              assert.deepEqual(popup.inner, [width, height], 'the size asked for');
              assert.ok(popup.outer[0] < opener.outer[0], 'a window smaller than the desktop');
            } else {
              assert.deepEqual(popup.outer, opener.outer, "a tab in the desktop's window");
              assert.notDeepEqual(popup.inner, [width, height], 'the size ignored');
            }
            assert.equal((await simState(sim)).counters.interactiveSignIns, 1);
          },
          { defaultViewport: null },
        );
      });
    }
  });
}
