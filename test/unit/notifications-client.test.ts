import { expect } from '@open-wc/testing';
import { XmppClient } from '../../src/core/notifications/xmpp-client.ts';
import { HANDSHAKE_TIMEOUT_MS } from '../../src/core/notifications/xmpp-connection.ts';
import type { SocketLike } from '../../src/core/notifications/xmpp-connection.ts';
import type { ConnectCommand, WorkerEvent } from '../../src/core/notifications/worker-protocol.ts';
import { saslOAuthBearer, saslPlain, saslXOAuth2 } from '../../src/core/notifications/xmpp-sasl.ts';
import { ManualClock } from './helpers/manual-clock.ts';

const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const DOMAIN = 'finesse.lab.example.com';
const PUBSUB = `pubsub.${DOMAIN}`;
const S = {
  open: `<open xmlns="${FRAMING}" from="${DOMAIN}" id="SID" version="1.0" xml:lang="en"/>`,
  saslFeatures:
    '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>',
  success: '<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>',
  failure: '<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><not-authorized/></failure>',
  close: `<close xmlns="${FRAMING}"/>`,
  bindFeatures:
    '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><session xmlns="urn:ietf:params:xml:ns:xmpp-session"/></stream:features>',
  bound: `<iq type="result" id="bind_1" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>1001@${DOMAIN}/finesse-sso-ab</jid></bind></iq>`,
  conflict:
    '<iq type="error" id="bind_1" xmlns="jabber:client"><error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
  session: '<iq type="result" id="sess_1" xmlns="jabber:client"/>',
  pong: (id: string) => `<iq type="result" id="${id}" from="${DOMAIN}" xmlns="jabber:client"/>`,
  serverPing: `<iq type="get" id="sp1" from="${DOMAIN}" xmlns="jabber:client"><ping xmlns="urn:xmpp:ping"/></iq>`,
  streamError:
    '<stream:error xmlns:stream="http://etherx.jabber.org/streams"><not-authorized xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>',
  update: (from: string, node: string, text: string) =>
    `<message from="${from}" to="1001@${DOMAIN}/finesse-sso-ab" id="M" xmlns="jabber:client"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="${node}"><item id="I"><notification xmlns="http://jabber.org/protocol/pubsub">${text}</notification></item></items></event></message>`,
};

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closedWith: number | undefined;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {}
  send(data: string) {
    if (this.readyState !== 1) throw new DOMException('not open', 'InvalidStateError');
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code ?? 1005;
    this.readyState = 3;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  push(frame: string) {
    this.onmessage?.(new MessageEvent('message', { data: frame }));
  }
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }
  get last() {
    return this.sent[this.sent.length - 1];
  }
}

const params: ConnectCommand = {
  type: 'connect',
  url: 'ws://localhost:8445/ws',
  domain: DOMAIN,
  pubsubDomain: PUBSUB,
  loginId: '1001',
  password: 'the-token',
  resource: 'finesse-sso-ab',
  pingMs: 15_000,
};

function setup(overrides: Partial<ConnectCommand> = {}) {
  const clock = new ManualClock();
  const events: WorkerEvent[] = [];
  const sockets: FakeSocket[] = [];
  const client = new XmppClient(
    {
      createSocket: (url, protocol) => {
        const socket = new FakeSocket(url, protocol);
        sockets.push(socket);
        return socket;
      },
      now: () => clock.now(),
      setTimeout: (cb, ms) => clock.setTimeout(cb, ms),
      clearTimeout: (h) => clock.clearTimeout(h),
      emit: (event) => events.push(event),
    },
    { ...params, ...overrides },
  );
  client.start();
  return { clock, events, client, socket: sockets[0]! };
}

/** Runs the whole sequence of docs/xmpp-wire.md up to presence. */
function handshake(socket: FakeSocket) {
  socket.open();
  socket.push(S.open);
  socket.push(S.saslFeatures);
  socket.push(S.success);
  socket.push(S.open);
  socket.push(S.bindFeatures);
  socket.push(S.bound);
  socket.push(S.session);
}

const closedOf = (events: WorkerEvent[]) => events.filter((e) => e.type === 'closed');

