#!/usr/bin/env node
/**
 * The OpenID Connect side-by-side (issue 5), run at the end of `npm run bench` or alone
 * (`node scripts/bench-oidc.js`): the same oidc-provider (demo/server/oidc-server.js: short
 * access tokens, refresh-token rotation, reuse revokes the grant), the same tabs and the same
 * wall-clock window, driven once with this library (bench/finesse-sso/) and once with
 * oidc-client-ts (bench/oidc-client-ts/), in Debian's Chromium with popup blocking on. The first
 * tab signs in with a real click (the server signs `agent1` in with no form), the other tabs
 * open after. Figures, counted at the server:
 * - token requests per access-token lifetime: (authorization_code + refresh_token requests)
 *   over the window ÷ (window ÷ lifetime). One refresher renewing at 75 % of the lifetime
 *   makes 1.33, plus the sign-in;
 * - `invalid_grant` answers; tabs signed out at the end (ours: the element's state is neither
 *   `active` nor `refreshing`; oidc-client-ts: `getUser()` null or expired); accepted refreshes
 *   per refreshed pair; sign-in popups after the first sign-in.
 * oidc-client-ts renews `accessTokenExpiringNotificationTimeInSeconds` before expiry (60 s by
 * default, meant for real lifetimes); the benchmark scales it to a quarter of the lifetime so
 * that both renew at 75 %. Its timers tick in whole seconds (up to 5 s apart), so a lifetime
 * of 20 s (the default) keeps that at 75 %; shorter ones make it renew late.
 *
 * Options (environment): BENCH_OIDC_TTL (access-token lifetime in s, 20), BENCH_OIDC_LIFETIMES
 * (window length in lifetimes, 6), BENCH_OIDC_TABS ('5,20'), BENCH_OIDC_RENEW_BEFORE (s before
 * expiry for oidc-client-ts, TTL/4), BENCH_OIDC_CLIENTS ('finesse-sso,oidc-client-ts').
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startOidcServer } from '../demo/server/oidc-server.js';
import { launchBrowser, sleep } from '../test/e2e/support.js';
import { buildStandalone } from './build-standalone.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT_ID = 'finesse-sso-bench';
const OURS = 'finesse-sso';
const THEIRS = 'oidc-client-ts';

const versionOf = (pkg) =>
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;

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
    };
  } finally {
    await context.close();
    await oidc.close();
  }
}

const fixed = (value) => (value === null ? 'n/a' : value.toFixed(2));
/** theirs ÷ ours, readable when ours is 0. */
function ratio(theirs, ours) {
  if (theirs === null || ours === null) return 'n/a';
  if (ours === 0) return theirs === 0 ? 'same (0)' : `${theirs} vs 0`;
  return `${(theirs / ours).toFixed(2)}×`;
}

/** Prints the table: one row per client and tab count, then theirs ÷ ours. */
export function printOidcTable(rows, { ttl, lifetimes, renewBefore }) {
  console.log(
    `\nOpenID Connect side by side: oidc-provider ${versionOf('oidc-provider')} (refresh-token rotation, reuse revokes the grant), access token ${ttl} s, a window of ${lifetimes} lifetimes (${lifetimes * ttl} s) per run; oidc-client-ts ${versionOf('oidc-client-ts')} renews ${renewBefore} s before expiry, this library at 75 %. One refresher renewing at 75 % makes 1.33 token requests per lifetime, plus the sign-in (1 ÷ ${lifetimes}).\n`,
  );
  console.log(
    '| tabs | client | token requests / lifetime | sign-ins (code) | refresh requests (accepted) | invalid_grant | tabs signed out at the end | accepted refreshes / refreshed pair | popups after the first sign-in |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  const tabCounts = [...new Set(rows.map((r) => r.tabs))];
  for (const tabs of tabCounts) {
    const ours = rows.find((r) => r.tabs === tabs && r.client === OURS);
    const theirs = rows.find((r) => r.tabs === tabs && r.client === THEIRS);
    for (const r of [ours, theirs].filter(Boolean)) {
      console.log(
        `| ${tabs} | ${r.client} | ${r.perLifetime.toFixed(2)} | ${r.signIns} | ${r.refreshes} (${r.accepted}) | ${r.invalidGrant} | ${r.signedOut} of ${tabs} | ${fixed(r.perPair)} | ${r.popups} |`,
      );
    }
    if (ours && theirs) {
      console.log(
        `| ${tabs} | ratio ${THEIRS} ÷ ${OURS} | ${ratio(theirs.perLifetime, ours.perLifetime)} | ${ratio(theirs.signIns, ours.signIns)} | ${ratio(theirs.refreshes, ours.refreshes)} | ${ratio(theirs.invalidGrant, ours.invalidGrant)} | ${ratio(theirs.signedOut, ours.signedOut)} | ${ratio(theirs.perPair, ours.perPair)} | ${ratio(theirs.popups, ours.popups)} |`,
      );
    }
  }
}

/** Runs every client for every tab count and prints the table. */
export async function benchOidc({
  ttl = Number(process.env.BENCH_OIDC_TTL ?? 20),
  lifetimes = Number(process.env.BENCH_OIDC_LIFETIMES ?? 6),
  tabCounts = (process.env.BENCH_OIDC_TABS ?? '5,20').split(',').map(Number),
  renewBefore = Number(process.env.BENCH_OIDC_RENEW_BEFORE ?? Math.max(1, Math.round(ttl / 4))),
  clients = (process.env.BENCH_OIDC_CLIENTS ?? `${OURS},${THEIRS}`).split(','),
} = {}) {
  const options = { ttl, lifetimes, renewBefore };
  for (const name of clients) if (!CLIENTS[name]) throw new Error(`unknown client ${name}`);
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
      for (const name of clients) {
        process.stderr.write(`oidc: ${name}, ${tabs} tab(s), ${lifetimes * ttl} s…\n`);
        rows.push(await measure(browser, pages, name, tabs, options));
      }
    }
  } finally {
    await browser?.close();
    await pages?.close();
    await rm(built, { recursive: true, force: true });
  }
  printOidcTable(rows, options);
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchOidc();
