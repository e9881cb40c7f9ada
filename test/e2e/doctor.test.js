/**
 * Issue 12: the doctor page (`dist/doctor/doctor.html`, served by the simulator where an
 * administrator would upload it) against the simulator with the matching fault for each check:
 * two desktop tabs (roster, lifetimes, history, support bundle without any token), a refused
 * refresh, a skewed `Date` header, Finesse without CORS for the desktop's origin, and an
 * untrusted certificate on the notification port. Popup blocking stays ON. Builds
 * `dist/doctor/` (and `dist/relay/` when missing) first.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { spkiHash } from '../../demo/server/cert-sites.js';
import { DOCTOR_CSP } from '../../demo/server/pages.js';
import { FINESSE_HOST, selfSignedCertificate } from '../../demo/server/sites.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  expectNoTokenLeak,
  issuedTokens,
  launchBrowser,
  openDesktop,
  signInByClick,
  startSim,
  until,
  visibleText,
  waitForAll,
  waitForState,
} from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOCTOR_PATH = '/3rdpartygadget/files/finesse-sso/doctor/doctor.html';

let browser;
let sim;
let context;

before(async () => {
  if (!existsSync(path.join(ROOT, 'dist/relay/allowed-origins.json'))) {
    execFileSync(process.execPath, ['scripts/build-relay.js'], { cwd: ROOT, stdio: 'ignore' });
  }
  execFileSync(process.execPath, ['scripts/build-doctor.js'], { cwd: ROOT, stdio: 'ignore' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ acceptDownloads: true });
});
afterEach(async () => {
  await context?.close();
  await sim?.close();
  sim = undefined;
});

/** Opens the doctor page and waits for its first run to end. */
async function openDoctor(ctx, url) {
  const page = await ctx.newPage();
  page.consoleText = [];
  page.on('console', (message) => page.consoleText.push(message.text()));
  page.on('pageerror', (error) => page.consoleText.push(`pageerror: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(
    () => document.querySelector('finesse-sso-doctor')?.checks?.length > 0,
    null,
    { timeout: 30_000 },
  );
  return page;
}

/** Runs the checks again and resolves the results (as plain data). */
const rerun = (page) =>
  page.evaluate(() =>
    document
      .querySelector('finesse-sso-doctor')
      .run()
      .then((results) => JSON.parse(JSON.stringify(results))),
  );

const checksOf = (page) =>
  page.evaluate(() =>
    JSON.parse(JSON.stringify(document.querySelector('finesse-sso-doctor').checks)),
  );

function find(results, id, role) {
  const found = results.find((r) => r.id === id && (!role || r.facts.role === role));
  assert.ok(found, `check ${id}${role ? ` (${role})` : ''} ran`);
  return found;
}

/** The verdict the page shows for a check (what the administrator reads). */
const shownVerdict = (page, id) =>
  page.locator(`finesse-sso-doctor [data-check="${id}"]`).first().getAttribute('data-verdict');

describe('doctor page against the simulator', () => {
  it('two tabs: the roster lists both and the one notification holder; lifetimes, SSO mode and history pass; the bundle holds no token', async () => {
    sim = await startSim();
    const desks = [await openDesktop(context, sim), await openDesktop(context, sim)];
    await signInByClick(desks[0]);
    await waitForAll(desks, 'active');
    const doctor = await openDoctor(context, `${sim.url}${DOCTOR_PATH}`);
    // The notification connection is taken by one tab shortly after the sign-in.
    const results = await until(
      async () => {
        const r = await rerun(doctor);
        return find(r, 'tab-roster').facts.notificationHolders === 1 ? r : null;
      },
      { message: 'one tab holding the notification connection' },
    );
    const roster = find(results, 'tab-roster');
    assert.equal(roster.verdict, 'pass');
    assert.equal(roster.tabs.length, 2, 'both tabs answered');
    assert.deepEqual(
      roster.tabs.map((t) => [t.state, t.user]),
      [
        ['active', 'agent1'],
        ['active', 'agent1'],
      ],
    );
    assert.equal(roster.tabs.filter((t) => t.notifications).length, 1);
    assert.equal(roster.facts.notificationLocksHeld, 1, 'navigator.locks agrees');
    await doctor.locator('finesse-sso-doctor [part~="roster"] tbody tr').nth(1).waitFor();
    assert.equal(await doctor.locator('finesse-sso-doctor [part~="roster"] tbody tr').count(), 2);

    const lifetimes = find(results, 'token-lifetimes');
    assert.equal(lifetimes.verdict, 'pass');
    assert.equal(lifetimes.facts.accessLifetimeS, 300, 'the simulator issues 300 s tokens');
    assert.equal(lifetimes.facts.ratio, 75);
    assert.deepEqual(
      [find(results, 'sso-mode').verdict, find(results, 'sso-mode').finding],
      ['pass', 'sso'],
    );
    const history = find(results, 'refresh-history');
    assert.equal(history.verdict, 'pass');
    assert.ok(
      history.history.some(
        (e) => e.kind === 'sign-in' && e.outcome === 'ok' && e.user === 'agent1',
      ),
      'the sign-in is in the history',
    );
    assert.equal(find(results, 'clock-skew').verdict, 'pass');
    assert.equal(find(results, 'certificate', 'finesse').verdict, 'pass');
    // The relay's allow-list as uploaded (the template): readable, allows nobody yet.
    const allowList = find(results, 'relay-allow-list');
    assert.deepEqual(
      [allowList.verdict, allowList.finding, allowList.facts.status],
      ['warn', 'empty', 200],
    );

    // The popup test from a real click, popup blocking on: allowed.
    await doctor.locator('finesse-sso-doctor [part~="popup-button"]').click();
    await until(async () => (await shownVerdict(doctor, 'popups')) === 'pass', {
      message: 'popup check passes after the click',
    });

    // One click saves the bundle; it names both tabs and the history, and no token.
    const downloadPromise = doctor.waitForEvent('download');
    await doctor.locator('finesse-sso-doctor [part~="save-button"]').click();
    const download = await downloadPromise;
    assert.match(download.suggestedFilename(), /^finesse-sso-doctor-.*\.json$/);
    const text = readFileSync(await download.path(), 'utf8');
    const bundle = JSON.parse(text);
    assert.equal(bundle.kind, 'finesse-sso-doctor');
    assert.equal(bundle.tabs.length, 2);
    assert.ok(bundle.history.length >= 1);
    assert.ok(bundle.results.some((r) => r.id === 'token-lifetimes' && r.verdict === 'pass'));
    const tokens = await issuedTokens(sim);
    assert.ok(tokens.length > 0, 'the simulator issued tokens');
    for (const token of tokens) assert.ok(!text.includes(token), 'a token is in the bundle');
    assert.doesNotMatch(text, /password|refresh_token|refreshToken/i);
    await expectNoTokenLeak(assert, sim, [doctor, ...desks]);
    assert.deepEqual(
      doctor.consoleText.filter((line) => /pageerror|Content Security Policy/.test(line)),
      [],
    );
  });

  it('no sign-in stored: one click signs in in a popup to measure the lifetimes, and nothing is kept', async () => {
    sim = await startSim({ expiresIn: 600 });
    const doctor = await openDoctor(context, `${sim.url}${DOCTOR_PATH}?user=agent1`);
    const before = find(await checksOf(doctor), 'token-lifetimes');
    assert.deepEqual([before.verdict, before.finding], ['warn', 'no-sign-in']);
    const popupPromise = doctor.waitForEvent('popup');
    await doctor.locator('finesse-sso-doctor [part~="measure-button"]').click();
    const popup = await popupPromise;
    const password = popup.locator('#password');
    await password.waitFor();
    await password.fill('correct horse');
    await popup.locator('#sign-in').click();
    const lifetimes = await until(
      async () => {
        const found = (await checksOf(doctor)).find((r) => r.id === 'token-lifetimes');
        return found?.facts.source === 'sign-in' ? found : null;
      },
      { message: 'the lifetimes measured by a sign-in' },
    );
    assert.equal(lifetimes.verdict, 'pass');
    assert.equal(lifetimes.facts.accessLifetimeS, 600);
    assert.equal(lifetimes.facts.ratio, 75);
    // The pair was dropped: no record, no history entry, no token on the page.
    // (The doctor's read opened the session database; nothing was written to it.)
    const stored = await doctor.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('finesse-sso');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('records')) return resolve([]);
            const keys = db.transaction('records').objectStore('records').getAllKeys();
            keys.onsuccess = () => resolve(keys.result.map(String));
            keys.onerror = () => reject(keys.error);
          };
        }),
    );
    assert.deepEqual(stored, [], 'the doctor stored nothing in the session database');
    assert.equal(find(await rerun(doctor), 'refresh-history').finding, 'empty');
    await expectNoTokenLeak(assert, sim, [doctor]);
  });

  it('a refused refresh: the history fails on the refusal, the lifetimes say every tab must sign in', async () => {
    sim = await startSim({ expiresIn: 8 });
    const desk = await openDesktop(context, sim);
    await signInByClick(desk);
    // Finesse wraps IdS's refusal in a 500 whose body says Invalid Token: a refusal.
    sim.addFault({ type: 'invalid-token-500' });
    await waitForState(desk, 'needs-sign-in', 30_000);
    const doctor = await openDoctor(context, `${sim.url}${DOCTOR_PATH}`);
    const results = await checksOf(doctor);
    const history = find(results, 'refresh-history');
    assert.deepEqual([history.verdict, history.finding], ['fail', 'refused']);
    assert.equal(history.facts.lastRefusal, 'refresh-rejected');
    assert.ok(history.history.some((e) => e.kind === 'refresh' && e.outcome === 'failed'));
    const lifetimes = find(results, 'token-lifetimes');
    assert.deepEqual([lifetimes.verdict, lifetimes.finding], ['fail', 'needs-sign-in']);
    assert.equal(find(results, 'tab-roster').finding, 'needs-sign-in');
    assert.equal(await shownVerdict(doctor, 'refresh-history'), 'fail');
    const failedRows = doctor.locator(
      'finesse-sso-doctor [part~="history"] tr[data-outcome="failed"]',
    );
    assert.ok((await failedRows.count()) >= 1, 'the failed refresh is shown');
    assert.match(await failedRows.first().innerText(), /refresh-rejected/);
    await expectNoTokenLeak(assert, sim, [doctor, desk]);
  });

  it('speaks the language asked for in the query, and follows the switch, label included', async () => {
    sim = await startSim();
    const doctor = await openDoctor(context, `${sim.url}${DOCTOR_PATH}?lang=ja`);
    const label = () => doctor.locator('#lang-label').textContent();
    const heading = () =>
      doctor.evaluate(
        () => document.querySelector('finesse-sso-doctor').shadowRoot.textContent ?? '',
      );
    assert.equal(await label(), '言語');
    assert.match(await heading(), /[\u3040-\u30ff\u4e00-\u9fff]/, 'Japanese text in the element');
    await doctor.selectOption('#lang-switch', 'ko');
    assert.equal(await label(), '언어');
    await until(async () => /[\uac00-\ud7a3]/.test(await heading()), {
      message: 'Korean in the element after the switch',
    });
  });

  it("a skewed Date header: fail at 10 minutes, warning at 2, pass when Finesse's clock agrees", async () => {
    sim = await startSim();
    const doctor = await openDoctor(context, `${sim.url}${DOCTOR_PATH}`);
    sim.configure({ dateSkewMs: 10 * 60_000 });
    let skew = find(await rerun(doctor), 'clock-skew');
    assert.deepEqual([skew.verdict, skew.finding], ['fail', 'large']);
    assert.ok(Math.abs(skew.facts.skewMs - 600_000) < 3_000, `skew ${skew.facts.skewMs} ms`);
    assert.equal(await shownVerdict(doctor, 'clock-skew'), 'fail');
    sim.configure({ dateSkewMs: -2 * 60_000 });
    skew = find(await rerun(doctor), 'clock-skew');
    assert.deepEqual([skew.verdict, skew.finding], ['warn', 'noticeable']);
    assert.ok(skew.facts.skewMs < -115_000 && skew.facts.skewMs > -125_000);
    sim.configure({ dateSkewMs: 0 });
    skew = find(await rerun(doctor), 'clock-skew');
    assert.equal(skew.verdict, 'pass');
  });

  it("no CORS for the desktop's origin: fail with the CLI command; pass once Finesse allows it", async () => {
    sim = await startSim();
    const desktop = await serveDoctorElsewhere();
    try {
      const query = new URLSearchParams({ finesse: sim.url, notification: 'none', ids: 'none' });
      const doctor = await openDoctor(context, `${desktop.origin}/doctor/doctor.html?${query}`);
      let cors = find(await checksOf(doctor), 'cors');
      assert.deepEqual([cors.verdict, cors.finding], ['fail', 'not-allowed']);
      assert.equal(cors.facts.command, `utils finesse cors allowed_origin add ${desktop.origin}`);
      const text = await doctor.locator('finesse-sso-doctor [data-check="cors"]').innerText();
      assert.ok(text.includes(`utils finesse cors allowed_origin add ${desktop.origin}`));
      sim.allowOrigins({ rest: [desktop.origin] });
      cors = find(await rerun(doctor), 'cors');
      assert.deepEqual([cors.verdict, cors.finding], ['pass', 'allowed']);
    } finally {
      desktop.close();
    }
  });
});

/**
 * The doctor files on another origin (`http://127.0.0.1:<port>`), as a desktop on its own
 * origin would embed the element: its requests to Finesse are then cross-origin.
 */
async function serveDoctorElsewhere() {
  const files = {
    '/doctor/doctor.html': ['text/html;charset=utf-8', 'dist/doctor/doctor.html'],
    '/doctor/doctor.js': ['text/javascript;charset=utf-8', 'dist/doctor/doctor.js'],
    '/doctor/doctor.css': ['text/css;charset=utf-8', 'dist/doctor/doctor.css'],
    '/relay/allowed-origins.json': ['application/json', 'dist/relay/allowed-origins.json'],
  };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0], 'Content-Security-Policy': DOCTOR_CSP });
    res.end(readFileSync(path.join(ROOT, file[1])));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}