describe('XmppClient: the wire sequence', () => {
  it('speaks the whole sequence in order and reports the phases', () => {
    const { socket, events, client } = setup();
    expect(socket.url).to.equal('ws://localhost:8445/ws');
    expect(socket.protocol).to.equal('xmpp');
    handshake(socket);
    expect(socket.sent).to.deep.equal([
      `<open xmlns="${FRAMING}" to="${DOMAIN}" version="1.0"/>`,
      `<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${saslPlain('1001', 'the-token')}</auth>`,
      `<open xmlns="${FRAMING}" to="${DOMAIN}" version="1.0"/>`,
      '<iq type="set" id="bind_1" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>finesse-sso-ab</resource></bind></iq>',
      '<iq type="set" id="sess_1" xmlns="jabber:client"><session xmlns="urn:ietf:params:xml:ns:xmpp-session"/></iq>',
      '<presence xmlns="jabber:client"/>',
    ]);
    expect(events.map((e) => (e.type === 'status' ? e.phase : e.type))).to.deep.equal([
      'opening',
      'authenticating',
      'binding',
      'live',
    ]);
    expect(client.phase).to.equal('live');
  });

  it('skips the session step when the server does not offer it', () => {
    const { socket, client } = setup();
    socket.open();
    socket.push(S.open);
    socket.push(S.saslFeatures);
    socket.push(S.success);
    socket.push(S.open);
    socket.push(
      '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></stream:features>',
    );
    socket.push(S.bound);
    expect(socket.last).to.equal('<presence xmlns="jabber:client"/>');
    expect(client.phase).to.equal('live');
  });

  it('pings every pingMs with increasing ids, and reports each answer', async () => {
    const { socket, events, clock } = setup();
    handshake(socket);
    await clock.advance(14_999);
    expect(socket.sent.filter((f) => f.includes('urn:xmpp:ping'))).to.have.length(0);
    await clock.advance(1);
    expect(socket.last).to.equal(
      `<iq type="get" id="ping_1" to="${DOMAIN}" xmlns="jabber:client"><ping xmlns="urn:xmpp:ping"/></iq>`,
    );
    await clock.advance(40);
    socket.push(S.pong('ping_1'));
    expect(events.at(-1)).to.deep.equal({ type: 'pong', at: clock.now(), rttMs: 40 });
    await clock.advance(14_960);
    expect(socket.last).to.contain('id="ping_2"');
    socket.push(S.pong('ping_2'));
    await clock.advance(15_000);
    expect(socket.last).to.contain('id="ping_3"');
  });

  it('gives up on a connection whose ping goes unanswered for a whole period', async () => {
    const { socket, events, clock } = setup();
    handshake(socket);
    await clock.advance(15_000); // ping_1 sent
    await clock.advance(15_000); // no answer by the next one
    expect(socket.last).to.equal(`<close xmlns="${FRAMING}"/>`);
    await clock.advance(1_000);
    expect(closedOf(events)).to.deep.equal([
      {
        type: 'closed',
        code: 1000,
        reason: 'ping-timeout',
        authFailed: false,
        opened: true,
        wasLive: true,
      },
    ]);
  });

  it("answers the server's ping, and refuses other requests politely", () => {
    const { socket } = setup();
    handshake(socket);
    socket.push(S.serverPing);
    expect(socket.last).to.equal(
      `<iq type="result" id="sp1" to="${DOMAIN}" xmlns="jabber:client"/>`,
    );
    socket.push(
      `<iq type="get" id="v1" from="${DOMAIN}" xmlns="jabber:client"><query xmlns="jabber:iq:version"/></iq>`,
    );
    expect(socket.last).to.contain('type="error" id="v1"').and.contain('service-unavailable');
  });

  it('emits each pubsub update from the pubsub service, unescaped', () => {
    const { socket, events } = setup();
    handshake(socket);
    socket.push(
      S.update(
        PUBSUB,
        '/finesse/api/User/1001',
        '&lt;Update&gt;&lt;event&gt;PUT&lt;/event&gt;&lt;/Update&gt;',
      ),
    );
    socket.push(
      S.update(PUBSUB.toUpperCase(), '/finesse/api/User/1001/Dialogs', '&lt;Update/&gt;'),
    );
    expect(events.filter((e) => e.type === 'update')).to.deep.equal([
      {
        type: 'update',
        node: '/finesse/api/User/1001',
        xml: '<Update><event>PUT</event></Update>',
      },
      { type: 'update', node: '/finesse/api/User/1001/Dialogs', xml: '<Update/>' },
    ]);
  });

  it('ignores look-alike updates from anyone but the pubsub service (another user, a chat)', () => {
    const { socket, events } = setup();
    handshake(socket);
    socket.push(S.update(`mallory@${DOMAIN}/x`, '/finesse/api/User/1001', '&lt;Update/&gt;'));
    socket.push(S.update(`${PUBSUB}.evil.test`, '/finesse/api/User/1001', '&lt;Update/&gt;'));
    socket.push(S.update('', '/finesse/api/User/1001', '&lt;Update/&gt;'));
    expect(events.filter((e) => e.type === 'update')).to.have.length(0);
  });

  it('closes politely on request and reports it', async () => {
    const { socket, events, clock, client } = setup();
    handshake(socket);
    client.close();
    expect(socket.last).to.equal(`<close xmlns="${FRAMING}"/>`);
    socket.push(S.close); // the server answers and we close the socket
    expect(socket.closedWith).to.equal(1000);
    expect(closedOf(events)).to.deep.equal([
      {
        type: 'closed',
        code: 1000,
        reason: 'closed-by-client',
        authFailed: false,
        opened: true,
        wasLive: true,
      },
    ]);
    await clock.advance(60_000);
    expect(clock.pending).to.equal(0);
    expect(closedOf(events)).to.have.length(1);
  });
});

