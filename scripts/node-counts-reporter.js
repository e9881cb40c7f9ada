/**
 * A node:test reporter that writes only the pass/fail counts of real tests (not suites) as
 * JSON, so scripts/test.js can add them to the browser unit-test counts.
 */
export default async function* countsReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) continue;
    if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield JSON.stringify({ passed, failed });
}
