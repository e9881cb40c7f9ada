/**
 * Visual regressions: drives the demo and the stand-in Finesse desktop into each state of
 * scripts/ui-states.js listed in COMPARED (scripts/ui-shots.js), photographs it at 360 and
 * 1280 px in Debian's Chromium and compares the picture, ticking parts masked, with its
 * baseline in test/e2e/baselines/.
 *
 * Two tolerances, so antialiasing noise passes and a real change fails: a pixel counts as
 * different when pixelmatch's YIQ colour distance exceeds THRESHOLD (antialiased pixels are
 * not counted), and a picture fails when more than MAX_DIFF_RATIO of its pixels differ, or
 * when its size changed. A failure writes the actual picture and a diff (differences in red)
 * to test/e2e/visual-diffs/ (git-ignored) and names them.
 *
 * An intended change: `npm run build && npm run screenshots -- --update-baselines`.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import {
  COMPARED,
  WIDTHS,
  baselineName,
  launch,
  render,
  startSim,
} from '../../scripts/ui-shots.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASELINES = path.join(here, 'baselines');
const DIFFS = path.join(here, 'visual-diffs');
/** pixelmatch's per-pixel colour distance (0 to 1); 0.1 is its default. */
const THRESHOLD = 0.1;
/** At most this share of a picture's pixels may differ (0.1 %: about 300 px at 1280 px). */
const MAX_DIFF_RATIO = 0.001;

let browser;
let sim;
before(async () => {
  // The gadget is served from dist/, as an administrator uploads it.
  if (!existsSync(path.resolve(here, '../../dist/gadget'))) {
    execSync('npm run build', { stdio: 'inherit' });
  }
  browser = await launch();
  sim = await startSim();
});
after(async () => {
  await browser?.close();
  await sim?.close();
});

/** Compares one picture with its baseline; on a difference, writes actual and diff and throws. */
function compare(actualBuffer, name) {
  const baselineFile = path.join(BASELINES, name);
  assert.ok(
    existsSync(baselineFile),
    `no baseline ${path.relative(process.cwd(), baselineFile)}: run npm run screenshots -- --update-baselines`,
  );
  const expected = PNG.sync.read(readFileSync(baselineFile));
  const actual = PNG.sync.read(actualBuffer);
  const keep = (diff) => {
    mkdirSync(DIFFS, { recursive: true });
    const stem = path.join(DIFFS, name.replace(/\.png$/, ''));
    writeFileSync(`${stem}-actual.png`, actualBuffer);
    if (diff) writeFileSync(`${stem}-diff.png`, PNG.sync.write(diff));
    return path.relative(process.cwd(), stem);
  };
  if (actual.width !== expected.width || actual.height !== expected.height) {
    const stem = keep(null);
    assert.fail(
      `${name}: ${actual.width}×${actual.height} px, the baseline is ${expected.width}×${expected.height} (actual: ${stem}-actual.png)`,
    );
  }
  const { width, height } = actual;
  const diff = new PNG({ width, height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, width, height, {
    threshold: THRESHOLD,
  });
  const ratio = differing / (width * height);
  if (ratio > MAX_DIFF_RATIO) {
    const stem = keep(diff);
    assert.fail(
      `${name}: ${differing} of ${width * height} pixels differ (${(ratio * 100).toFixed(2)} %, at most ${MAX_DIFF_RATIO * 100} %); see ${stem}-actual.png and ${stem}-diff.png`,
    );
  }
}

describe('what the agent sees, compared with the baselines', () => {
  for (const { state, lang } of COMPARED) {
    it(`${state} (${lang}) at ${WIDTHS.join(' and ')} px`, async () => {
      const shots = await render(browser, sim, state, lang, WIDTHS);
      const failures = [];
      for (const width of WIDTHS) {
        try {
          compare(shots[width].masked, baselineName(state, lang, width));
        } catch (error) {
          failures.push(error.message);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
