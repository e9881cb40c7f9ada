/**
 * A tab that reloads while its refresh is in flight. Finesse (like IdS behind it) rotates the pair
 * whether or not the browser is still there to read the answer, so a refresh that dies with its
 * page retires the pair that every tab holds. The refresh keeper (a service worker) finishes the
 * refresh and commits the new pair; without it the session ends in a forced sign-in.
 *
 * Deterministic: the simulator rotates the pair and then holds its answer (a `delay-after`
 * fault); the test reloads the tab once the pair has been rotated on the server.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  launchBrowser,
  openDesktop,
  signInByClick,
  simPost,
  simState,
  startSim,
  until,
  waitForState,
} from './support.js';

const PAGE = '/3rdpartygadget/files/finesse-sso/';
const LIFETIME_S = 6;
const HOLD_MS = 1_500;
let browser;
let sim;

before(async () => {
  if (!existsSync('dist/finesse-sso-keeper.js')) execSync('npm run build', { stdio: 'inherit' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Signs in one tab, holds the next refresh answer, reloads the tab while it is held. */
async function reloadDuringRefresh({ keeperOff = false } = {}) {
  sim = await startSim({ expiresIn: LIFETIME_S });
  const context = await browser.newContext();
  if (keeperOff) {
    await context.route(`${sim.url}${PAGE}`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        '<finesse-sso-session id="session">',
        '<finesse-sso-session id="session" refresh-keeper="off">',
      );
      await route.fulfill({ response, body: html });
    });
  }
  const page = await openDesktop(context, sim, PAGE);
  await signInByClick(page);
  await simPost(sim, '/sim/fault', { type: 'delay-after', ms: HOLD_MS, count: 1 });
  // The refresh falls due at 75 % of the lifetime; wait until the server has rotated the pair.
  await until(async () => (await simState(sim)).counters.refreshAccepted >= 1, {
    timeout: LIFETIME_S * 2_000,
    every: 50,
    message: 'the refresh request',
  });
  await page.reload();
  return { context, page };
}

describe('a reload while the refresh is in flight', () => {
  it('keeps the rotated pair: the refresh keeper commits it and the reloaded tab is active', async () => {
    const { context, page } = await reloadDuringRefresh();
    try {
      // The held answer arrives HOLD_MS after the rotation; the keeper commits it.
      await waitForState(page, 'active', LIFETIME_S * 2_000);
      // A second lifetime: the next refresh uses the pair the keeper stored, and is accepted.
      await until(async () => (await simState(sim)).counters.refreshAccepted >= 2, {
        timeout: LIFETIME_S * 2_000,
        message: 'the next refresh',
      });
      await waitForState(page, 'active', LIFETIME_S * 2_000);
      const { counters } = await simState(sim);
      assert.equal(counters.refreshRefused, 0, 'no refresh was refused');
      assert.equal(counters.interactiveSignIns, 1, 'no second sign-in');
      const keeper = await page.evaluate(async () =>
        (await navigator.serviceWorker.getRegistrations()).map((r) => r.active?.scriptURL),
      );
      assert.ok(
        keeper.some((url) => url && new URL(url).pathname.endsWith('/finesse-sso-keeper.js')),
        'the keeper is registered',
      );
      assert.ok(
        keeper.some((url) => url && new URL(url).searchParams.get('v')),
        'its URL names the library version',
      );
      assert.equal(
        await page.evaluate(() => navigator.serviceWorker.controller),
        null,
        'the keeper controls no page',
      );
    } finally {
      await context.close();
      await sim.close();
    }
  });

  it('without the keeper, the same reload loses the rotation (why the keeper exists)', async () => {
    const { context, page } = await reloadDuringRefresh({ keeperOff: true });
    try {
      await waitForState(page, 'needs-sign-in', LIFETIME_S * 3_000);
      const { counters } = await simState(sim);
      assert.ok(counters.refreshRefused >= 1, 'the old refresh token was refused');
    } finally {
      await context.close();
      await sim.close();
    }
  });
});
