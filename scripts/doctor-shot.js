/**
 * Photographs the doctor page for the README (`node scripts/doctor-shot.js`, after
 * `npm run build`): the simulator with two desktop tabs signed in and Finesse's clock 90 s
 * ahead (a warning), the doctor opened beside them, its popup test pressed. Writes
 * docs/screenshots/doctor-<lang>.png for en and ja.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startSimulator } from '../demo/server/simulator.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sim = await startSimulator({ quiet: true, port: 0, idsPort: 0 });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  ignoreDefaultArgs: ['--disable-popup-blocking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const desks = [await context.newPage(), await context.newPage()];
  for (const desk of desks) {
    await desk.goto(sim.demoUrl);
    await desk.waitForFunction(() => document.querySelector('finesse-sso-session')?.state);
  }
  const field = desks[0].locator('finesse-sso-session [part~="username-input"]');
  if (await field.count()) await field.fill('agent1');
  const popup = desks[0].waitForEvent('popup');
  await desks[0].locator('finesse-sso-session [part~="sign-in-button"]').click();
  const login = await popup;
  await login
    .locator('#password')
    .fill('correct horse', { timeout: 5_000 })
    .then(() => login.locator('#sign-in').click())
    .catch(() => undefined);
  for (const desk of desks) {
    await desk.waitForFunction(
      () => document.querySelector('finesse-sso-session')?.state === 'active',
    );
  }
  sim.configure({ dateSkewMs: 90_000 });
  for (const lang of ['en', 'ja']) {
    const doctor = await context.newPage();
    await doctor.goto(
      `${sim.url}/3rdpartygadget/files/finesse-sso/doctor/doctor.html?lang=${lang}`,
    );
    const holders = () =>
      doctor.evaluate(
        () =>
          document.querySelector('finesse-sso-doctor')?.checks.find((c) => c.id === 'tab-roster')
            ?.facts.notificationHolders,
      );
    // Wait for the first run, then until the notification connection is held by a tab.
    for (let i = 0; i < 60 && (await holders()) !== 1; i++) {
      await doctor.waitForTimeout(500);
      if ((await holders()) === 0) {
        await doctor.evaluate(() => document.querySelector('finesse-sso-doctor').run());
      }
    }
    await doctor.locator('finesse-sso-doctor [part~="popup-button"]').click();
    await doctor.waitForFunction(
      () =>
        document.querySelector('finesse-sso-doctor')?.checks.find((c) => c.id === 'popups')
          ?.verdict === 'pass',
    );
    const file = path.join(ROOT, `docs/screenshots/doctor-${lang}.png`);
    await doctor.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${path.relative(ROOT, file)}`);
    await doctor.close();
  }
} finally {
  await browser.close();
  await sim.close();
}
