/**
 * A wall clock that the test can set forward or back while the browser runs, as a person or
 * time sync changes the machine's clock: Debian's libfaketime (package `faketime`) preloaded
 * into Chromium, reading its offset from a file. Only the wall clock moves (`Date.now()`, in
 * pages and in the refresh keeper's service worker alike, since they share the process tree);
 * the monotonic clock (`performance.now()`, timers) runs on, and the simulator, in this Node.js
 * process, keeps true time, as a Finesse server would.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

export function wallClock() {
  if (!existsSync(LIBFAKETIME)) {
    throw new Error(
      `clock jumps need libfaketime (${LIBFAKETIME}): apt-get install faketime (.ci/run does)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'finesse-sso-clock-'));
  const file = join(dir, 'offset');
  let offsetS = 0;
  const write = () => writeFileSync(file, `${offsetS >= 0 ? '+' : ''}${offsetS}\n`);
  write();
  return {
    /** The browser's environment: the preload and where it reads the offset. */
    env: {
      ...process.env,
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: file,
      // Read the file on every call, so every process of the browser sees a jump at the same
      // moment, as with a real clock. With a cache (even of 1 s) one tab could adopt a record
      // another tab had already moved onto the new clock while its own clock still lagged, and
      // move it a second time: a fault of the harness that a real clock cannot produce.
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      // Without this, libfaketime's monotonic fix-up crashes Chromium's renderers.
      FAKETIME_FORCE_MONOTONIC_FIX: '0',
    },
    /** Moves the browser's wall clock by `ms` (whole seconds), forward or back. */
    jump(ms) {
      offsetS += Math.round(ms / 1000);
      write();
    },
    get offsetMs() {
      return offsetS * 1000;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
