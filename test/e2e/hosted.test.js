/**
 * The built IIFE bundle, uploaded as an administrator would (the simulator serves demo/hosted
 * and dist/finesse-sso.iife.js under /3rdpartygadget/files/finesse-sso/), under the strict CSP.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  expectNoTokenLeak,
  launchBrowser,
  openDesktop,
  signInByClick,
  simState,
  startSim,
  waitForState,
} from './support.js';

const PAGE = '/3rdpartygadget/files/finesse-sso/';
let browser;
let sim;

before(async () => {
  if (!existsSync('dist/finesse-sso.iife.js'))
    execSync('node scripts/build-iife.js', { stdio: 'inherit' });
  browser = await launchBrowser();
  sim = await startSim({ expiresIn: 4 });
});
after(async () => {
  await browser?.close();
  await sim?.close();
});

describe('the IIFE bundle on the Finesse origin', () => {
  it('signs in, shares the pair with a second tab, calls the API, and breaks no CSP rule', async () => {
    const context = await browser.newContext();
    const first = await openDesktop(context, sim, PAGE);
    assert.equal(await first.evaluate(() => typeof window.FinesseSSO?.FinesseError), 'function');
    await signInByClick(first);
    const second = await openDesktop(context, sim, PAGE);
    await waitForState(second, 'active');
    await second.locator('#call').click();
    await second.locator('#result', { hasText: 'NOT_READY' }).waitFor();
    const { counters } = await simState(sim);
    assert.equal(counters.interactiveSignIns, 1);
    for (const page of [first, second]) {
      assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
      assert.ok(!page.consoleText.some((line) => /eval|Content Security Policy/i.test(line)));
    }
    await expectNoTokenLeak(assert, sim, [first, second]);
    await context.close();
  });
});
