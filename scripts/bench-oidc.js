#!/usr/bin/env node
/**
 * The OpenID Connect side-by-side (issue 5), run at the end of `npm run bench` or alone
 * (`node scripts/bench-oidc.js`): the same oidc-provider (demo/server/oidc-server.js: short
 * access tokens, refresh-token rotation, reuse revokes the grant), the same tabs and the same
 * wall-clock window, driven with this library (bench/finesse-sso/), with oidc-client-ts as its
 * documentation recommends (bench/oidc-client-ts/index.html: `automaticSilentRenew`) and with
 * the strongest fair oidc-client-ts peer (bench/oidc-client-ts/locked.html: automatic renew off,
 * `signinSilent()` serialised across tabs by `navigator.locks` and skipped when the stored user
 * is already fresh), in Debian's Chromium with popup blocking on. Each cell (client × tab count)
 * runs BENCH_OIDC_REPEATS times (BENCH_REPEATS, 3), the clients taking turns within a round; each
 * run prints its row the moment it ends, a run that fails prints a failed row with its reason
 * and the others go on. The first
 * tab signs in with a real click (the server signs `agent1` in with no form), the other tabs
 * open after. Figures, counted at the server:
 * - token requests per access-token lifetime: (authorization_code + refresh_token requests)
 *   over the window ÷ (window ÷ lifetime). One refresher renewing at 75 % of the lifetime
 *   makes 1.33, plus the sign-in;
 * - `invalid_grant` answers; tabs signed out at the end (ours: the element's state is neither
 *   `active` nor `refreshing`; oidc-client-ts: `getUser()` null or expired); accepted refreshes
 *   per refreshed pair; sign-in popups after the first sign-in;
 * - token requests against finesse-sso's in the same round; a run whose tabs ended signed out
 *   prints "N of M signed out" there instead (fewer requests from signed-out tabs are no gain).
 * A summary gives each cell's median (min–max) over its runs.
 * oidc-client-ts renews `accessTokenExpiringNotificationTimeInSeconds` before expiry (60 s by
 * default, meant for real lifetimes); the benchmark scales it to a quarter of the lifetime so
 * that both renew at 75 %. Its timers tick in whole seconds (up to 5 s apart), so a lifetime
 * of 20 s (the default) keeps that at 75 %; shorter ones make it renew late.
 *
 * Options (environment): BENCH_OIDC_TTL (access-token lifetime in s, 20), BENCH_OIDC_LIFETIMES
 * (window length in lifetimes, 6), BENCH_OIDC_TABS ('5,20'), BENCH_OIDC_RENEW_BEFORE (s before
 * expiry for oidc-client-ts, TTL/4), BENCH_OIDC_CLIENTS
 * ('finesse-sso,oidc-client-ts,oidc-client-ts-locked'), BENCH_OIDC_REPEATS (BENCH_REPEATS, 3).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startOidcServer } from '../demo/server/oidc-server.js';
import { launchBrowser, sleep } from '../test/e2e/support.js';
import { cell, finish } from './bench-common.js';
import { LOCKED, OURS, THEIRS, header, printOidcSummary, printRun } from './bench-oidc-print.js';
import { buildStandalone } from './build-standalone.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT_ID = 'finesse-sso-bench';

/** Builds the IIFE bundle and the OAuth callback script from the current sources into `out`. */
async function buildOurs(out) {
  await build({
    root: ROOT,
    mode: 'iife',
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: false, sourcemap: false },
  });
  await buildStandalone({
    entry: 'src/oauth-callback/callback.ts',
    outDir: out,
    fileName: 'callback.js',
    format: 'es',
  });
}

