/**
 * Relay mode end to end, cross-site over https: the desktop on site A (`desk.test`), Finesse and
 * the relay on site B (`fin.test`), names mapped with --host-resolver-rules, popup blocking on.
 * Needs `dist/relay/` (built here by scripts/build-relay.js).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { SITES_CHROMIUM_ARGS } from '../../demo/server/sites.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  finishSignIn,
  stampSentAt,
  startSim,
  sleep,
  until,
} from './support.js';

let browser;
let sim;
let context;

before(async () => {
  execFileSync(process.execPath, ['scripts/build-relay.js'], { stdio: 'ignore' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...SITES_CHROMIUM_ARGS],
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
});
after(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ ignoreHTTPSErrors: true });
});
afterEach(async () => {
  await context?.close();
  await sim?.close();
  sim = undefined;
});

/**
 * Relay mode's simulator, its Finesse allowing the desktop's origin (site A) for the REST API
 * and notifications, as an administrator does with `utils finesse cors allowed_origin add`.
 */
async function startSites(options = {}) {
  const started = await startSim({ sites: true, ...options });
  const desk = started.sites.desktopOrigin;
  started.allowOrigins({ rest: [desk], notifications: [desk] });
  return started;
}

/** Whether a WebSocket to Finesse's notification service opens from `page` (no XMPP spoken). */
const socketOpens = (page, origin) =>
  page.evaluate(
    (url) =>
      new Promise((resolve) => {
        const ws = new WebSocket(url, 'xmpp');
        ws.onopen = () => {
          ws.close();
          resolve(true);
        };
        ws.onclose = () => resolve(false);
      }),
    `${origin.replace(/^https/, 'wss')}/ws`,
  );

