import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromeLauncher } from '@web/test-runner-chrome';
import puppeteer from 'puppeteer-core';
import { summaryReporter, defaultReporter } from '@web/test-runner';
import { countsReporter } from './scripts/wtr-counts-reporter.js';
import { CHROMIUM, CHROMIUM_ARGS } from './scripts/chromium.js';
import { firefoxLaunchOptions } from './scripts/firefox.js';

/**
 * Chromium through Playwright; Debian's firefox-esr through puppeteer-core over WebDriver BiDi
 * (test-runner-chrome's puppeteer launcher with `browser: 'firefox'`), as shipped. `WTR_BROWSERS`
 * (comma-separated) picks some.
 */
const launchers = {
  chromium: () =>
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS },
    }),
  firefox: () => chromeLauncher({ puppeteer, launchOptions: firefoxLaunchOptions() }),
};
const browsers = (process.env.WTR_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((name) => launchers[name.trim()]());

export default {
  files: ['test/unit/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  // A failure deadline, not a wait: a loaded CI machine can take seconds for a file's first test.
  testFramework: { config: { timeout: 15000 } },
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  browsers,
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
  reporters: [
    process.env.CI ? summaryReporter({ flatten: true }) : defaultReporter(),
    countsReporter(),
  ],
};
