#!/usr/bin/env node
/**
 * `npm run bench`: measures the session against the simulator and prints a table (a script,
 * not a test). For 1, 5 and 20 tabs of one browser context:
 * - accepted refreshes per issued pair (goal 1.00) and refresh attempts in total;
 * - time for a new pair to reach the other tabs (goal: p95 < 50 ms);
 * - time from a reloaded page's element connecting to `active` (goal: p95 < 50 ms);
 * - time from the simulator publishing an update (a ringing call) to every tab showing it
 *   (goal: p95 < 100 ms), and XMPP connections per agent (goal: 1);
 * and the gzipped sizes of dist/finesse-sso.iife.js and of the XMPP worker file. The tabs load the built
 * IIFE bundle from the simulator's stand-in for /3rdpartygadget/files/.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  launchBrowser,
  openDesktop,
  signInByClick,
  simPost,
  simState,
  startSim,
  until,
  waitForAll,
} from '../test/e2e/support.js';

const LIFETIME_S = Number(process.env.BENCH_LIFETIME ?? 4);
const LIFETIMES = Number(process.env.BENCH_LIFETIMES ?? 6);
const RELOADS = Number(process.env.BENCH_RELOADS ?? 20);
const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const TAB_COUNTS = (process.env.BENCH_TABS ?? '1,5,20').split(',').map(Number);
// The built bundle as an administrator uploads it (production Lit, no demo panel polling).
const PAGE = '/3rdpartygadget/files/finesse-sso/';

const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);

async function measure(browser, tabs) {
  const sim = await startSim({ expiresIn: LIFETIME_S });
  const context = await browser.newContext();
  try {
    const pages = [await openDesktop(context, sim, PAGE)];
    await signInByClick(pages[0]);
    for (let i = 1; i < tabs; i++) pages.push(await openDesktop(context, sim, PAGE));
    await waitForAll(pages, 'active', 30_000);
    // Each tab notes when it learned of each generation (high-resolution wall clock).
    for (const page of pages) {
      await page.evaluate(() => {
        window.__arrivals = [];
        document.addEventListener('finesse-token-refreshed', (event) =>
          window.__arrivals.push({
            expiresAt: event.detail.expiresAt,
            byThisTab: event.detail.byThisTab,
            at: performance.timeOrigin + performance.now(),
          }),
        );
      });
    }
    await until(async () => (await simState(sim)).counters.refreshAccepted >= LIFETIMES, {
      timeout: (LIFETIMES + 4) * LIFETIME_S * 1000,
      every: 250,
      message: `${LIFETIMES} refreshes`,
    });
    const state = await simState(sim);
    const arrivals = (
      await Promise.all(pages.map((p) => p.evaluate(() => window.__arrivals)))
    ).flat();
    // The refresher stamps issuedAt (= expiresAt - lifetime) just before its compare-and-set
    // commit: measure from there to each other tab's event.
    const spread = arrivals
      .filter((a) => !a.byThisTab)
      .map((a) => a.at - (a.expiresAt - LIFETIME_S * 1000));
    // Live updates: time from the simulator publishing a ringing call to every tab showing it.
    await until(async () => (await simState(sim)).counters.xmppAuthenticated >= 1, {
      message: 'the XMPP connection',
    });
    await Promise.all(
      pages.map((page) =>
        page.waitForFunction(
          () => document.querySelector('finesse-agent-state')?.snapshot?.notifications === 'live',
        ),
      ),
    );
    const updateDelays = [];
    for (let i = 0; i < CALLS; i++) {
      for (const page of pages) {
        await page.evaluate(() => {
          const root = document.querySelector('finesse-dialog-controls').shadowRoot;
          window.__callSeenAt = null;
          const observer = new MutationObserver(() => {
            if (root.querySelector('[part~="call"]')) {
              window.__callSeenAt = Date.now();
              observer.disconnect();
            }
          });
          observer.observe(root, { childList: true, subtree: true });
        });
      }
      const published = Date.now();
      const { dialogId } = await simPost(sim, '/sim/call', {});
      for (const page of pages) {
        const seen = await page.waitForFunction(() => window.__callSeenAt);
        updateDelays.push((await seen.jsonValue()) - published);
      }
      await simPost(sim, '/sim/hangup', { dialogId });
      await Promise.all(
        pages.map((page) =>
          page.waitForFunction(
            () =>
              !document
                .querySelector('finesse-dialog-controls')
                .shadowRoot.querySelector('[part~="call"]'),
          ),
        ),
      );
    }
    const xmpp = (await simState(sim)).counters;

    // Reload the last tab repeatedly: time from the element connecting to `active`.
    const toActive = [];
    const reloaded = pages.at(-1);
    for (let i = 0; i < RELOADS; i++) {
      await reloaded.reload();
      const value = await reloaded.waitForFunction(() => {
        const [connected] = performance.getEntriesByName('finesse-sso:connected');
        const [active] = performance.getEntriesByName('finesse-sso:active');
        return connected && active ? active.startTime - connected.startTime : null;
      });
      toActive.push(await value.jsonValue());
    }
    return {
      tabs,
      accepted: state.counters.refreshAccepted,
      perPair: state.acceptedPerIssuedPair,
      attempts: state.counters.refreshRequests,
      refused: state.counters.refreshRefused,
      spreadP50: percentile(spread, 50),
      spreadP95: percentile(spread, 95),
      spreadN: spread.length,
      activeP50: percentile(toActive, 50),
      activeP95: percentile(toActive, 95),
      updateP50: percentile(updateDelays, 50),
      updateP95: percentile(updateDelays, 95),
      updateN: updateDelays.length,
      xmppPerAgent: xmpp.xmppMaxActivePerUser,
    };
  } finally {
    await context.close();
    await sim.close();
  }
}

// Always measure the current sources.
execSync('npx vite build --mode iife && npx vite build --mode worker', {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const iife = readFileSync('dist/finesse-sso.iife.js');
const worker = readFileSync('dist/finesse-sso-xmpp-worker.js');
const browser = await launchBrowser();
const rows = [];
try {
  for (const tabs of TAB_COUNTS) {
    process.stderr.write(`measuring ${tabs} tab(s)…\n`);
    rows.push(await measure(browser, tabs));
  }
} finally {
  await browser.close();
}

console.log(
  `\nfinesse-sso benchmark: expires_in ${LIFETIME_S} s, ${LIFETIMES} lifetimes, ${RELOADS} reloads\n`,
);
console.log(
  '| tabs | accepted refreshes / issued pair | refresh attempts | refused | new pair reaches other tabs p50 / p95 | reload to active p50 / p95 | call shown in every tab p50 / p95 | XMPP connections per agent |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const perPair = r.perPair === null ? 'n/a' : r.perPair.toFixed(2);
  const spread = r.spreadN
    ? `${ms(r.spreadP50)} / ${ms(r.spreadP95)} (n=${r.spreadN})`
    : 'n/a (one tab)';
  console.log(
    `| ${r.tabs} | ${perPair} | ${r.attempts} (accepted ${r.accepted}) | ${r.refused} | ${spread} | ${ms(r.activeP50)} / ${ms(r.activeP95)} | ${ms(r.updateP50)} / ${ms(r.updateP95)} (n=${r.updateN}) | ${r.xmppPerAgent} |`,
  );
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
console.log(
  `\ndist/finesse-sso.iife.js (session and the three elements): ${kb(iife.length)} minified, ${kb(gz(iife))} gzipped (goal < 16 kB)`,
);
console.log(
  `dist/finesse-sso-xmpp-worker.js (the XMPP file, loaded on demand): ${kb(worker.length)} minified, ${kb(gz(worker))} gzipped`,
);

// Chromium and Firefox ESR side by side (issue 13).
const { benchBrowsers } = await import('./bench-browsers.js');
await benchBrowsers();

// The OpenID Connect side by side (issue 5): this library and oidc-client-ts, one oidc-provider.
const { benchOidc } = await import('./bench-oidc.js');
await benchOidc();
