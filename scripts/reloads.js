#!/usr/bin/env node
/**
 * `npm run reloads`: reloads one tab of a signed-in desktop many times in a row while the other
 * tabs keep the pair refreshed with short tokens (so reloads land during refreshes too), and
 * prints each reload as it finishes: time from navigation start, and from the element
 * connecting, to `active`. A reload that does not reach `active` within a whole token lifetime
 * (plus slack) is printed with the tab's state and error, then the run goes on.
 *
 *   RELOADS=200 TABS=3 LIFETIME=4 node scripts/reloads.js
 */
import {
  launchBrowser,
  openDesktop,
  signInByClick,
  simState,
  startSim,
  waitForAll,
} from '../test/e2e/support.js';

const RELOADS = Number(process.env.RELOADS ?? 200);
const TABS = Number(process.env.TABS ?? 3);
const LIFETIME_S = Number(process.env.LIFETIME ?? 4);
const PAGE = '/3rdpartygadget/files/finesse-sso/';

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

const sim = await startSim({ expiresIn: LIFETIME_S });
const browser = await launchBrowser();
const fromNavigation = [];
const fromConnect = [];
const hung = [];
try {
  const context = await browser.newContext();
  const pages = [await openDesktop(context, sim, PAGE)];
  await signInByClick(pages[0]);
  for (let i = 1; i < TABS; i++) pages.push(await openDesktop(context, sim, PAGE));
  await waitForAll(pages, 'active', 30_000);
  const reloaded = pages.at(-1);
  console.log(`reloads: ${RELOADS} of 1 of ${TABS} tabs, expires_in ${LIFETIME_S} s`);
  for (let i = 1; i <= RELOADS; i++) {
    await reloaded.reload();
    try {
      const handle = await reloaded.waitForFunction(
        () => {
          const [connected] = performance.getEntriesByName('finesse-sso:connected');
          const [active] = performance.getEntriesByName('finesse-sso:active');
          return connected && active
            ? { nav: active.startTime, connect: active.startTime - connected.startTime }
            : null;
        },
        undefined,
        { timeout: (LIFETIME_S * 2 + 5) * 1000 },
      );
      const { nav, connect } = await handle.jsonValue();
      fromNavigation.push(nav);
      fromConnect.push(connect);
      console.log(
        `${String(i).padStart(4)}  navigation→active ${nav.toFixed(1)} ms  connect→active ${connect.toFixed(1)} ms`,
      );
    } catch {
      const seen = await reloaded.evaluate(() => {
        const element = document.querySelector('finesse-sso-session');
        return { state: element?.state, error: element?.session?.lastError?.code ?? null };
      });
      hung.push({ i, ...seen });
      console.log(`${String(i).padStart(4)}  NOT ACTIVE: state ${seen.state}, error ${seen.error}`);
      await waitForAll([reloaded], 'active', LIFETIME_S * 4000).catch(() => undefined);
    }
  }
  const { counters } = await simState(sim);
  console.log(
    `\n${fromNavigation.length} of ${RELOADS} reached active; navigation→active p50 ${percentile(fromNavigation, 50).toFixed(1)} ms, p95 ${percentile(fromNavigation, 95).toFixed(1)} ms, max ${Math.max(...fromNavigation).toFixed(1)} ms; connect→active p50 ${percentile(fromConnect, 50).toFixed(1)} ms, p95 ${percentile(fromConnect, 95).toFixed(1)} ms, max ${Math.max(...fromConnect).toFixed(1)} ms`,
  );
  console.log(
    `refreshes accepted ${counters.refreshAccepted}, refused ${counters.refreshRefused}, interactive sign-ins ${counters.interactiveSignIns}`,
  );
  if (hung.length) console.log(`not active: ${JSON.stringify(hung)}`);
  process.exitCode = hung.length ? 1 : 0;
} finally {
  await browser.close();
  await sim.close();
}
