/**
 * The OpenID Connect side by side's tables (scripts/bench-oidc.js): the heading, one row per run
 * as it ends, and the summary per cell. A client whose tabs ended signed out gets "N of M signed
 * out" where the request ratio would be: fewer requests from signed-out tabs are no saving.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, spread } from './bench-common.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OURS = 'finesse-sso';
export const THEIRS = 'oidc-client-ts';
export const LOCKED = 'oidc-client-ts-locked';

const versionOf = (pkg) =>
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;

const fixed = (value) => (value === null ? 'n/a' : value.toFixed(2));

/**
 * A client's token requests against finesse-sso's; when the client's tabs ended signed out,
 * that instead ("20 of 20 signed out"): fewer requests from signed-out tabs are no saving.
 */
function versusOurs(r, ours) {
  if (r.client === OURS) return '–';
  if (r.signedOut > 0) return `${r.signedOut} of ${r.tabs} signed out`;
  if (!ours) return 'n/a (no finesse-sso run)';
  if (ours.signedOut > 0) return `n/a (finesse-sso: ${ours.signedOut} of ${ours.tabs} signed out)`;
  if (ours.perLifetime === 0) return 'n/a';
  return `${(r.perLifetime / ours.perLifetime).toFixed(2)}×`;
}

export const header = ({ ttl, lifetimes, renewBefore, repeats }) =>
  `\nOpenID Connect side by side: oidc-provider ${versionOf('oidc-provider')} (refresh-token rotation, reuse revokes the grant), access token ${ttl} s, a window of ${lifetimes} lifetimes (${lifetimes * ttl} s) per run, ${repeats} runs per cell; oidc-client-ts ${versionOf('oidc-client-ts')} renews ${renewBefore} s before expiry (${THEIRS}: automaticSilentRenew; ${LOCKED}: signinSilent under navigator.locks, skipped when the stored user is fresh), this library at 75 %. One refresher renewing at 75 % makes 1.33 token requests per lifetime, plus the sign-in (1 ÷ ${lifetimes}).\n`;

/** One run's row, printed the moment it is measured. */
export function printRun(r, ours) {
  const note =
    r.spentTwice > 0
      ? ` (${r.spentTwice} renew(s) under the lock spent a refresh token another tab had already exchanged: its re-read after the lock saw the old user)`
      : '';
  console.log(
    `| ${r.tabs} | ${r.run} | ${r.client}${note} | ${r.perLifetime.toFixed(2)} | ${r.signIns} | ${r.refreshes} (${r.accepted}) | ${r.invalidGrant} | ${r.signedOut} of ${r.tabs} | ${fixed(r.perPair)} | ${r.popups} | ${versusOurs(r, ours)} |`,
  );
}

/** The summary: each cell's median (min–max) over its runs, and what became of the tabs. */
export function printOidcSummary(rows, repeats) {
  console.log(
    '\n| tabs | client | runs | token requests / lifetime: median (min–max) | refresh requests: median (min–max) | invalid_grant (each run) | tabs signed out (each run) | against finesse-sso (medians, signed-in runs) |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  const fixed2 = (v) => v.toFixed(2);
  const tabCounts = [...new Set(rows.map((r) => r.tabs))];
  const clients = [...new Set(rows.map((r) => r.client))];
  for (const tabs of tabCounts) {
    const oursRuns = rows.filter((r) => r.tabs === tabs && r.client === OURS && r.signedOut === 0);
    const oursMedian = oursRuns.length ? median(oursRuns.map((r) => r.perLifetime)) : null;
    for (const client of clients) {
      const runs = rows.filter((r) => r.tabs === tabs && r.client === client);
      if (runs.length === 0) continue;
      let against = '–';
      if (client !== OURS) {
        const out = runs.filter((r) => r.signedOut > 0);
        const kept = runs.filter((r) => r.signedOut === 0);
        const parts = [];
        if (kept.length && oursMedian) {
          const theirs = median(kept.map((r) => r.perLifetime));
          parts.push(`${(theirs / oursMedian).toFixed(2)}× (${kept.length} run(s))`);
        }
        for (const r of out) parts.push(`run ${r.run}: ${r.signedOut} of ${r.tabs} signed out`);
        against = parts.join('; ') || 'n/a';
      }
      console.log(
        `| ${tabs} | ${client} | ${runs.length} of ${repeats} | ${spread(
          runs.map((r) => r.perLifetime),
          fixed2,
        )} | ${spread(
          runs.map((r) => r.refreshes),
          String,
        )} | ${runs.map((r) => r.invalidGrant).join(', ')} | ${runs.map((r) => `${r.signedOut} of ${tabs}`).join(', ')} | ${against} |`,
      );
    }
  }
}
