/**
 * Issue 8, item 6: the XMPP assumptions are switchable. The simulator can be set to each SASL
 * mechanism, password form and ping deadline; the library (the built bundle and Worker, real
 * clicks, popup blocking on) connects when its `xmpp-*` attributes match, and shows the
 * labelled polling fallback when they do not. The first block speaks raw XMPP to the simulator
 * to check that it refuses what it does not accept with a proper SASL <failure/>.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import {
  expectNoTokenLeak,
  launchBrowser,
  openDesktop,
  signInByClick,
  simAgent,
  simState,
  startSim,
  until,
  waitForBadge,
} from './support.js';

const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const DOMAIN = 'finesse.lab.example.com';
const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');

let sim;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A raw XMPP client: collects every frame; `next(match)` waits for one that matches. */
async function rawXmpp(url) {
  const socket = new WebSocket(url.replace(/^http/, 'ws') + '/ws', 'xmpp');
  const frames = [];
  socket.on('message', (data) => frames.push(String(data)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = (match) =>
    until(() => frames.find((f) => match.test(f)), { every: 20, message: `a frame ${match}` });
  socket.send(`<open xmlns="${FRAMING}" to="${DOMAIN}" version="1.0"/>`);
  const features = await next(/<stream:features/);
  return { socket, frames, next, features };
}

describe('the simulator: which SASL mechanism and password it accepts', () => {
  it('offers only the configured mechanisms and refuses another with <invalid-mechanism/>', async () => {
    sim = await startSim({ xmppMechanisms: ['X-OAUTH2', 'OAUTHBEARER'] });
    const xmpp = await rawXmpp(sim.url);
    assert.match(xmpp.features, /<mechanism>X-OAUTH2<\/mechanism><mechanism>OAUTHBEARER</);
    assert.doesNotMatch(xmpp.features, /PLAIN/);
    xmpp.socket.send(`<auth xmlns="${SASL}" mechanism="PLAIN">${b64('\0agent1\0x')}</auth>`);
    assert.equal(
      await xmpp.next(/<failure/),
      `<failure xmlns="${SASL}"><invalid-mechanism/></failure>`,
    );
    await until(async () => (await simState(sim)).counters.xmppMechanismRefused === 1);
    xmpp.socket.close();
  });

  it('refuses a bad token with <not-authorized/> for each mechanism (OAUTHBEARER after its error challenge)', async () => {
    sim = await startSim({ xmppMechanisms: ['PLAIN', 'X-OAUTH2', 'OAUTHBEARER'] });
    const payloads = {
      PLAIN: b64('\0agent1\0not-a-token'),
      'X-OAUTH2': b64(`\0agent1@${DOMAIN}\0not-a-token`),
    };
    for (const [mechanism, payload] of Object.entries(payloads)) {
      const xmpp = await rawXmpp(sim.url);
      xmpp.socket.send(`<auth xmlns="${SASL}" mechanism="${mechanism}">${payload}</auth>`);
      assert.equal(
        await xmpp.next(/<failure/),
        `<failure xmlns="${SASL}"><not-authorized/></failure>`,
        mechanism,
      );
      xmpp.socket.close();
    }
    const xmpp = await rawXmpp(sim.url);
    const bearer = b64(`n,a=agent1@${DOMAIN},\x01auth=Bearer not-a-token\x01\x01`);
    xmpp.socket.send(`<auth xmlns="${SASL}" mechanism="OAUTHBEARER">${bearer}</auth>`);
    const challenge = await xmpp.next(/<challenge/);
    assert.match(challenge, /invalid_token|eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=/);
    xmpp.socket.send(`<response xmlns="${SASL}">AQ==</response>`);
    assert.equal(
      await xmpp.next(/<failure/),
      `<failure xmlns="${SASL}"><not-authorized/></failure>`,
    );
    xmpp.socket.close();
    await until(async () => (await simState(sim)).counters.xmppAuthFailures === 3);
  });

  it('X-OAUTH2 names the user by bare JID of its domain; anything else is not-authorized', async () => {
    sim = await startSim({ xmppMechanisms: ['X-OAUTH2'] });
    for (const user of ['agent1@elsewhere.example.com', 'agent1@' + DOMAIN + '/res']) {
      const xmpp = await rawXmpp(sim.url);
      xmpp.socket.send(
        `<auth xmlns="${SASL}" mechanism="X-OAUTH2">${b64(`\0${user}\0tok`)}</auth>`,
      );
      assert.equal(
        await xmpp.next(/<failure/),
        `<failure xmlns="${SASL}"><not-authorized/></failure>`,
      );
      xmpp.socket.close();
    }
  });
});

describe('the library against each simulator setting', () => {
  let browser;
  let context;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext();
  });
  afterEach(async () => {
    await context?.close();
  });

  /** A signed-in desktop whose session element carries `attributes` before it connects. */
  async function desktop(simOptions, attributes) {
    sim = await startSim({ expiresIn: 300, ...simOptions });
    await context.addInitScript((attrs) => {
      new MutationObserver((_, observer) => {
        const el = document.querySelector('finesse-sso-session');
        if (!el) return;
        for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    }, attributes);
    const page = await openDesktop(context, sim);
    await signInByClick(page);
    await waitForBadge([page], 'NOT_READY');
    return page;
  }

  const notificationsOf = (page) =>
    page.evaluate(() => document.querySelector('finesse-agent-state').snapshot.notifications);

  /** The typed reason the agent model reports (AgentSnapshot.notificationProblem). */
  const problemOf = (page) =>
    page.evaluate(() => document.querySelector('finesse-agent-state').snapshot.notificationProblem);

  const pollingWarning = (page) =>
    page.locator('finesse-agent-state [part~="warning"]').textContent({ timeout: 10_000 });

  const matching = [
    ['PLAIN with the access token (the defaults)', {}, {}],
    ['X-OAUTH2', { xmppMechanisms: ['X-OAUTH2'] }, { 'xmpp-sasl': 'x-oauth2' }],
    ['OAUTHBEARER', { xmppMechanisms: ['OAUTHBEARER'] }, { 'xmpp-sasl': 'oauthbearer' }],
    ['PLAIN with "Bearer <token>"', { xmppPassword: 'bearer' }, { 'xmpp-password': 'bearer' }],
    [
      'auto, against a server offering X-OAUTH2 and OAUTHBEARER',
      { xmppMechanisms: ['X-OAUTH2', 'OAUTHBEARER'] },
      { 'xmpp-sasl': 'auto' },
    ],
  ];
  for (const [name, simOptions, attributes] of matching) {
    it(`connects live when configured to match: ${name}`, async () => {
      const page = await desktop(simOptions, attributes);
      await until(async () => (await notificationsOf(page)) === 'live', {
        message: 'live notifications',
      });
      const { counters } = await simState(sim);
      assert.equal(counters.xmppAuthenticated, 1);
      assert.equal(counters.xmppAuthFailures, 0);
      assert.equal(counters.xmppMechanismRefused, 0);
      assert.ok((await simAgent(sim)).present, 'the agent has XMPP presence');
      assert.equal(await problemOf(page), null);
      await expectNoTokenLeak(assert, sim, [page]);
    });
  }

  it('a server without the configured mechanism: the labelled polling fallback at once, nothing sent', async () => {
    const page = await desktop({ xmppMechanisms: ['X-OAUTH2'] }, {});
    const warning = await pollingWarning(page);
    assert.match(warning, /Finesse may sign you out of the phone/);
    assert.equal(await notificationsOf(page), 'polling');
    const { counters } = await simState(sim);
    assert.ok(counters.xmppConnections >= 1);
    assert.equal(counters.xmppAuthenticated, 0);
    assert.equal(
      counters.xmppAuthFailures,
      0,
      'the library sent no <auth> the server would refuse',
    );
    assert.deepEqual(await problemOf(page), {
      code: 'sasl-mechanism-unavailable',
      mechanism: 'plain',
      offered: ['X-OAUTH2'],
    });
    await expectNoTokenLeak(assert, sim, [page]);
  });

  it('a server wanting another password form: SASL refusals, then the labelled polling fallback', async () => {
    const page = await desktop({ xmppPassword: 'bearer' }, {});
    const warning = await pollingWarning(page);
    assert.match(warning, /Finesse may sign you out of the phone/);
    const { counters } = await simState(sim);
    assert.equal(counters.xmppAuthenticated, 0);
    assert.ok(counters.xmppAuthFailures >= 3, `${counters.xmppAuthFailures} SASL refusals`);
    assert.deepEqual(await problemOf(page), {
      code: 'sasl-refused',
      mechanism: 'plain',
      condition: 'not-authorized',
    });
    await expectNoTokenLeak(assert, sim, [page]);
  });

  it('xmpp-ping-ms within the server deadline: the stream stays up, pinged at that period', async () => {
    const page = await desktop({ xmppPingDeadlineMs: 2_500 }, { 'xmpp-ping-ms': '1000' });
    await until(async () => (await simState(sim)).counters.xmppPings >= 4, {
      message: 'four pings',
    });
    const { counters } = await simState(sim);
    assert.equal(counters.xmppPingTimeouts, 0);
    assert.equal(counters.xmppAuthenticated, 1, 'still the first connection');
    const [connection] = (await simAgent(sim)).connections;
    assert.ok(connection.maxPingGapMs < 2_000, `largest gap ${connection.maxPingGapMs} ms`);
    assert.equal(await notificationsOf(page), 'live');
  });

  it('a ping period longer than the server deadline: the server ends the stream, the library reconnects', async () => {
    await desktop({ xmppPingDeadlineMs: 1_500 }, {}); // default 15 s ping
    await until(async () => (await simState(sim)).counters.xmppPingTimeouts >= 1, {
      message: 'the simulator to end a stream without pings',
    });
    await until(async () => (await simState(sim)).counters.xmppAuthenticated >= 2, {
      message: 'a new connection',
    });
  });
});
