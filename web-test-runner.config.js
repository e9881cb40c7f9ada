import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { summaryReporter, defaultReporter } from '@web/test-runner';
import { countsReporter } from './scripts/wtr-counts-reporter.js';
import { CHROMIUM, CHROMIUM_ARGS } from './scripts/chromium.js';

export default {
  files: ['test/unit/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  // A failure deadline, not a wait: a loaded CI machine can take seconds for a file's first test.
  testFramework: { config: { timeout: 15000 } },
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
  reporters: [
    process.env.CI ? summaryReporter({ flatten: true }) : defaultReporter(),
    countsReporter(),
  ],
};
