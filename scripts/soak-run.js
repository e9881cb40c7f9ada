/**
 * A compressed shift against the simulator, shared by `npm run soak` (twelve "hours", a
 * benchmark that prints a table) and the e2e suite (one "hour", asserting the zeros).
 *
 * Token lifetimes are the seed's (access 3600 s, refresh 36 000 s) scaled so that an "hour" is
 * `hourMs`. Every hour brings one or more faults, in a fixed order so every run sees each kind:
 * a tab frozen and resumed, a tab closed and a new one opened, a reload, a 5xx or slow refresh
 * endpoint (some outages straddling the access token's expiry), a connection reset before or
 * after the rotation, network loss for several lifetimes (offline emulation of the whole
 * browser context), and the machine's wall clock set back two (real) hours or forward two
 * (compressed) hours: a forward jump of real hours would look like a laptop asleep past the
 * refresh token's life. Each tab calls the Finesse API all the time, as a desktop does.
 * Clock jumps need the browser launched with `wallClock().env` (test/e2e/wall-clock.js).
 */
import {
  openDesktop,
  signInByClick,
  simPost,
  simState,
  startApiTraffic,
  startSim,
  until,
  waitForAll,
} from '../test/e2e/support.js';

const PAGE = '/3rdpartygadget/files/finesse-sso/';

/** The faults of each hour, cycled; each entry is one or more fault names. */
export const SCHEDULE = [
  ['outage-straddling-expiry', 'reload'],
  ['freeze', 'slow-refresh'],
  ['reset-after', 'close-and-open', 'clock-back'],
  ['network-loss'],
  ['reset-before', 'reload'],
  ['outage-short', 'freeze'],
  ['close-and-open', 'slow-refresh'],
  ['outage-straddling-expiry', 'clock-forward'],
  ['network-loss', 'reload'],
  ['reset-after', 'freeze'],
  ['outage-short', 'close-and-open'],
  ['reset-before', 'slow-refresh', 'clock-back'],
];

/** The wall-clock offset a page sees (`Date.now()` against its monotonic clock), in ms. */
const offsetSeen = (page) =>
  page.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));

const stateOf = (page) =>
  page.evaluate(() => document.querySelector('finesse-sso-session')?.state ?? 'none');
const errorOf = (page) =>
  page.evaluate(() => document.querySelector('finesse-sso-session')?.session?.lastError?.code);

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{ hours?: number, tabs?: number, hourMs?: number, schedule?: string[][],
 *   clock?: ReturnType<typeof import('../test/e2e/wall-clock.js').wallClock>,
 *   onRow?: (row: object) => void }} options `clock`: the wall clock the browser was launched
 *   with; needed by the clock-jump faults.
 */
export async function runSoak(
  browser,
  { hours = 12, tabs = 20, hourMs = 4_000, schedule = SCHEDULE, clock, onRow } = {},
) {
  const lifetimeS = hourMs / 1000;
  const sim = await startSim({
    expiresIn: lifetimeS,
    refreshExpiresIn: lifetimeS * 10,
    // SOAK_SIM_LOG=1 prints the simulator's log (token ids only, never token text).
    quiet: !process.env.SOAK_SIM_LOG,
  });
  const context = await browser.newContext();
  const recoveries = [];
  let apiFailed = 0;
  // A reset after the server rotated loses the new pair for good (no client can get it back):
  // the agent signs in again. Any other sign-in request is a forced sign-in, the bug we hunt.
  let lostRotationSignIns = 0;
  let forcedSignIns = 0;
  let jumps = 0;
  const pages = [];
  let opened = 0;
  try {
    const open = async () => {
      const page = await openDesktop(context, sim, PAGE, { stamp: false });
      if (process.env.SOAK_PAGE_LOG) {
        const n = ++opened;
        page.on('console', (m) => console.log(`[tab${n}] ${m.text()}`));
        await page.evaluate(() => window.FinesseSSO?.setLogLevel?.('warn'));
      }
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
      const faults = schedule[(hour - 1) % schedule.length];
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
          case 'clock-back':
          case 'clock-forward': {
            if (!clock) throw new Error(`${fault} needs the browser launched with wallClock().env`);
            clock.jump(fault === 'clock-back' ? -2 * 3_600_000 : 2 * hourMs);
            // The jump is in effect once a tab sees it (libfaketime reads the offset each second).
            const target = clock.offsetMs;
            const deadline = Date.now() + 5_000 + hourMs;
            while (Math.abs((await offsetSeen(pages[0])) - target) > 1_000) {
              if (Date.now() > deadline) throw new Error(`the browser never saw the ${fault}`);
              await new Promise((r) => setTimeout(r, 100));
            }
            jumps++;
            // Two lifetimes pass with nothing else wrong: refreshes must go on by themselves.
            await new Promise((r) => setTimeout(r, hourMs * 2));
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
        expiredLateMaxMs: counters.apiExpiredLateMaxMs,
      });
    }
    // The shift ends: every tab active again with the pair the server holds.
    await everyTabActive().catch(() => undefined);
    for (const page of pages) await collect(page);
    const state = await simState(sim);
    // Tabs refresh every three quarters of an "hour", so one read may catch a tab mid-refresh:
    // read every tab again until all are active at once, for a few "hours" at most.
    let states = {};
    await until(
      async () => {
        states = {};
        for (const s of await Promise.all(pages.map(stateOf))) states[s] = (states[s] ?? 0) + 1;
        return states.active === pages.length;
      },
      { timeout: 3 * hourMs, every: 50 },
    ).catch(() => undefined);
    return {
      hours,
      tabs,
      hourMs,
      clockJumps: jumps,
      acceptedPerIssuedPair: state.acceptedPerIssuedPair,
      accepted: state.counters.refreshAccepted,
      refused: state.counters.refreshRefused,
      signInsAfterFirst: state.counters.interactiveSignIns - 1,
      lostRotationSignIns,
      forcedSignIns,
      expiredCalls: state.counters.apiExpiredToken,
      expiredLateMaxMs: state.counters.apiExpiredLateMaxMs,
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
