/**
 * Gadget mode inside the stand-in Finesse desktop (demo/gadget/desktop/): the desktop holds the
 * pair and rotates it on its own timer; the built gadget (dist/gadget/ + the IIFE bundle) reads
 * the container's header for every request and takes live updates from the container.
 * The gadget's `finesse.gadget.Config` is built from gadget prefs the way finesse.js builds it
 * (demo/gadget/desktop/config-from-prefs.ts), on a Finesse with its own port, so reading the
 * node from anything but scheme + host + hostPort fails here.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  callCount,
  expectNoTokenLeak,
  launchBrowser,
  simAgent,
  simPost,
  simState,
  startSim,
  until,
  waitForBadge,
} from './support.js';

const EXPIRES_IN = 3; // the desktop rotates every 2.25 s
const ROTATION_MS = EXPIRES_IN * 750;
/** Long enough for `n` rotations of the desktop, plus one token lifetime of slack. */
const rotationsDeadline = (n) => n * ROTATION_MS + EXPIRES_IN * 1000 + 5_000;
let browser;
let sim;

before(async () => {
  // The gadget runs the built bundle, as uploaded: build it and dist/gadget/.
  execSync('node scripts/build-iife.js', { stdio: 'inherit' });
  execSync('node scripts/build-gadget.js', { stdio: 'inherit' });
  browser = await launchBrowser();
  sim = await startSim({ expiresIn: EXPIRES_IN });
});
after(async () => {
  await browser?.close();
  await sim?.close();
});

const AGENT = 'finesse-agent-state';
const CALLS = 'finesse-dialog-controls';
const click = (frame, element, part) =>
  frame.locator(`${element} [part~="${part}"]:enabled`).first().click();
const desktopStats = (page) => page.evaluate(() => ({ ...window.__desktop }));

/** Opens the stand-in desktop and returns its page and the gadget's frame. */
async function openGadgetDesktop(context, query = 'user=agent1') {
  const page = await context.newPage();
  page.consoleText = [];
  page.on('console', (message) => page.consoleText.push(message.text()));
  page.on('pageerror', (error) => page.consoleText.push(`pageerror: ${error.message}`));
  await page.goto(`${sim.url}/demo/gadget/desktop/?${query}`);
  const frame = await (await page.waitForSelector('#gadget')).contentFrame();
  return { page, frame };
}