const control = async (path, body) => {
  const response = await fetch(`${sim.sites.controlUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.json();
};
const simState = () => control('/sim/state');
const issuedTokens = async () => (await control('/sim/tokens')).tokens;

/** Opens the desktop on `origin` (site A unless said otherwise). */
async function openDesktop(query = '', origin = sim.sites.desktopOrigin) {
  const page = await context.newPage();
  await page.addInitScript(stampSentAt); // in the relay's frame too, where the calls leave
  page.consoleText = [];
  page.on('console', (message) => page.consoleText.push(message.text()));
  page.on('pageerror', (error) => page.consoleText.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('finesse-session-error', (event) =>
      window.__errors.push(event.detail.code),
    );
  });
  await page.goto(`${origin}/${query}`);
  await page.waitForFunction(() => document.querySelector('finesse-sso-session')?.state);
  return page;
}

const stateOf = (page) => page.evaluate(() => document.querySelector('finesse-sso-session').state);
const waitForState = (page, state, timeout = 15_000) =>
  page.waitForFunction((s) => document.querySelector('finesse-sso-session')?.state === s, state, {
    timeout,
  });
const relayFrame = async (page) => {
  const locator = page.locator('finesse-sso-session iframe[part~="relay-frame"]');
  await locator.waitFor({ state: 'attached' });
  const handle = await locator.elementHandle();
  await until(async () => (await handle.contentFrame())?.url().includes('relay.html'));
  return handle.contentFrame();
};

/** The agent's sign-in: a click on the button inside the relay frame, then the IdP form. */
async function signInInRelay(page) {
  const frame = await relayFrame(page);
  const field = frame.locator('#username');
  await frame.locator('#sign-in').waitFor({ timeout: 10_000 });
  if (await field.count()) await field.fill('agent1');
  const popupPromise = page.waitForEvent('popup', { timeout: 10_000 });
  await frame.locator('#sign-in').click();
  await finishSignIn(page, await popupPromise);
}

async function visibleText(page) {
  const dom = await page.evaluate(() => {
    const parts = [document.documentElement.outerHTML, document.title];
    const walk = (root) => {
      for (const element of root.querySelectorAll('*')) {
        for (const attribute of element.attributes) parts.push(attribute.value);
        if (element.shadowRoot) {
          parts.push(element.shadowRoot.innerHTML);
          walk(element.shadowRoot);
        }
      }
    };
    walk(document);
    return parts.join('\n');
  });
  return `${dom}\n${page.consoleText.join('\n')}`;
}

async function expectNoTokenLeak(pages) {
  const tokens = await issuedTokens();
  assert.ok(tokens.length > 0, 'the simulator issued tokens');
  for (const page of pages) {
    const text = await visibleText(page);
    for (const token of tokens) assert.ok(!text.includes(token), 'a token leaked');
  }
}

describe('relay mode across sites', () => {
  it('signs in through the relay frame, and 5 tabs share one pair (1.00 refresh per pair)', async () => {
    // 5 s tokens: 3 s left a call handed out 0.3 s before expiry to reach Finesse late, and
    // a tab without a single answered call, on the 2-core machine at a load average of 17.
    const lifetime = 5;
    sim = await startSites({ expiresIn: lifetime });
    const first = await openDesktop();
    assert.equal(await stateOf(first), 'signed-out');
    // The element's own sign-in button is not shown: the relay frame holds it.
    assert.equal(await first.locator('finesse-sso-session [part~="sign-in-button"]').count(), 0);
    await signInInRelay(first);
    const pages = [first];
    for (let i = 1; i < 5; i++) pages.push(await openDesktop());
    await Promise.all(pages.map((p) => waitForState(p, 'active')));
    for (const page of pages) {
      await page.evaluate(() => {
        const session = document.querySelector('finesse-sso-session');
        window.__api = { ok: 0, failed: 0 };
        setInterval(async () => {
          try {
            const r = await session.fetch('/finesse/api/User/agent1');
            if (r.ok) window.__api.ok++;
            else window.__api.failed++;
          } catch {
            window.__api.failed++;
          }
        }, 400);
      });
    }
    await until(async () => (await simState()).counters.refreshAccepted >= 6, {
      timeout: (lifetime * 6 + 20) * 1000,
      every: 250,
      message: '6 refreshes',
    });
    const { counters, acceptedPerIssuedPair } = await simState();
    assert.equal(counters.interactiveSignIns, 1, 'one sign-in');
    assert.equal(counters.refreshRefused, 0, 'no refusal');
    assert.equal(acceptedPerIssuedPair, 1, 'each pair refreshed exactly once');
    assert.equal(counters.apiExpiredToken, 0, 'no API call with an expired token');
    const calls = await Promise.all(pages.map((p) => p.evaluate(() => window.__api)));
    for (const call of calls) {
      assert.ok(call.ok > 0, 'every tab called Finesse over CORS');
      assert.equal(call.failed, 0);
    }
    // A refresh may be under way (short tokens): every tab settles back to active.
    await Promise.all(pages.map((p) => waitForState(p, 'active', lifetime * 2000)));
    await expectNoTokenLeak(pages);
  });

  it('ignores messages from a foreign origin, a foreign window, or with a wrong nonce', async () => {
    sim = await startSites({ expiresIn: 60 });
    const page = await openDesktop();
    await relayFrame(page);
    await until(async () =>
      (await relayFrame(page))
        .locator('#sign-in')
        .count()
        .then((n) => n > 0),
    );
    const nonce = await page.evaluate(() => {
      const frame = document
        .querySelector('finesse-sso-session')
        .shadowRoot.querySelector('iframe[part~="relay-frame"]');
      return new URLSearchParams(new URL(frame.src).hash.slice(1)).get('n');
    });
    assert.match(nonce, /^[0-9a-f]{32}$/);
    const forged = (n) => ({
      ns: 'finesse-sso-relay',
      nonce: n,
      type: 'signed-in',
      answer: {
        token: 'forged-token',
        refresh_token: 'forged-refresh',
        expires_in: 300,
        user_id: 'mallory',
        realm: 'evil',
        user_principal: 'mallory@evil',
      },
    });
    // A frame of another origin (site A's server under another name) posts with the nonce.
    // A second frame on the relay's own origin (not the relay's window) posts with the nonce.
    await page.evaluate(
      ({ other, fin }) => {
        for (const src of [other, fin]) {
          const frame = document.createElement('iframe');
          frame.src = src;
          frame.className = 'intruder';
          document.body.append(frame);
        }
      },
      {
        other: `https://other.test:${new URL(sim.sites.desktopOrigin).port}/favicon.ico`,
        fin: `${sim.sites.finesseOrigin}/3rdpartygadget/files/finesse-sso/relay.css`,
      },
    );
    await until(() => page.frames().length >= 4);
    await sleep(500);
    const relay = await relayFrame(page);
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame === relay) continue;
      await frame.evaluate((m) => parent.postMessage(m, '*'), forged(nonce));
    }
    // The relay's own window with a wrong nonce.
    await relay.evaluate((m) => parent.postMessage(m, '*'), forged('0'.repeat(32)));
    await sleep(1000);
    assert.equal(await stateOf(page), 'signed-out', 'no forged message was accepted');
    // Control: the very same message from the relay's window with the nonce is accepted, so
    // the three refusals above are the checks at work (and not a malformed message).
    await relay.evaluate((m) => parent.postMessage(m, '*'), forged(nonce));
    await waitForState(page, 'active', 5_000);
  });

  it('the relay obeys only its parent: a refresh asked by another window is not sent', async () => {
    sim = await startSites({ expiresIn: 60 });
    const page = await openDesktop();
    await signInInRelay(page);
    const nonce = await page.evaluate(() => {
      const frame = document
        .querySelector('finesse-sso-session')
        .shadowRoot.querySelector('iframe[part~="relay-frame"]');
      return new URLSearchParams(new URL(frame.src).hash.slice(1)).get('n');
    });
    const [pair] = (await simState()).pairs;
    const tokens = await issuedTokens();
    // about:blank: the desktop's own origin, but another window than the relay's parent.
    await page.evaluate(() => document.body.append(document.createElement('iframe')));
    await until(() => page.frames().length >= 3);
    await sleep(300);
    const relay = await relayFrame(page);
    const intruder = page.frames().find((f) => f !== page.mainFrame() && f !== relay);
    const before = (await simState()).counters.refreshRequests;
    const reached = await intruder.evaluate(
      ({ message, target }) => {
        // A window of the allowed origin that is not the relay's parent (a sibling frame).
        const relay = parent.document
          .querySelector('finesse-sso-session')
          .shadowRoot.querySelector('iframe[part~="relay-frame"]').contentWindow;
        relay.postMessage(message, target);
        return relay !== parent;
      },
      {
        message: {
          ns: 'finesse-sso-relay',
          nonce,
          type: 'refresh',
          id: 'x1',
          token: tokens[0],
          refreshToken: tokens[1] ?? 'unknown',
        },
        target: sim.sites.finesseOrigin,
      },
    );
    assert.equal(reached, true, 'the sibling reached the relay window');
    await sleep(1500);
    const after = await simState();
    assert.equal(after.counters.refreshRequests, before, 'the relay sent no refresh');
    assert.ok(pair, 'a pair was issued');
    await waitForState(page, 'active');
  });

  it('a desktop whose origin is not on the allow-list gets nothing: relay-not-allowed', async () => {
    sim = await startSites({ expiresIn: 60 });
    const other = `https://other.test:${new URL(sim.sites.desktopOrigin).port}`;
    const page = await openDesktop('', other);
    await page.waitForFunction(() => window.__errors.includes('relay-not-allowed'), null, {
      timeout: 15_000,
    });
    const frame = await relayFrame(page);
    await frame.getByText('This site is not allowed to use the Finesse sign-in').waitFor();
    assert.equal(await frame.locator('button').count(), 0, 'no sign-in button for this site');
    assert.equal(await stateOf(page), 'signed-out');
    const text = await page.locator('finesse-sso-session [part~="error"]').first().textContent();
    assert.ok(text.length > 0, 'the element shows the error');
  });

  it('a malformed allow-list allows nobody', async () => {
    sim = await startSites({ expiresIn: 60 });
    sim.sites.setAllowedOrigins('{ "origins": "*" ');
    const page = await openDesktop();
    await page.waitForFunction(() => window.__errors.includes('relay-not-allowed'), null, {
      timeout: 15_000,
    });
  });

  it('a relay that never answers gives relay-unavailable', async () => {
    sim = await startSites({ expiresIn: 60 });
    const page = await openDesktop('?relay=/3rdpartygadget/files/finesse-sso/missing.html');
    await page.waitForFunction(() => window.__errors.includes('relay-unavailable'), null, {
      timeout: 20_000,
    });
    assert.equal(await stateOf(page), 'signed-out');
  });

  it('Finesse without the desktop on its CORS allow-list: the notice names the CLI command; allowing the origin clears it', async () => {
    sim = await startSim({ sites: true, expiresIn: 60 }); // no allowOrigins: as Cisco ships it
    const desk = sim.sites.desktopOrigin;
    const page = await openDesktop();
    await signInInRelay(page); // the relay is same-origin with Finesse: no CORS needed
    const call = () =>
      page.evaluate(async () => {
        try {
          const r = await document
            .querySelector('finesse-sso-session')
            .fetch('/finesse/api/User/agent1');
          return r.status;
        } catch (error) {
          return error.code ?? error.name;
        }
      });
    assert.equal(await call(), 'TypeError'); // the browser refused the answer: no CORS header
    const notice = page.locator('finesse-sso-session [part~="cors-problem"]');
    await notice.waitFor({ timeout: 15_000 });
    const text = await notice.innerText();
    assert.ok(text.includes(`utils finesse cors allowed_origin add ${desk}`), text);
    assert.ok(text.includes(sim.sites.finesseOrigin), text);
    const problems = await page.evaluate(
      () => document.querySelector('finesse-sso-session').connectionProblems,
    );
    assert.deepEqual(problems, [
      { code: 'cors-not-allowed', origin: sim.sites.finesseOrigin, pageOrigin: desk },
    ]);
    assert.equal(await socketOpens(page, sim.sites.finesseOrigin), false, 'notifications refused');
    // The administrator adds the desktop: the doctor's re-check clears the notice.
    sim.allowOrigins({ rest: [desk], notifications: [desk] });
    await until(async () => (await notice.count()) === 0, {
      timeout: 30_000,
      message: 'the CORS notice cleared',
    });
    assert.equal(await call(), 200);
    assert.equal(await socketOpens(page, sim.sites.finesseOrigin), true, 'notifications allowed');
    await expectNoTokenLeak([page]);
  });

  it('with the desktop on the allow-list, the API works across sites and no CORS problem shows', async () => {
    sim = await startSites({ expiresIn: 60 });
    const page = await openDesktop();
    await signInInRelay(page);
    const status = await page.evaluate(async () => {
      const r = await document
        .querySelector('finesse-sso-session')
        .fetch('/finesse/api/SystemInfo');
      return r.status;
    });
    assert.equal(status, 200);
    assert.deepEqual(
      await page.evaluate(() => document.querySelector('finesse-sso-session').connectionProblems),
      [],
    );
    // /desktop/sso/* stays uncovered: only the relay reaches the token endpoint.
    const sso = await page.evaluate(async (origin) => {
      try {
        await fetch(`${origin}/desktop/sso/token`, { mode: 'cors' });
        return 'read';
      } catch {
        return 'refused';
      }
    }, sim.sites.finesseOrigin);
    assert.equal(sso, 'refused');
  });
});
