/**
 * Certificate diagnostics end to end: a desktop in relay mode on `desk.test` (trusted) and a
 * Finesse listener on `fin.test` whose certificate Chromium does not trust until the test
 * switches it (see demo/server/cert-sites.js), popup blocking on. The page shortens the
 * doctor's re-checks with `data-finesse-sso-recheck-ms`. Needs `dist/relay/` (built here).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createCertificateSites } from '../../demo/server/cert-sites.js';
import { CHROMIUM, CHROMIUM_ARGS, startSim } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let browser;
let sim;
let sites;
let context;

before(async () => {
  execFileSync(process.execPath, ['scripts/build-relay.js'], { stdio: 'ignore' });
  // `sites`: the simulator serves the relay files; our listeners forward to its http node.
  sim = await startSim({ sites: true });
  sites = await createCertificateSites({ root: ROOT, upstream: sim.sites.controlUrl });
  sim.sites.setAllowedOrigins([sites.desktopOrigin]);
  // Finesse's CORS allow-list (`utils finesse cors allowed_origin add`) for the desktop.
  sim.allowOrigins({ rest: [sites.desktopOrigin], notifications: [sites.desktopOrigin] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...sites.chromiumArgs],
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
  // No ignoreHTTPSErrors: the browser trusts only the desktop's key.
  context = await browser.newContext();
});
after(async () => {
  await context?.close();
  await browser?.close();
  sites?.close();
  await sim?.close();
});

async function openPage(url) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__problems = [];
    document.addEventListener('finesse-connection-problems', (event) =>
      window.__problems.push(event.detail.problems),
    );
  });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('finesse-sso-session')?.state);
  return page;
}

const notice = (page) => page.locator('finesse-sso-session [part~="connection-notice"]');
const problemsOf = (page) =>
  page.evaluate(() => document.querySelector('finesse-sso-session').connectionProblems);

describe('certificate diagnostics', () => {
  it('reports a CSP that blocks the Finesse origin as csp-blocked, not as a certificate', async () => {
    const page = await openPage(sites.pageUrl({ strict: true }));
    await notice(page).waitFor({ timeout: 10_000 });
    const problems = await problemsOf(page);
    assert.ok(problems.length > 0);
    for (const problem of problems) {
      assert.equal(problem.code, 'csp-blocked');
      assert.equal(problem.origin, sites.finesseOrigin);
    }
    assert.match(problems[0].directive, /frame-src/);
    const text = await notice(page).innerText();
    assert.match(text, /Content-Security-Policy/);
    assert.doesNotMatch(text, /certificate/i);
    assert.equal(await notice(page).locator('a').count(), 0);
    // Still CSP after the relay's silence was examined (the probe is blocked by CSP too).
    await page.waitForTimeout(3_000);
    assert.ok((await problemsOf(page)).every((p) => p.code === 'csp-blocked'));
    await page.close();
  });

  it('shows the link to an untrusted Finesse listener, and clears it once the certificate is trusted', async () => {
    const page = await openPage(sites.pageUrl());
    await notice(page).waitFor({ timeout: 15_000 });
    assert.deepEqual(await problemsOf(page), [
      { code: 'certificate-untrusted', origin: sites.finesseOrigin },
    ]);
    const link = notice(page).locator('a');
    assert.equal(await link.count(), 1);
    assert.equal(await link.getAttribute('href'), `${sites.finesseOrigin}/`);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener');
    const text = await notice(page).innerText();
    assert.match(text, /open this once; if your browser warns about the certificate/);

    // IT installs the certificate: the doctor's own re-check clears the notice, no reload.
    sites.trustFinesse();
    await notice(page).waitFor({ state: 'detached', timeout: 10_000 });
    assert.deepEqual(await problemsOf(page), []);
    const events = await page.evaluate(() => window.__problems);
    assert.deepEqual(events.at(-1), []);
    assert.ok(events.some((list) => list.some((p) => p.code === 'certificate-untrusted')));

    // And the relay really works now, still without a reload: the relay frame is loaded again
    // once its address answers, and shows its own sign-in button.
    const frame = page.frameLocator('finesse-sso-session iframe[part~="relay-frame"]');
    await frame.locator('#sign-in').waitFor({ timeout: 10_000 });
    assert.equal(await notice(page).count(), 0);
    await page.close();
  });
});
