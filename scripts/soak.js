#!/usr/bin/env node
/**
 * `npm run soak`: a twelve-hour shift in compressed time (see scripts/soak-run.js). A benchmark,
 * not a test: it prints each hour as it ends, then the table.
 *
 *   SOAK_HOURS=12 SOAK_TABS=20 SOAK_HOUR_MS=4000 npm run soak
 */
import { execSync } from 'node:child_process';
import { launchBrowser } from '../test/e2e/support.js';
import { wallClock } from '../test/e2e/wall-clock.js';
import { runSoak } from './soak-run.js';

const hours = Number(process.env.SOAK_HOURS ?? 12);
const tabs = Number(process.env.SOAK_TABS ?? 20);
const hourMs = Number(process.env.SOAK_HOUR_MS ?? 4_000);

execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
console.log(
  `soak: ${hours} "hours" of ${hourMs} ms, ${tabs} tabs; access ${hourMs / 1000} s, refresh ${(hourMs * 10) / 1000} s (the seed's 3600 s / 36 000 s, scaled)\n`,
);
console.log('| hour | faults | accepted | refused | sign-ins | calls with an expired token |');
console.log('| --- | --- | --- | --- | --- | --- |');
const clock = wallClock();
const browser = await launchBrowser({ env: clock.env });
try {
  const result = await runSoak(browser, {
    hours,
    tabs,
    hourMs,
    clock,
    onRow: (row) =>
      console.log(
        `| ${row.hour} | ${row.faults} | ${row.accepted} | ${row.refused} | ${row.signIns} | ${row.expiredCalls}${row.expiredCalls ? ` (≤ ${row.expiredLateMaxMs} ms late)` : ''} |`,
      ),
  });
  const states = Object.entries(result.states)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const recovery = (ms) => (ms === Infinity ? 'never' : `${(ms / 1000).toFixed(2)} s`);
  console.log(`
| figure | value | goal |
| --- | --- | --- |
| accepted refreshes per issued pair | ${result.acceptedPerIssuedPair?.toFixed(2)} (${result.accepted} accepted) | 1.00 |
| refused refreshes | ${result.refused} | one per lost rotation (its single retry) |
| interactive sign-ins after the first | ${result.signInsAfterFirst} (${result.lostRotationSignIns} after a lost rotation) | only after lost rotations |
| forced sign-ins while the refresh token was valid | ${result.forcedSignIns} | 0 |
| API calls with an expired token | ${result.expiredCalls}${result.expiredCalls ? ` (the latest ${result.expiredLateMaxMs} ms past expiry)` : ''} | 0 |
| API calls that failed during outages | ${result.failedCallsDuringOutages} | (expected during outages) |
| longest "server answers again" → every tab active | ${recovery(result.longestRecoveryMs)} over ${result.recoveries.length} recoveries | < 5 s |
| wall-clock jumps (2 h back, 2 "hours" forward) | ${result.clockJumps} | (faults) |
| states at the end | ${states} | all active |`);
  const ok =
    result.forcedSignIns === 0 &&
    result.refused === result.lostRotationSignIns &&
    result.expiredCalls === 0 &&
    result.stuckRecoveries === 0;
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  clock.dispose();
}