describe('gadget mode in the stand-in Finesse desktop', () => {
  it('uses the container header of the moment, never refreshes, never opens XMPP, updates live', async () => {
    const context = await browser.newContext();
    // A Finesse on a port of its own: a Config read that loses hostPort misses it.
    const finessePort = new URL(sim.url).port;
    assert.ok(finessePort && finessePort !== '80' && finessePort !== '443', 'a non-default port');
    const { page, frame } = await openGadgetDesktop(context);
    await frame.waitForFunction(
      () => document.querySelector('finesse-sso-session')?.state === 'active',
    );
    // The Config as finesse.js publishes it (prefs, then ClientServices.init's id): no `port`.
    await frame.waitForFunction(() => typeof window.finesse.gadget.Config.id === 'string');
    const config = await frame.evaluate(() => {
      const c = window.finesse.gadget.Config;
      return { hasPort: 'port' in c, hostPort: c.hostPort, host: c.host, id: c.id };
    });
    assert.deepEqual(config, {
      hasPort: false,
      hostPort: finessePort,
      host: new URL(sim.url).hostname,
      id: 'agent1',
    });
    assert.equal(
      await frame.evaluate(
        () => document.querySelector('finesse-sso-session').session.endpoints.finesseUrl,
      ),
      new URL(sim.url).origin,
    );
    assert.equal(
      await frame.evaluate(() => document.querySelector('finesse-sso-session').mode),
      'gadget',
    );
    await waitForBadge([frame], 'NOT_READY');
    assert.ok((await desktopStats(page)).initCalls >= 1, 'ClientServices.init in onConnect');

    // The gadget's own traffic across the rotations, as a host's code would make it.
    await frame.evaluate(() => {
      const session = document.querySelector('finesse-sso-session');
      window.__api = { ok: 0, failed: 0 };
      window.__apiTimer = setInterval(async () => {
        try {
          const response = await session.fetch(`/finesse/api/User/${session.user.userId}`);
          window.__api[response.ok ? 'ok' : 'failed']++;
        } catch {
          window.__api.failed++;
        }
      }, 300);
    });

    await click(frame, AGENT, 'ready-button');
    await waitForBadge([frame], 'READY');
    const rang = Date.now();
    await simPost(sim, '/sim/call', { from: '5551234' });
    await until(async () => (await callCount(frame)) > 0, { message: 'the call card' });
    assert.ok(Date.now() - rang < 5_000, 'the call arrived live (polling is every 15 s)');
    await click(frame, CALLS, 'answer-button');
    await waitForBadge([frame], 'TALKING');

    await until(async () => (await desktopStats(page)).rotations >= 4, {
      timeout: rotationsDeadline(4),
      message: 'the desktop to rotate the token four times',
    });
    await frame.evaluate(() => clearInterval(window.__apiTimer));
    const api = await frame.evaluate(() => window.__api);
    assert.equal(api.failed, 0, 'no gadget request failed');
    assert.ok(api.ok > 10);

    const traffic = (await (await fetch(`${sim.url}/sim/gadget-traffic`)).json()).requests;
    for (const request of traffic) {
      assert.ok(!request.path.startsWith('/desktop/sso/'), 'the gadget called no token endpoint');
    }
    // Its REST calls (the rest are the gadget's static files).
    const requests = traffic.filter((r) => r.path.startsWith('/finesse/'));
    assert.ok(requests.length > 10, 'the simulator saw the gadget requests');
    for (const request of requests) {
      assert.equal(request.scheme, 'Bearer', `${request.method} ${request.path} carried a bearer`);
      // Current when it arrived, or superseded a moment before (a request in flight during a
      // rotation).
      assert.ok(
        request.current || (request.behind === 1 && request.staleMs < 1_000),
        `${request.method} ${request.path} carried the container's current token`,
      );
    }
    const used = new Set(requests.map((r) => r.tokenIndex));
    assert.ok(used.size >= 4, `the gadget followed the rotations (${used.size} tokens)`);
    assert.ok(
      requests.some((r) => r.method === 'PUT'),
      'state and call changes went through the gadget',
    );

    const stats = await desktopStats(page);
    const { counters } = await simState(sim);
    assert.equal(counters.xmppConnections, 1, 'only the desktop connected to XMPP');
    assert.equal(stats.xmppConnects, 1);
    assert.equal(counters.refreshAccepted, stats.rotations, 'every refresh was the desktop’s');
    assert.ok(counters.tokenEndpointCalls <= stats.rotations + stats.refreshFailures + 1);
    assert.equal(counters.interactiveSignIns, 0);
    assert.ok(stats.updatesForwarded > 0, 'the container forwarded updates');
    // Subscribed as finesse.js gadgets do: the master is asked to follow the agent's nodes.
    assert.ok(
      stats.nodeSubscriptions.some((node) => /^\/finesse\/api\/User\/[^/]+\/Dialogs$/.test(node)),
    );
    assert.equal((await simAgent(sim)).state, 'TALKING');
    assert.equal(page.workers().length, 0, 'no notification Worker in the gadget');
    await expectNoTokenLeak(assert, sim, [page]);
    await context.close();
  });

  it('speaks the desktop locale from the Config, over the gadget page’s own lang', async () => {
    const context = await browser.newContext();
    const { frame } = await openGadgetDesktop(context, 'user=agent2&locale=ja_JP');
    await frame.waitForFunction(() => document.querySelector('finesse-sso-session'));
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en');
    // ja.agent.ready (src/i18n/ja.ts) on the READY button, once the agent is loaded.
    await frame.waitForFunction(
      () =>
        document
          .querySelector('finesse-agent-state')
          ?.shadowRoot?.querySelector('[part~="ready-button"]')
          ?.textContent?.includes('受信可'),
      undefined,
      { timeout: rotationsDeadline(1) },
    );
    await context.close();
  });
});
