// Renders the agent UI in Japanese and Korean into docs/ (PNG), the way an agent sees it: the
// demo desktop with a ringing call at 1280 px and at 360 px, and the stand-in Finesse desktop
// with the gadget. Needs `npm run build` first (the gadget is served from dist/) and a CJK
// font (Debian: fonts-noto-cjk), or the pictures show empty boxes. Usage:
// `node scripts/screenshots.js` (writes docs/ui-*.png).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startSimulator } from '../demo/server/simulator.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (name) => path.join(root, 'docs', name);

/** Polls until `check` is truthy (no fixed sleeps: this machine may be busy). */
async function until(check, message, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const post = (sim, p, body) =>
  fetch(`${sim.url}${p}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Signs in through the simulated IdP popup (any password but `wrong`). */
async function signIn(page) {
  await page.locator('finesse-sso-session [part~="username-input"]').fill('agent1');
  const popupPromise = page.waitForEvent('popup');
  await page.locator('finesse-sso-session [part~="sign-in-button"]').click();
  const popup = await popupPromise;
  await popup.locator('#password').fill('correct horse');
  await popup.locator('#sign-in').click();
  await page.waitForFunction(
    () => document.querySelector('finesse-sso-session')?.state === 'active',
  );
}

const ringing = (target) =>
  target.locator('finesse-dialog-controls [part~="answer-button"]').waitFor({ timeout: 20_000 });

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
});
try {
  for (const [lang, locale] of [
    ['ja', 'ja-JP'],
    ['ko', 'ko-KR'],
  ]) {
    const sim = await startSimulator({ quiet: true, port: 0, idsPort: 0, expiresIn: 3600 });
    try {
      const context = await browser.newContext({ locale, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${sim.url}/demo/`);
      await signIn(page);
      await until(
        async () =>
          (await (await fetch(`${sim.url}/sim/state`)).json()).counters.xmppAuthenticated > 0,
        'notifications',
      );
      await post(sim, '/sim/call', { from: '0312345678', variables: { callVariable1: '4711' } });
      await ringing(page);
      const column = page.locator('.column').first();
      await column.screenshot({ path: out(`ui-${lang}-1280.png`) });
      await page.setViewportSize({ width: 360, height: 1400 });
      await column.screenshot({ path: out(`ui-${lang}-360.png`) });
      await post(sim, '/sim/hangup', {});

      const desk = await context.newPage();
      await desk.setViewportSize({ width: 1024, height: 760 });
      await desk.goto(
        `${sim.url}/demo/gadget/desktop/?user=agent1&locale=${locale.replace('-', '_')}`,
      );
      const frame = await (await desk.waitForSelector('#gadget')).contentFrame();
      await frame.locator('finesse-agent-state [part~="badge"]').waitFor({ timeout: 20_000 });
      await post(sim, '/sim/call', { from: '0398765432', variables: { callVariable1: '8080' } });
      await ringing(frame);
      await desk.screenshot({ path: out(`ui-${lang}-gadget.png`) });
      await context.close();
      console.log(`docs/ui-${lang}-{1280,360,gadget}.png written`);
    } finally {
      await sim.close();
    }
  }
} finally {
  await browser.close();
}
