#!/usr/bin/env node
/**
 * The one test command (`npm test`): browser unit tests (web-test-runner in Debian's
 * Chromium and Firefox ESR), then multi-tab end-to-end tests (node:test against the simulator:
 * the Chromium files through Playwright, and cross-browser.test.js in Firefox ESR through
 * puppeteer-core). Ends with one plain `N passed, N failed` line for both browsers, which CI
 * reads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, readdirSync } from 'node:fs';

const counts = { passed: 0, failed: 0 };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env: process.env });
const readCounts = (file) => {
  if (!existsSync(file)) return null;
  const value = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file);
  return value;
};
const add = (name, status, file) => {
  const result = readCounts(file);
  if (!result) {
    console.error(
      `${name}: the runner produced no counts (exit ${status}); counting it as one failure.`,
    );
    counts.failed++;
    return;
  }
  counts.passed += result.passed;
  counts.failed += result.failed;
  if (status !== 0 && result.failed === 0) counts.failed++; // the runner itself failed
};

const only = process.argv[2]; // 'unit' or 'e2e' to run one half
if (only !== 'e2e') {
  const unit = run('npx', ['web-test-runner']);
  add('unit tests', unit.status, '.wtr-results.json');
}
if (only !== 'unit') {
  const files = readdirSync('test/e2e')
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => `test/e2e/${f}`);
  const e2e = run(process.execPath, [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/node-counts-reporter.js',
    '--test-reporter-destination=.e2e-results.json',
    ...files,
  ]);
  add('end-to-end tests', e2e.status, '.e2e-results.json');
}
console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);