/** The benchmark's pages, on http://localhost (another site than the issuer on 127.0.0.1). */
async function startPages(built) {
  const files = {
    '/finesse-sso/': path.join(ROOT, 'bench/finesse-sso/index.html'),
    '/finesse-sso/page.js': path.join(ROOT, 'bench/finesse-sso/page.js'),
    '/finesse-sso.iife.js': path.join(built, 'finesse-sso.iife.js'),
    '/oauth/callback.html': path.join(ROOT, 'src/oauth-callback/callback.html'),
    '/oauth/callback.js': path.join(built, 'callback.js'),
    '/oidc-client-ts/': path.join(ROOT, 'bench/oidc-client-ts/index.html'),
    '/oidc-client-ts/callback.html': path.join(ROOT, 'bench/oidc-client-ts/callback.html'),
    '/oidc-client-ts/settings.js': path.join(ROOT, 'bench/oidc-client-ts/settings.js'),
    '/oidc-client-ts/app.js': path.join(ROOT, 'bench/oidc-client-ts/app.js'),
    '/oidc-client-ts/locked.html': path.join(ROOT, 'bench/oidc-client-ts/locked.html'),
    '/oidc-client-ts/locked.js': path.join(ROOT, 'bench/oidc-client-ts/locked.js'),
    '/oidc-client-ts/callback.js': path.join(ROOT, 'bench/oidc-client-ts/callback.js'),
    '/oidc-client-ts.min.js': path.join(
      ROOT,
      'node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js',
    ),
  };
  const server = http.createServer(async (req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    const body = file && (await readFile(file).catch(() => null));
    if (!body) return res.writeHead(404).end();
    const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
    res.writeHead(200, { 'Content-Type': `${type};charset=utf-8`, 'Cache-Control': 'no-store' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** How the benchmark drives and asks one kind of tab. */
const CLIENTS = {
  [OURS]: {
    path: '/finesse-sso/',
    redirectPath: '/oauth/callback.html',
    query: () => ({}),
    // OAuth providers ask for no username: the identity provider's page does.
    signInButton: async (page) => page.locator('finesse-sso-session [part~="sign-in-button"]'),
    loaded: (page) =>
      page.waitForFunction(() => document.querySelector('finesse-sso-session')?.state),
    waitSignedIn: (page, timeout) =>
      page.waitForFunction(
        () => document.querySelector('finesse-sso-session')?.state === 'active',
        null,
        { timeout },
      ),
    signedIn: (page) =>
      page.evaluate(() =>
        ['active', 'refreshing'].includes(document.querySelector('finesse-sso-session').state),
      ),
  },
  [THEIRS]: {
    path: '/oidc-client-ts/',
    redirectPath: '/oidc-client-ts/callback.html',
    query: ({ renewBefore }) => ({ notify: String(renewBefore) }),
    signInButton: async (page) => page.locator('#sign-in'),
    loaded: (page) => page.waitForFunction(() => window.benchTab),
    // The user in the shared store (reading it does not touch the renew timers).
    waitSignedIn: (page, timeout) =>
      page.waitForFunction(
        () => Object.keys(localStorage).some((key) => key.startsWith('oidc.user:')),
        null,
        { timeout },
      ),
    signedIn: (page) => page.evaluate(() => window.benchTab.signedIn()),
  },
};
// The locked peer: the same tab but for its renew (bench/oidc-client-ts/locked.js).
CLIENTS[LOCKED] = { ...CLIENTS[THEIRS], path: '/oidc-client-ts/locked.html' };

/** One run: `tabs` tabs of `clientName` for `lifetimes` × `ttl` seconds after the sign-in. */
async function measure(browser, pages, clientName, tabs, { ttl, lifetimes, renewBefore }) {
  const client = CLIENTS[clientName];
  const oidc = await startOidcServer({
    accessTokenTtl: ttl,
    clientId: CLIENT_ID,
    redirectUris: [`${pages.origin}${client.redirectPath}`],
    corsOrigins: [pages.origin],
    autoLogin: 'agent1',
  });
  const context = await browser.newContext();
  try {
    const url = `${pages.origin}${client.path}?${new URLSearchParams({
      issuer: oidc.issuer,
      client: CLIENT_ID,
      ...client.query({ renewBefore }),
    })}`;
    let popups = 0;
    let signedInOnce = false;
    const openTab = async () => {
      const page = await context.newPage();
      page.on('popup', () => signedInOnce && popups++);
      await page.goto(url);
      await client.loaded(page);
      return page;
    };
    const first = await openTab();
    const popup = first.waitForEvent('popup', { timeout: 10_000 });
    await (await client.signInButton(first)).click();
    await popup;
    await client.waitSignedIn(first, 15_000);
    signedInOnce = true;
    const windowEnds = Date.now() + lifetimes * ttl * 1000;
    const all = [first];
    for (let i = 1; i < tabs; i++) all.push(await openTab());
    await Promise.all(all.map((page) => client.waitSignedIn(page, 15_000)));
    await sleep(Math.max(0, windowEnds - Date.now()));
    const stats = oidc.stats();
    const signedIn = await Promise.all(all.map((page) => client.signedIn(page).catch(() => false)));
    // Locked tabs: a refresh token exchanged by one tab under the lock and spent again later by
    // another means the second tab's re-read after the lock still saw the old user.
    let spentTwice = null;
    if (clientName === LOCKED) {
      const log = (
        await Promise.all(
          all.map((page) => page.evaluate(() => window.benchTab.renewLog()).catch(() => [])),
        )
      )
        .flat()
        .sort((a, b) => a.at - b.at);
      // Only tokens another tab had already exchanged successfully: after a refusal the store
      // still holds the dead token, and the retries that spend it again are not stale reads.
      spentTwice = log.filter((e, i) =>
        log.slice(0, i).some((d) => d.token === e.token && d.tab !== e.tab && d.ok),
      ).length;
    }
    return {
      tabs,
      client: clientName,
      perLifetime:
        (stats.tokenRequests.authorization_code + stats.tokenRequests.refresh_token) / lifetimes,
      signIns: stats.tokenRequests.authorization_code,
      refreshes: stats.tokenRequests.refresh_token,
      accepted: stats.acceptedRefreshes,
      invalidGrant: stats.invalidGrant,
      signedOut: signedIn.filter((ok) => !ok).length,
      perPair: stats.refreshedPairs ? stats.acceptedRefreshes / stats.refreshedPairs : null,
      popups,
      spentTwice,
    };
  } finally {
    await context.close();
    await oidc.close();
  }
}

/** Runs every client for every tab count, each cell `repeats` times, printing as it goes. */
export async function benchOidc({
  ttl = Number(process.env.BENCH_OIDC_TTL ?? 20),
  lifetimes = Number(process.env.BENCH_OIDC_LIFETIMES ?? 6),
  tabCounts = (process.env.BENCH_OIDC_TABS ?? '5,20').split(',').map(Number),
  renewBefore = Number(process.env.BENCH_OIDC_RENEW_BEFORE ?? Math.max(1, Math.round(ttl / 4))),
  clients = (process.env.BENCH_OIDC_CLIENTS ?? `${OURS},${THEIRS},${LOCKED}`).split(','),
  repeats = Math.max(1, Number(process.env.BENCH_OIDC_REPEATS ?? process.env.BENCH_REPEATS ?? 3)),
} = {}) {
  const options = { ttl, lifetimes, renewBefore };
  for (const name of clients) if (!CLIENTS[name]) throw new Error(`unknown client ${name}`);
  // Ours first in each round, so the others' rows can be set against it as they print.
  clients = [...clients].sort((a, b) => Number(b === OURS) - Number(a === OURS));
  console.log(header({ ...options, repeats }));
  console.log(
    '| tabs | run | client | token requests / lifetime | sign-ins (code) | refresh requests (accepted) | invalid_grant | tabs signed out at the end | accepted refreshes / refreshed pair | popups after the first sign-in | token requests against finesse-sso (same round) |',
  );
  console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const built = await mkdtemp(path.join(tmpdir(), 'finesse-sso-bench-'));
  let pages;
  let browser;
  const rows = [];
  try {
    if (clients.includes(OURS)) {
      process.stderr.write('oidc: building the IIFE bundle and the OAuth callback…\n');
      await buildOurs(built);
    }
    pages = await startPages(built);
    browser = await launchBrowser();
    for (const tabs of tabCounts) {
      for (let run = 1; run <= repeats; run++) {
        let ours = null;
        for (const name of clients) {
          process.stderr.write(
            `oidc: ${name}, ${tabs} tab(s), run ${run} of ${repeats}, ${lifetimes * ttl} s…\n`,
          );
          const r = await cell(
            `oidc ${name} ${tabs} tab(s) run ${run}`,
            () => measure(browser, pages, name, tabs, options),
            (reason) => `| ${tabs} | ${run} | ${name} | FAILED: ${reason} | | | | | | | |`,
          );
          if (!r) continue;
          r.run = run;
          if (name === OURS) ours = r;
          rows.push(r);
          printRun(r, ours);
        }
      }
    }
  } finally {
    await browser?.close();
    await pages?.close();
    await rm(built, { recursive: true, force: true });
  }
  printOidcSummary(rows, repeats);
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchOidc();
  finish();
}