/** A https listener on `fin.test` that forwards everything to the simulator's http node. */
async function finesseListener(certificate, upstream) {
  const server = https.createServer(certificate, (req, res) => {
    const target = new URL(req.url ?? '/', upstream);
    const outgoing = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `https://${FINESSE_HOST}:${server.address().port}`,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}

describe('doctor page: certificates', () => {
  it('an untrusted certificate on the notification port fails while the Finesse port answers; passes once trusted', async () => {
    sim = await startSim();
    const trusted = selfSignedCertificate();
    const untrusted = selfSignedCertificate();
    // 8445 with a certificate the browser trusts, 7443 with one it does not (yet).
    const finesse = await finesseListener(trusted, sim.url);
    const notifications = await finesseListener(untrusted, sim.url);
    const certBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        '--host-resolver-rules=MAP *.test 127.0.0.1',
        `--ignore-certificate-errors-spki-list=${spkiHash(trusted.cert)}`,
      ],
      ignoreDefaultArgs: ['--disable-popup-blocking'],
    });
    try {
      const ctx = await certBrowser.newContext();
      const query = new URLSearchParams({
        notification: `wss://${FINESSE_HOST}:${notifications.server.address().port}/ws`,
        ids: 'none',
      });
      const doctor = await openDoctor(ctx, `${finesse.origin}${DOCTOR_PATH}?${query}`);
      let results = await checksOf(doctor);
      assert.equal(find(results, 'certificate', 'finesse').verdict, 'pass');
      let notify = find(results, 'certificate', 'notifications');
      assert.equal(notify.facts.origin, notifications.origin);
      assert.deepEqual([notify.verdict, notify.finding], ['fail', 'untrusted']);
      const text = await doctor
        .locator('finesse-sso-doctor [data-check="certificate"][data-verdict="fail"]')
        .innerText();
      assert.ok(text.includes(`${notifications.origin}/`), 'says which address to open');
      // IT installs a trusted certificate: the same check passes, no browser restart.
      notifications.server.setSecureContext(trusted);
      results = await rerun(doctor);
      notify = find(results, 'certificate', 'notifications');
      assert.deepEqual([notify.verdict, notify.finding], ['pass', 'answers']);
      const page = await visibleText(doctor);
      assert.doesNotMatch(page, /pageerror/);
    } finally {
      await certBrowser.close();
      finesse.close();
      notifications.close();
    }
  });
});
