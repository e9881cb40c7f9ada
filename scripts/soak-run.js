/**
 * A compressed shift against the simulator, shared by `npm run soak` (twelve "hours", a
 * benchmark that prints a table) and the e2e suite (one "hour", asserting the zeros).
 *
 * Token lifetimes are the seed's (access 3600 s, refresh 36 000 s) scaled so that an "hour" is
 * `hourMs`. Every hour brings one or more faults, in a fixed order so every run sees each kind:
 * a tab frozen and resumed, a tab closed and a new one opened, a reload, a 5xx or slow refresh
 * endpoint (some outages straddling the access token's expiry), a connection reset before or
 * after the rotation, and network loss for several lifetimes (offline emulation of the whole
 * browser context). Each tab calls the Finesse API all the time, as a desktop does.
 */
import {
  openDesktop,
  signInByClick,
  simPost,
  simState,
  startApiTraffic,
  startSim,
  waitForAll,
} from '../test/e2e/support.js';

const PAGE = '/3rdpartygadget/files/finesse-sso/';

/** The faults of each hour, cycled; each entry is one or more fault names. */
export const SCHEDULE = [
  ['outage-straddling-expiry', 'reload'],
  ['freeze', 'slow-refresh'],
  ['reset-after', 'close-and-open'],
  ['network-loss'],
  ['reset-before', 'reload'],
  ['outage-short', 'freeze'],
  ['close-and-open', 'slow-refresh'],
  ['outage-straddling-expiry'],
  ['network-loss', 'reload'],
  ['reset-after', 'freeze'],
  ['outage-short', 'close-and-open'],
  ['reset-before', 'slow-refresh'],
];

const stateOf = (page) =>
  page.evaluate(() => document.querySelector('finesse-sso-session')?.state ?? 'none');
const errorOf = (page) =>
  page.evaluate(() => document.querySelector('finesse-sso-session')?.session?.lastError?.code);

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{ hours?: number, tabs?: number, hourMs?: number, onRow?: (row: object) => void }} options
 */
export async function runSoak(browser, { hours = 12, tabs = 20, hourMs = 4_000, onRow } = {}) {
  const lifetimeS = hourMs / 1000;
  const sim = await startSim({ expiresIn: lifetimeS, refreshExpiresIn: lifetimeS * 10 });
  const context = await browser.newContext();
  const recoveries = [];
  let apiFailed = 0;
  // A reset after the server rotated loses the new pair for good (no client can get it back):
  // the agent signs in again. Any other sign-in request is a forced sign-in, the bug we hunt.
  let lostRotationSignIns = 0;
  let forcedSignIns = 0;
  const pages = [];
  try {
    const open = async () => {
      const page = await openDesktop(context, sim, PAGE);
      await startApiTraffic(page, Math.max(200, hourMs / 4));
      return page;
    };
    pages.push(await open());
    await signInByClick(pages[0]);
    for (let i = 1; i < tabs; i++) pages.push(await open());
    await waitForAll(pages, 'active', hourMs * 4);
    const pick = (n) => pages[n % pages.length];
    const everyTabActive = () => waitForAll(pages, 'active', hourMs * 6);
    /** Time from the server answering again to every tab active. */
    const recovery = async (kind) => {
      const from = Date.now();
      try {
        await everyTabActive();
        recoveries.push({ kind, ms: Date.now() - from });
      } catch {
        // Not every tab came back: the run goes on and the table says so.
        recoveries.push({ kind, ms: Infinity, states: await Promise.all(pages.map(stateOf)) });
      }
    };
    const collect = async (page) => {
      const api = await page.evaluate(() => window.__api).catch(() => null);
      if (api) apiFailed += api.failed;
    };

    for (let hour = 1; hour <= hours; hour++) {
      const started = Date.now();
      const faults = SCHEDULE[(hour - 1) % SCHEDULE.length];
      for (const fault of faults) {
        switch (fault) {
          case 'outage-straddling-expiry': {
            // 5xx from shortly before the refresh falls due until past the token's expiry.
            await simPost(sim, '/sim/fault', {
              type: 'server-error',
              status: 503,
              durationMs: hourMs * 1.2,
            });
            await new Promise((r) => setTimeout(r, hourMs * 1.2));
            await recovery(fault);
            break;
          }
          case 'outage-short':
            await simPost(sim, '/sim/fault', {
              type: 'server-error',
              status: 502,
              durationMs: hourMs * 0.15,
            });
            await new Promise((r) => setTimeout(r, hourMs * 0.3));
            await recovery(fault);
            break;
          case 'slow-refresh':
            await simPost(sim, '/sim/fault', { type: 'delay', ms: hourMs * 0.4, count: 1 });
            break;
          case 'reset-before':
          case 'reset-after':
            await simPost(sim, '/sim/fault', { type: fault, count: 1 });
            break;
          case 'network-loss': {
            await context.setOffline(true);
            await new Promise((r) => setTimeout(r, hourMs * 3));
            await context.setOffline(false);
            await recovery(fault);
            break;
          }
          case 'freeze': {
            const page = pick(hour);
            const cdp = await context.newCDPSession(page);
            await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
            await new Promise((r) => setTimeout(r, hourMs * 1.5));
            await cdp.send('Page.setWebLifecycleState', { state: 'active' });
            await cdp.detach();
            break;
          }
          case 'reload':
            await pick(hour + 1).reload();
            await startApiTraffic(pick(hour + 1), Math.max(200, hourMs / 4));
            break;
          case 'close-and-open': {
            const index = (hour + 2) % pages.length;
            await collect(pages[index]);
            await pages[index].close();
            pages[index] = await open();
            break;
          }
          default:
            throw new Error(`unknown fault ${fault}`);
        }
      }
      // The rest of the hour passes normally.
      const left = hourMs - (Date.now() - started);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      // A tab asking for a sign-in: the agent clicks, as they would, and the shift goes on.
      for (const page of pages) {
        if ((await stateOf(page)) !== 'needs-sign-in') continue;
        if ((await errorOf(page)) === 'rotation-lost') lostRotationSignIns++;
        else forcedSignIns++;
        await signInByClick(page, { buttonPart: 'sign-in-again-button' });
        break;
      }
      const { counters } = await simState(sim);
      onRow?.({
        hour,
        faults: faults.join(' + '),
        accepted: counters.refreshAccepted,
        refused: counters.refreshRefused,
        signIns: counters.interactiveSignIns,
        expiredCalls: counters.apiExpiredToken,
      });
    }
    // The shift ends: every tab active again with the pair the server holds.
    await everyTabActive().catch(() => undefined);
    for (const page of pages) await collect(page);
    const state = await simState(sim);
    const states = {};
    for (const page of pages) {
      const s = await stateOf(page);
      states[s] = (states[s] ?? 0) + 1;
    }
    return {
      hours,
      tabs,
      hourMs,
      acceptedPerIssuedPair: state.acceptedPerIssuedPair,
      accepted: state.counters.refreshAccepted,
      refused: state.counters.refreshRefused,
      signInsAfterFirst: state.counters.interactiveSignIns - 1,
      lostRotationSignIns,
      forcedSignIns,
      expiredCalls: state.counters.apiExpiredToken,
      failedCallsDuringOutages: apiFailed,
      longestRecoveryMs: Math.max(0, ...recoveries.map((r) => r.ms)),
      stuckRecoveries: recoveries.filter((r) => r.ms === Infinity).length,
      recoveries,
      states,
    };
  } finally {
    await context.close();
    await sim.close();
  }
}