describe('XmppClient: failures', () => {
  it('reports a SASL refusal as authFailed, and forgets the password', () => {
    const { socket, events, client } = setup();
    socket.open();
    socket.push(S.open);
    socket.push(S.saslFeatures);
    socket.push(S.failure);
    expect(socket.last).to.equal(`<close xmlns="${FRAMING}"/>`);
    socket.push(S.close);
    expect(closedOf(events)).to.deep.equal([
      {
        type: 'closed',
        code: 1000,
        reason: 'sasl: not-authorized',
        authFailed: true,
        opened: true,
        wasLive: false,
        condition: 'not-authorized',
      },
    ]);
    expect(JSON.stringify(client)).to.not.contain('the-token');
    for (const event of events) expect(JSON.stringify(event)).to.not.contain('the-token');
  });

  it('reports a stream error not-authorized (the server wants a fresh token)', () => {
    const { socket, events } = setup();
    handshake(socket);
    socket.push(S.streamError);
    socket.push(S.close);
    expect(closedOf(events)[0]).to.deep.include({
      authFailed: false,
      streamError: true,
      condition: 'not-authorized',
      wasLive: true,
    });
  });

  it('reports a socket that never opened (refused, blocked): opened false', () => {
    const { socket, events } = setup();
    socket.drop(1006);
    expect(closedOf(events)).to.deep.equal([
      {
        type: 'closed',
        code: 1006,
        reason: 'socket-error',
        authFailed: false,
        opened: false,
        wasLive: false,
      },
    ]);
  });

  it('reports a socket the browser will not even create (bad URL, blocked scheme)', () => {
    const events: WorkerEvent[] = [];
    const clock = new ManualClock();
    new XmppClient(
      {
        createSocket: () => {
          throw new DOMException('bad', 'SyntaxError');
        },
        now: () => clock.now(),
        setTimeout: (cb, ms) => clock.setTimeout(cb, ms),
        clearTimeout: (h) => clock.clearTimeout(h),
        emit: (e) => events.push(e),
      },
      params,
    ).start();
    expect(closedOf(events)[0]).to.deep.include({
      opened: false,
      reason: 'socket-unavailable: SyntaxError',
    });
  });

  it('reports a bind conflict', () => {
    const { socket, events } = setup();
    socket.open();
    socket.push(S.open);
    socket.push(S.saslFeatures);
    socket.push(S.success);
    socket.push(S.open);
    socket.push(S.bindFeatures);
    socket.push(S.conflict);
    socket.drop(1000);
    expect(closedOf(events)[0]).to.deep.include({
      condition: 'conflict',
      reason: 'bind: conflict',
    });
  });

  it('times out a handshake that stalls', async () => {
    const { socket, events, clock } = setup();
    socket.open();
    socket.push(S.open); // …and nothing more
    await clock.advance(HANDSHAKE_TIMEOUT_MS);
    await clock.advance(1_000);
    expect(closedOf(events)[0]).to.deep.include({
      reason: 'timeout',
      opened: true,
      wasLive: false,
    });
    expect(socket.closedWith).to.equal(1000);
  });

  it('drops the connection on a garbled frame (the agent model re-reads on reconnect)', async () => {
    const { socket, events, clock } = setup();
    handshake(socket);
    socket.push('<message from="pubsub.x"><event>');
    await clock.advance(1_000);
    expect(closedOf(events)[0]).to.deep.include({ reason: 'not-well-formed', wasLive: true });
  });

  it('refuses a server without the configured mechanism, a success out of turn, and binary frames', async () => {
    {
      const { socket, events } = setup();
      socket.open();
      socket.push(
        '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>',
      );
      socket.drop(1000);
      expect(closedOf(events)[0]).to.deep.include({
        reason: 'sasl-mechanism-unavailable: plain (offered: SCRAM-SHA-1)',
        authFailed: false,
        saslUnavailable: { mechanism: 'plain', offered: ['SCRAM-SHA-1'] },
      });
      expect(socket.sent.join('')).to.not.contain('<auth');
    }
    {
      const { socket, events } = setup();
      socket.open();
      socket.push(S.success); // before we even asked
      socket.drop(1000);
      expect(closedOf(events)[0]).to.deep.include({ reason: 'protocol: unexpected success' });
    }
    {
      const { socket, events } = setup();
      handshake(socket);
      socket.onmessage?.(new MessageEvent('message', { data: new ArrayBuffer(4) }));
      socket.drop(1000);
      expect(closedOf(events)[0]).to.deep.include({ reason: 'binary-frame' });
    }
  });

  it('reports exactly one closed event however the end arrives', async () => {
    const { socket, events, clock, client } = setup();
    handshake(socket);
    socket.push(S.streamError);
    client.close();
    socket.push(S.close);
    socket.drop(1006);
    await clock.advance(5_000);
    expect(closedOf(events)).to.have.length(1);
  });
});

