/**
 * Photographs the states of ui-states.js for the pictures (`npm run screenshots`) and the
 * visual regression test (test/e2e/visual.test.js): one simulator for a run, a new browser
 * context per state, reduced motion, animations disabled and the caret hidden. Each
 * screenshot comes twice: as an agent sees it, and with what ticks masked (times in state,
 * call durations, countdowns, lines that embed a remaining time) for comparisons.
 */
import { chromium } from 'playwright-core';
import { startSimulator } from '../demo/server/simulator.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { STATES, until } from './ui-states.js';

/** Languages and the browser locale that selects them (the demo follows the browser). */
export const LANGS = { en: 'en-US', ja: 'ja-JP', ko: 'ko-KR' };
export const WIDTHS = [360, 1280];

/**
 * The demo's developer panel (facts, buttons, the tab's random name) is not what agents see.
 * Hidden through the CSSOM: the demo's CSP (style-src 'self') refuses an added style sheet.
 */
const DEVELOPER_PARTS = '#status-panel .facts, #status-panel > .actions, #api-result, #tab-badge';
const hideDeveloperParts = (page) =>
  page.evaluate((selector) => {
    for (const element of document.querySelectorAll(selector)) {
      element.style.setProperty('display', 'none', 'important');
    }
  }, DEVELOPER_PARTS);

/** Popup blocking stays on, as in an agent's browser (Playwright turns it off by default). */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
}

/**
 * What ticks, masked in comparisons (the pictures keep it): times in state and call durations,
 * countdowns, a health line counting down, the session's status line ("renews in 44:59") and
 * a banner body that embeds a time (offline: how long the sign-in stays valid). Locators, so
 * they are found again at the moment of the screenshot, inside open shadow roots and in the
 * gadget's frame.
 */
function masks(page) {
  const roots = [page, ...page.frames().slice(1)];
  return roots.flatMap((root) => [
    root.locator(
      '[part~="time"], [part~="duration"], [part~="countdown"], [part~="health"][data-kind="soon"]',
    ),
    // The session's own status line; the agent elements' `status` parts hold no times.
    root.locator('[part~="status"].status'),
    root.locator('[part~="banner-body"]').filter({ hasText: /\d:\d\d/ }),
  ]);
}

/** Lets layout settle after a resize or a render: fonts loaded, two animation frames. */
async function settled(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/**
 * Renders one state in one language: drives a reset simulator and a new context into it, then
 * photographs it at each width. Resolves `{ [width]: { picture, masked } }`: `picture` as an
 * agent sees it, `masked` with the volatile parts covered (what comparisons use).
 */
export async function render(browser, sim, name, lang, widths = WIDTHS) {
  const state = STATES[name];
  const reset = await fetch(`${sim.url}/sim/reset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...state.simOptions }),
  });
  if (!reset.ok) throw new Error(`/sim/reset: HTTP ${reset.status}`);
  const context = await browser.newContext({
    locale: LANGS[lang],
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 900 },
  });
  try {
    if (state.init) await context.addInitScript(state.init);
    const env = { sim, context, locale: LANGS[lang] };
    const page = await state.drive(env);
    const target = state.target ? state.target(page) : page.locator('finesse-sso-session');
    if (!state.target) await hideDeveloperParts(page);
    // A session that keeps retrying (offline) passes through `refreshing` for a moment now and
    // then; a shot taken across such a moment mixes two layouts (the masks were placed on the
    // other one). Count the session's changes and take the shots again until none fell inside.
    await page.evaluate(() => {
      window.__uiShotChanges = 0;
      document.addEventListener('finesse-session-change', () => window.__uiShotChanges++);
    });
    const sessionState = () =>
      page.evaluate(() => document.querySelector('finesse-sso-session')?.state ?? null);
    const changes = () => page.evaluate(() => window.__uiShotChanges);
    const pictured = await sessionState();
    const shots = {};
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 });
      const options = { animations: 'disabled', caret: 'hide' };
      for (let attempt = 1; ; attempt++) {
        await until(async () => (await sessionState()) === pictured, `back in ${pictured}`);
        await settled(page);
        const before = await changes();
        const shot = {
          picture: await target.screenshot(options),
          masked: await target.screenshot({
            ...options,
            mask: masks(page),
            maskColor: '#9aa4b1',
          }),
        };
        if ((await changes()) === before) {
          shots[width] = shot;
          break;
        }
        if (attempt === 5) throw new Error(`${name}: the session kept changing during the shots`);
      }
    }
    return shots;
  } finally {
    await context.close();
  }
}

/**
 * One simulator for a whole run: `render` resets it before each state (its Vite server stays
 * warm, which saves seconds per state). Access tokens live an hour, so nothing refreshes by
 * itself while a state is photographed.
 */
export function startSim() {
  return startSimulator({ quiet: true, port: 0, idsPort: 0, expiresIn: 3600 });
}

/**
 * What the visual test compares (test/e2e/visual.test.js), chosen to stay within about three
 * minutes on a busy two-core machine: each kind of state in English (the other error banners
 * differ from these only in their words; a held call shows in consult), and ja and ko where their longer or wider texts
 * wrap differently (a ringing call, a sign-in banner, the gadget column).
 */
export const COMPARED = [
  ...[
    'signed-out',
    'signing-in',
    'active',
    'offline',
    'needs-sign-in',
    'error-popup-blocked',
    'ringing',
    'talking',
    'consult',
    'wrap-up',
    'gadget',
  ].map((state) => ({ state, lang: 'en' })),
  { state: 'ringing', lang: 'ja' },
  { state: 'needs-sign-in', lang: 'ko' },
  { state: 'gadget', lang: 'ko' },
];

/** The baseline file of one state, language and width, in test/e2e/baselines/. */
export const baselineName = (state, lang, width) => `${lang}-${state}-${width}.png`;
