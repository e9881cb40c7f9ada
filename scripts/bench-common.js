/**
 * What the benchmark scripts share: percentiles, the "median (min–max)" spread of repeated runs,
 * and the failure ledger. Every figure is printed the moment it is measured; a cell (one
 * measured run) that throws is printed as a failed row with its reason and the run goes on, so
 * a failure loses nothing measured before. `npm run bench` ends with one line counting the
 * failed cells and exits non-zero only if there were any.
 *
 * console.log writes to a file or a pipe synchronously on Linux (Node's documented behaviour
 * for process.stdout), so a row printed is a row kept even if the process dies next.
 */

/** How many times each figure is measured (`BENCH_REPEATS`, 3). */
export const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3));

/** The p-th percentile (nearest rank) of `values`; NaN when there are none. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The median (the lower one for an even count, so it is always a measured value). */
export const median = (values) => percentile(values, 50);

/** Milliseconds with one decimal, or n/a. */
export const ms = (value) =>
  value === null || value === undefined || Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`;

/**
 * "median (min–max)" of the runs' values, formatted with `format`; values that are null or NaN
 * (a run with nothing to measure) are left out, and a single value is printed alone.
 */
export function spread(values, format = ms) {
  const kept = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v));
  if (kept.length === 0) return 'n/a';
  if (kept.length === 1) return format(kept[0]);
  return `${format(median(kept))} (${format(Math.min(...kept))}–${format(Math.max(...kept))})`;
}

const failed = [];

/** The first line of an error's message, without table breakers. */
const reasonOf = (error) =>
  String(error?.message ?? error)
    .split('\n')[0]
    .replaceAll('|', '/')
    .slice(0, 200);

/**
 * Runs one cell. On success returns its result; on failure prints `failedRow(reason)` at once,
 * records the failure and returns null, so the caller goes on with the next cell.
 */
export async function cell(label, run, failedRow = (reason) => `| ${label} | FAILED: ${reason} |`) {
  try {
    return await run();
  } catch (error) {
    const reason = reasonOf(error);
    failed.push({ label, reason });
    console.log(failedRow(reason));
    process.stderr.write(`${label} failed: ${error?.stack ?? error}\n`);
    return null;
  }
}

const notes = [];

/**
 * Records an outcome worth repeating at the end that is a measurement, not a failure of the
 * benchmark (a reload that ended signed out): listed in the closing lines, exit code untouched.
 */
export function note(text) {
  notes.push(text);
}

/** Prints the closing lines and sets the exit code: non-zero only if a cell failed. */
export function finish() {
  if (notes.length) console.log(`\nbench: worth a look: ${notes.join('; ')}`);
  if (failed.length === 0) {
    console.log('\nbench: every cell measured, none failed');
    return;
  }
  console.log(
    `\nbench: ${failed.length} cell(s) failed: ${failed.map((f) => `${f.label} (${f.reason})`).join('; ')}`,
  );
  process.exitCode = 1;
}
