import { writeFileSync } from 'node:fs';

/**
 * Writes the run's pass/fail counts to `.wtr-results.json` when the process exits, so
 * `scripts/test.js` can add them to the end-to-end counts and print one plain summary line
 * (wtr's own counts sit behind a progress bar with ANSI codes).
 */
export function countsReporter({ file = '.wtr-results.json' } = {}) {
  let passed = 0;
  let failed = 0;
  const count = (suite) => {
    for (const test of suite.tests ?? []) {
      if (test.skipped) continue;
      if (test.passed) passed++;
      else failed++;
    }
    for (const child of suite.suites ?? []) count(child);
  };
  return {
    onTestRunFinished({ sessions }) {
      passed = 0;
      failed = 0;
      for (const session of sessions) {
        if (session.testResults) count(session.testResults);
        // A file that failed to load has no test results but must count as a failure.
        else if (!session.passed) failed++;
        if (session.testResults && session.errors?.length) failed += session.errors.length;
      }
      writeFileSync(file, JSON.stringify({ passed, failed }));
    },
  };
}
