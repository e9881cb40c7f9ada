#!/usr/bin/env node
/**
 * `npm run bench`: measures the session against the simulator and prints a table (a script,
 * not a test). For 1, 5 and 20 tabs of one browser context:
 * - accepted refreshes per issued pair (goal 1.00) and refresh attempts in total;
 * - time for a new pair to reach the other tabs (goal: p95 < 50 ms);
 * - time from a reload to `active`: from the navigation's start (what the agent waits for) and
 *   from the element connecting (goal: p95 < 50 ms);
 * - time from the simulator publishing an update (a ringing call) to every tab showing it
 *   (goal: p95 < 100 ms), and XMPP connections per agent (goal: 1);
 * and the gzipped sizes of the first script (dist/finesse-sso.iife.js), with the agent elements,
 * and of each part loaded on demand (scripts/bench-sizes.js). The tabs load the built
 * IIFE bundle from the simulator's stand-in for /3rdpartygadget/files/.
 *
 * Each tab count is measured BENCH_REPEATS times (3); every run prints its row the moment it
 * ends, a run that fails prints a failed row with its reason and the others go on, and a summary
 * gives each figure's median (min–max) over the runs. Reload to active is measured twice: from
 * the reload's navigation start (the document's time origin: what the agent waits for) and from
 * the element connecting. Then the script's cost (scripts/bench-script-cost.js), Chromium and
 * Firefox (scripts/bench-browsers.js) and the OpenID Connect side by side
 * (scripts/bench-oidc.js); the last line counts failed cells, and the exit code is non-zero
 * only if there were any.
 *
 * Options (environment): BENCH_TABS ('1,5,20'), BENCH_REPEATS (3), BENCH_LIFETIME (s, 4),
 * BENCH_LIFETIMES (6), BENCH_RELOADS (20), BENCH_CALLS (10), BENCH_PARTS (which parts run,
 * 'tabs,script,browsers,oidc'), and each part's own options.
 */
import { execSync } from 'node:child_process';
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
import { REPEATS, cell, finish, ms, note, percentile, spread } from './bench-common.js';
import { printSizes } from './bench-sizes.js';

const LIFETIME_S = Number(process.env.BENCH_LIFETIME ?? 4);
const LIFETIMES = Number(process.env.BENCH_LIFETIMES ?? 6);
const RELOADS = Number(process.env.BENCH_RELOADS ?? 20);
const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const TAB_COUNTS = (process.env.BENCH_TABS ?? '1,5,20').split(',').map(Number);
// The built bundle as an administrator uploads it (production Lit, no demo panel polling).
const PAGE = '/3rdpartygadget/files/finesse-sso/';