const features = (...names: string[]) =>
  `<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl">${names
    .map((n) => `<mechanism>${n}</mechanism>`)
    .join('')}</mechanisms></stream:features>`;
const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const BARE = `1001@${DOMAIN}`;

describe('XmppClient: the SASL mechanism (xmpp-sasl)', () => {
  it('authenticates with the configured mechanism and goes live', () => {
    const cases = [
      { sasl: 'plain', name: 'PLAIN', payload: saslPlain('1001', 'the-token') },
      { sasl: 'x-oauth2', name: 'X-OAUTH2', payload: saslXOAuth2(BARE, 'the-token') },
      { sasl: 'oauthbearer', name: 'OAUTHBEARER', payload: saslOAuthBearer(BARE, 'the-token') },
    ] as const;
    for (const { sasl, name, payload } of cases) {
      const { socket, client } = setup({ sasl });
      socket.open();
      socket.push(S.open);
      socket.push(features('SCRAM-SHA-1', 'PLAIN', 'OAUTHBEARER', 'X-OAUTH2'));
      expect(socket.last).to.equal(`<auth xmlns="${SASL}" mechanism="${name}">${payload}</auth>`);
      socket.push(S.success);
      socket.push(S.open);
      socket.push(S.bindFeatures);
      socket.push(S.bound);
      socket.push(S.session);
      expect(client.phase, sasl).to.equal('live');
    }
  });

  it('auto takes the first of PLAIN, OAUTHBEARER, X-OAUTH2 the server offers', () => {
    for (const [offer, chosen] of [
      [['X-OAUTH2', 'PLAIN'], 'PLAIN'],
      [['X-OAUTH2', 'OAUTHBEARER'], 'OAUTHBEARER'],
      [['SCRAM-SHA-1', 'X-OAUTH2'], 'X-OAUTH2'],
    ] as const) {
      const { socket } = setup({ sasl: 'auto' });
      socket.open();
      socket.push(S.open);
      socket.push(features(...offer));
      expect(socket.last).to.contain(`mechanism="${chosen}"`);
    }
  });

  it('a server without the configured mechanism: a typed closed event, no <auth>, never the token', () => {
    const { socket, events } = setup({ sasl: 'x-oauth2' });
    socket.open();
    socket.push(S.open);
    socket.push(features('PLAIN'));
    socket.drop(1000);
    const [closed] = closedOf(events);
    expect(closed).to.deep.include({
      authFailed: false,
      saslUnavailable: { mechanism: 'x-oauth2', offered: ['PLAIN'] },
    });
    expect(socket.sent.join('')).to.not.contain('<auth');
    expect(JSON.stringify(events)).to.not.contain('the-token');
  });

  it('OAUTHBEARER: answers the error challenge with ^A, then reports the SASL failure', () => {
    const { socket, events } = setup({ sasl: 'oauthbearer' });
    socket.open();
    socket.push(S.open);
    socket.push(features('OAUTHBEARER'));
    socket.push(`<challenge xmlns="${SASL}">${btoa('{"status":"invalid_token"}')}</challenge>`);
    expect(socket.last).to.equal(`<response xmlns="${SASL}">AQ==</response>`);
    socket.push(S.failure);
    socket.drop(1000);
    expect(closedOf(events)[0]).to.deep.include({
      reason: 'sasl: not-authorized',
      authFailed: true,
      condition: 'not-authorized',
    });
  });

  it('PLAIN and X-OAUTH2 abort a challenge (one-step mechanisms)', () => {
    const { socket } = setup({ sasl: 'x-oauth2' });
    socket.open();
    socket.push(S.open);
    socket.push(features('X-OAUTH2'));
    socket.push(`<challenge xmlns="${SASL}"/>`);
    expect(socket.last).to.equal(`<abort xmlns="${SASL}"/>`);
  });
});
