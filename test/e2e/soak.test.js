/**
 * One "hour" of the compressed shift (scripts/soak-run.js; `npm run soak` runs twelve): the wall
 * clock set back two hours, an outage of the refresh endpoint that straddles the access token's
 * expiry, the clock set forward, and a reload, with every tab calling the Finesse API all the
 * time. Asserts the zeros the shift promises.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { runSoak } from '../../scripts/soak-run.js';
import { launchBrowser } from './support.js';
import { wallClock } from './wall-clock.js';

let browser;
let clock;
before(async () => {
  if (!existsSync('dist/finesse-sso-keeper.js')) execSync('npm run build', { stdio: 'inherit' });
  clock = wallClock();
  browser = await launchBrowser({ env: clock.env });
});
after(async () => {
  await browser?.close();
  clock?.dispose();
});

describe('one hour of the compressed shift', () => {
  it('clock jumps, an outage across expiry and a reload: no refusal, no sign-in, no expired call, every tab back', async () => {
    const rows = [];
    const result = await runSoak(browser, {
      hours: 1,
      tabs: 5,
      hourMs: 4_000,
      schedule: [['clock-back', 'outage-straddling-expiry', 'clock-forward', 'reload']],
      clock,
      onRow: (r) => rows.push(r),
    });
    console.log(`soak hour: ${JSON.stringify({ ...result, recoveries: undefined })}`);
    assert.equal(rows.length, 1);
    assert.equal(result.clockJumps, 2, 'both clock jumps reached the browser');
    assert.equal(result.refused, 0, 'no refresh refused');
    assert.equal(result.signInsAfterFirst, 0, 'no interactive sign-in after the first');
    assert.equal(result.forcedSignIns, 0);
    assert.equal(result.expiredCalls, 0, 'no API call with an expired token');
    assert.equal(result.stuckRecoveries, 0, 'every tab came back after the outage');
    assert.equal(result.acceptedPerIssuedPair, 1, 'one accepted refresh per issued pair');
    assert.deepEqual(result.states, { active: 5 }, 'every tab active at the end');
  });
});