const PARTS = (process.env.BENCH_PARTS ?? 'tabs,script,browsers,oidc').split(',');

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

    // Reload the last tab repeatedly: time to `active` from the navigation's start (the reloaded
    // document's time origin, so the mark's startTime) and from the element connecting.
    const fromNavigation = [];
    const fromConnect = [];
    const reloaded = pages.at(-1);
    // A reload that does not reach `active` ends the reloads (the tab now needs a sign-in) but
    // not the run: the row keeps what was measured and says what the tab showed.
    let reloadFailure = null;
    for (let i = 0; i < RELOADS && !reloadFailure; i++) {
      await reloaded.reload();
      try {
        const value = await reloaded.waitForFunction(() => {
          const [connected] = performance.getEntriesByName('finesse-sso:connected');
          const [active] = performance.getEntriesByName('finesse-sso:active');
          return connected && active
            ? { navigation: active.startTime, connect: active.startTime - connected.startTime }
            : null;
        });
        const { navigation, connect } = await value.jsonValue();
        fromNavigation.push(navigation);
        fromConnect.push(connect);
      } catch {
        const seen = await reloaded
          .evaluate(() => {
            const element = document.querySelector('finesse-sso-session');
            return `${element?.state} (${element?.session?.lastError?.code ?? 'no error'})`;
          })
          .catch(() => 'unknown');
        reloadFailure = `reload ${i + 1}: ${seen} after 30 s`;
      }
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
      reloadsActive: fromNavigation.length,
      reloadFailure,
      navP50: percentile(fromNavigation, 50),
      navP95: percentile(fromNavigation, 95),
      activeP50: percentile(fromConnect, 50),
      activeP95: percentile(fromConnect, 95),
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

/** The tab counts: one row per run as it ends, then the spread of each figure over the runs. */
async function benchTabs() {
  console.log(
    `\nfinesse-sso benchmark: expires_in ${LIFETIME_S} s, ${LIFETIMES} lifetimes, ${RELOADS} reloads, ${CALLS} calls, ${REPEATS} run(s) per tab count\n`,
  );
  console.log(
    '| tabs | run | accepted refreshes / issued pair | refresh attempts | refused | new pair reaches other tabs p50 / p95 | reloads reaching active | reload: navigation to active p50 / p95 | reload: element connect to active p50 / p95 | call shown in every tab p50 / p95 | XMPP connections per agent |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const byTabs = new Map(TAB_COUNTS.map((tabs) => [tabs, []]));
  const browser = await cell('tabs: launch Chromium', () => launchBrowser());
  if (!browser) return;
  try {
    for (const tabs of TAB_COUNTS) {
      for (let run = 1; run <= REPEATS; run++) {
        process.stderr.write(`measuring ${tabs} tab(s), run ${run} of ${REPEATS}…\n`);
        const r = await cell(
          `${tabs} tab(s) run ${run}`,
          () => measure(browser, tabs),
          (reason) => `| ${tabs} | ${run} | FAILED: ${reason} | | | | | | | | |`,
        );
        if (!r) continue;
        byTabs.get(tabs).push(r);
        const perPair = r.perPair === null ? 'n/a' : r.perPair.toFixed(2);
        const reloads = `${r.reloadsActive} of ${RELOADS}${r.reloadFailure ? `; ${r.reloadFailure}` : ''}`;
        if (r.reloadFailure) note(`${tabs} tab(s) run ${run}: ${r.reloadFailure}`);
        const propagation = r.spreadN
          ? `${ms(r.spreadP50)} / ${ms(r.spreadP95)} (n=${r.spreadN})`
          : 'n/a (one tab)';
        console.log(
          `| ${tabs} | ${run} | ${perPair} | ${r.attempts} (accepted ${r.accepted}) | ${r.refused} | ${propagation} | ${reloads} | ${ms(r.navP50)} / ${ms(r.navP95)} | ${ms(r.activeP50)} / ${ms(r.activeP95)} | ${ms(r.updateP50)} / ${ms(r.updateP95)} (n=${r.updateN}) | ${r.xmppPerAgent} |`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  console.log(
    '\n| tabs | runs | accepted / pair (each run) | refused (each run) | reloads reaching active (each run) | new pair reaches other tabs p95: median (min–max) | reload: navigation to active p50 | reload: navigation to active p95 | reload: element connect to active p95 | call shown p95 | XMPP connections (each run) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [tabs, rows] of byTabs) {
    const each = (key, format = String) => rows.map((r) => format(r[key])).join(', ') || 'n/a';
    const of = (key) => spread(rows.map((r) => r[key]));
    const perPair = each('perPair', (v) => (v === null ? 'n/a' : v.toFixed(2)));
    const propagation = tabs > 1 ? of('spreadP95') : 'n/a (one tab)';
    console.log(
      `| ${tabs} | ${rows.length} of ${REPEATS} | ${perPair} | ${each('refused')} | ${each('reloadsActive', (v) => `${v} of ${RELOADS}`)} | ${propagation} | ${of('navP50')} | ${of('navP95')} | ${of('activeP95')} | ${of('updateP95')} | ${each('xmppPerAgent')} |`,
    );
  }
}

// Always measure the current sources.
execSync(
  'node scripts/build-iife.js && npx vite build --mode worker && npx vite build --mode keeper',
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
// Sizes first: they cannot fail and need no browser. The first script, with the agent
// elements, and each part loaded on demand on its own row.
printSizes();

// Each part on its own: one that throws outside its cells (a build, a launch) is a failed cell.
const parts = {
  tabs: benchTabs,
  // The script's load and compile cost beside oidc-client-ts's (issue 10).
  script: async () => (await import('./bench-script-cost.js')).benchScriptCost(),
  // Chromium and Firefox ESR side by side (issue 13).
  browsers: async () => (await import('./bench-browsers.js')).benchBrowsers(),
  // The OpenID Connect side by side (issue 5): this library and oidc-client-ts, one oidc-provider.
  oidc: async () => (await import('./bench-oidc.js')).benchOidc(),
};
for (const [name, run] of Object.entries(parts)) {
  if (PARTS.includes(name))
    await cell(`part ${name}`, run, (reason) => `\n${name}: FAILED: ${reason}`);
}

finish();
