/**
 * A thin, browser-neutral driver for the end-to-end scenarios: the same few verbs (open a
 * page, evaluate, wait for a condition, click or type inside shadow DOM, catch the popup)
 * over playwright-core for Chromium and puppeteer-core (WebDriver BiDi) for Firefox ESR.
 * Scenarios written against it run in both browsers (`E2E_BROWSERS=chromium,firefox`).
 * Every wait is a condition with a deadline; nothing sleeps a fixed time.
 */
import { chromium as playwrightChromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.js';
import { firefoxLaunchOptions } from '../../scripts/firefox.js';

/** Records console text (for the token-leak scan) and page errors on a driver page. */
function recordConsole(page) {
  page.consoleText = [];
  page.on('console', (message) => page.consoleText.push(message.text()));
  page.on('pageerror', (error) => page.consoleText.push(`pageerror: ${error.message}`));
}

export const chromiumDriver = {
  name: 'chromium',
  async launch() {
    return playwrightChromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      ignoreDefaultArgs: ['--disable-popup-blocking'],
    });
  },
  newContext: (browser) => browser.newContext(),
  closeContext: (context) => context.close(),
  async newPage(context, initScript, arg) {
    const page = await context.newPage();
    recordConsole(page);
    if (initScript) await page.addInitScript(initScript, arg);
    return page;
  },
  goto: (page, url) => page.goto(url),
  evaluate: (page, fn, arg) => page.evaluate(fn, arg),
  waitFor: (page, fn, arg, timeout) => page.waitForFunction(fn, arg, { timeout }),
  click: (page, selector) => page.locator(selector).first().click(),
  fill: (page, selector, text) => page.locator(selector).fill(text),
  count: (page, selector) => page.locator(selector).count(),
  nextPopup: (page, timeout) => page.waitForEvent('popup', { timeout }),
  isClosed: (page) => page.isClosed(),
  closePage: (page) => page.close(),
};

/** Playwright pierces open shadow roots with plain CSS; puppeteer needs `>>>` before a part. */
const deep = (selector) => selector.replace(/^(\S+) (?=\[part)/, '$1 >>> ');

export const firefoxDriver = {
  name: 'firefox',
  /**
   * @param {Record<string, unknown>} prefs added to Firefox's shipped defaults
   * @param {Record<string, unknown>} [options] more puppeteer launch options (e.g. `acceptInsecureCerts`)
   */
  launch(prefs = {}, options = {}) {
    return puppeteer.launch({ ...firefoxLaunchOptions(prefs), ...options });
  },
  newContext: (browser) => browser.createBrowserContext(),
  closeContext: (context) => context.close(),
  async newPage(context, initScript, arg) {
    const page = await context.newPage();
    recordConsole(page);
    if (initScript) await page.evaluateOnNewDocument(initScript, arg);
    return page;
  },
  goto: (page, url) => page.goto(url),
  evaluate: (page, fn, arg) => page.evaluate(fn, arg),
  waitFor: (page, fn, arg, timeout) => page.waitForFunction(fn, { timeout, polling: 100 }, arg),
  async click(page, selector) {
    const handle = await page.waitForSelector(deep(selector), { timeout: 10_000 });
    await handle.click();
  },
  async fill(page, selector, text) {
    const handle = await page.waitForSelector(deep(selector), { timeout: 10_000 });
    await handle.click({ count: 3 });
    await handle.type(text);
  },
  count: async (page, selector) => (await page.$$(deep(selector))).length,
  nextPopup(page, timeout) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        page.off('popup', onPopup);
        reject(new Error(`no popup within ${timeout} ms`));
      }, timeout);
      const onPopup = (popup) => {
        clearTimeout(timer);
        page.off('popup', onPopup);
        recordConsole(popup);
        resolve(popup);
      };
      page.on('popup', onPopup);
    });
  },
  isClosed: (page) => page.isClosed(),
  closePage: (page) => page.close(),
};

export const DRIVERS = { chromium: chromiumDriver, firefox: firefoxDriver };

/** The drivers chosen by `E2E_BROWSERS` (comma-separated), `fallback` when unset. */
export function selectedDrivers(fallback = 'firefox') {
  return (process.env.E2E_BROWSERS ?? fallback)
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const driver = DRIVERS[name];
      if (!driver) throw new Error(`E2E_BROWSERS: unknown browser ${name}`);
      return driver;
    });
}
