/**
 * Chromium and Firefox ESR side by side (part of `npm run bench`): for each browser, a few
 * repeated runs of 5 tabs over several lifetimes, through the browser-neutral e2e driver.
 * Each row prints as it finishes (a run that fails prints a failed row with its reason, and the
 * others go on); a summary gives the median and the spread (min–max) of the runs' p50s. Reload
 * to active is timed from the navigation's start (the reloaded document's time origin) and from
 * the element connecting. Firefox runs with the JSON viewer policy (README, "Firefox"): as shipped it
 * cannot sign in at all (`json-viewer`).
 */
import { pathToFileURL } from 'node:url';
import { JSON_VIEWER_POLICY } from './firefox.js';
import { DRIVERS } from '../test/e2e/browsers.js';
import { simState, startSim, until } from '../test/e2e/support.js';
import { REPEATS, cell, finish, ms, percentile, spread } from './bench-common.js';

const LIFETIME_S = Number(process.env.BENCH_LIFETIME ?? 4);
const LIFETIMES = Number(process.env.BENCH_LIFETIMES ?? 6);
const RELOADS = Number(process.env.BENCH_RELOADS ?? 10);
const TABS = 5;
const PAGE = '/3rdpartygadget/files/finesse-sso/';
const BROWSERS = (process.env.BENCH_BROWSERS ?? 'chromium,firefox').split(',');

async function run(d, browser) {
  const sim = await startSim({ expiresIn: LIFETIME_S });
  const context = await d.newContext(browser);
  const open = async () => {
    const page = await d.newPage(context);
    await d.goto(page, `${sim.url}${PAGE}`);
    await d.waitFor(page, () => document.querySelector('finesse-sso-session')?.state, null, 30_000);
    return page;
  };
  const activeIn = (page) =>
    d.waitFor(
      page,
      () => document.querySelector('finesse-sso-session').state === 'active',
      null,
      30_000,
    );
  try {
    const first = await open();
    // The form shows once the session is built (its engine part loaded).
    await d.waitFor(
      first,
      () =>
        document
          .querySelector('finesse-sso-session')
          ?.shadowRoot?.querySelector('[part~="sign-in-button"]'),
      null,
      10_000,
    );
    const field = 'finesse-sso-session [part~="username-input"]';
    if (await d.count(first, field)) await d.fill(first, field, 'agent1');
    const popupPromise = d.nextPopup(first, 10_000);
    await d.click(first, 'finesse-sso-session [part~="sign-in-button"]');
    const popup = await popupPromise;
    await d.waitFor(popup, () => document.querySelector('#password'), null, 10_000);
    await d.fill(popup, '#password', 'correct horse');
    await d.click(popup, '#sign-in').catch(() => {});
    await activeIn(first);
    const pages = [first];
    for (let i = 1; i < TABS; i++) pages.push(await open());
    for (const page of pages) {
      await activeIn(page);
      await d.evaluate(page, () => {
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
    const from = (await simState(sim)).counters.refreshAccepted;
    await until(async () => (await simState(sim)).counters.refreshAccepted >= from + LIFETIMES, {
      timeout: (LIFETIMES + 4) * LIFETIME_S * 1000,
      every: 250,
      message: `${LIFETIMES} refreshes`,
    });
    const state = await simState(sim);
    const arrivals = (
      await Promise.all(pages.map((p) => d.evaluate(p, () => window.__arrivals)))
    ).flat();
    const spread = arrivals
      .filter((a) => !a.byThisTab)
      .map((a) => a.at - (a.expiresAt - LIFETIME_S * 1000));
    const fromNavigation = [];
    const toActive = [];
    const reloaded = pages.at(-1);
    for (let i = 0; i < RELOADS; i++) {
      await reloaded.reload();
      await d.waitFor(
        reloaded,
        () =>
          performance.getEntriesByName('finesse-sso:connected').length > 0 &&
          performance.getEntriesByName('finesse-sso:active').length > 0,
        null,
        30_000,
      );
      const { navigation, connect } = await d.evaluate(reloaded, () => {
        const [connected] = performance.getEntriesByName('finesse-sso:connected');
        const [active] = performance.getEntriesByName('finesse-sso:active');
        return { navigation: active.startTime, connect: active.startTime - connected.startTime };
      });
      fromNavigation.push(navigation);
      toActive.push(connect);
    }
    return {
      perPair: state.acceptedPerIssuedPair,
      refused: state.counters.refreshRefused,
      spreadP50: percentile(spread, 50),
      spreadP95: percentile(spread, 95),
      navP50: percentile(fromNavigation, 50),
      navP95: percentile(fromNavigation, 95),
      activeP50: percentile(toActive, 50),
      activeP95: percentile(toActive, 95),
    };
  } finally {
    await d.closeContext(context).catch(() => {});
    await sim.close();
  }
}

export async function benchBrowsers() {
  console.log(
    `\nChromium and Firefox ESR side by side: ${TABS} tabs, expires_in ${LIFETIME_S} s, ${LIFETIMES} lifetimes, ${RELOADS} reloads, ${REPEATS} runs each (Firefox with the JSON viewer policy)\n`,
  );
  console.log(
    '| browser | run | accepted refreshes / issued pair | refused | new pair reaches other tabs p50 / p95 | reload: navigation to active p50 / p95 | reload: element connect to active p50 / p95 |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const results = {};
  for (const name of BROWSERS) {
    const d = DRIVERS[name];
    results[name] = [];
    const browser = await cell(
      `${name}: launch`,
      () => d.launch(name === 'firefox' ? JSON_VIEWER_POLICY : undefined),
      (reason) => `| ${name} | – | FAILED to launch: ${reason} | | | | |`,
    );
    if (!browser) continue;
    try {
      for (let i = 1; i <= REPEATS; i++) {
        const r = await cell(
          `${name} run ${i}`,
          () => run(d, browser),
          (reason) => `| ${name} | ${i} | FAILED: ${reason} | | | | |`,
        );
        if (!r) continue;
        results[name].push(r);
        const perPair = r.perPair === null ? 'n/a' : r.perPair.toFixed(2);
        console.log(
          `| ${name} | ${i} | ${perPair} | ${r.refused} | ${ms(r.spreadP50)} / ${ms(r.spreadP95)} | ${ms(r.navP50)} / ${ms(r.navP95)} | ${ms(r.activeP50)} / ${ms(r.activeP95)} |`,
        );
      }
    } finally {
      await browser.close();
    }
  }
  console.log(
    '\n| browser | runs | accepted / pair (each run) | propagation p50: median (min–max) | reload: navigation to active p50: median (min–max) | reload: element connect to active p50: median (min–max) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, rows] of Object.entries(results)) {
    const summary = (key) => spread(rows.map((r) => r[key]));
    const pairs =
      rows.map((r) => (r.perPair === null ? 'n/a' : r.perPair.toFixed(2))).join(', ') || 'n/a';
    console.log(
      `| ${name} | ${rows.length} of ${REPEATS} | ${pairs} | ${summary('spreadP50')} | ${summary('navP50')} | ${summary('activeP50')} |`,
    );
  }
}

// `node scripts/bench-browsers.js` runs this part alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchBrowsers();
  finish();
}
