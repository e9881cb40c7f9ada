import { expect, waitUntil } from '@open-wc/testing';
import { XmppNotifications } from '../../src/core/notifications/xmpp-notifications.ts';
import { createXmppWorker, workerSource } from '../../src/core/notifications/worker-url.ts';
import type { WorkerLike } from '../../src/core/notifications/worker-url.ts';
import type { ConnectCommand, WorkerEvent } from '../../src/core/notifications/worker-protocol.ts';
import type { RawUpdate } from '../../src/core/notifications/types.ts';

/**
 * The real Worker file, run in a real dedicated Worker. Browsers cannot host a WebSocket
 * server, so a bootstrap module imports the Worker file unchanged and installs a scripted fake
 * `WebSocket` (speaking the server side of docs/xmpp-wire.md) that the file uses when it connects. The blob:
 * bootstrap is test-only; the library itself never uses blob: workers.
 */
const WORKER_FILE = new URL('../../src/core/notifications/xmpp-worker.ts', import.meta.url).href;
const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

const bootstrap = `
import ${JSON.stringify(WORKER_FILE)}; // it reads self.WebSocket only when it connects
const FRAMING = '${FRAMING}';
const report = (event) => postMessage({ type: '__test', ...event });
class FakeWebSocket {
  constructor(url, protocol) {
    this.url = url; this.protocol = protocol; this.readyState = 0; this.authed = false;
    this.onopen = this.onmessage = this.onerror = this.onclose = null;
    report({ event: 'socket', url, protocol });
    self.__socket = this;
    setTimeout(() => {
      if (url.includes('refused')) { this.readyState = 3; this.onerror?.(new Event('error')); this.onclose?.({ code: 1006, reason: '' }); return; }
      this.readyState = 1; this.onopen?.(new Event('open'));
    }, 5);
  }
  push(data) { setTimeout(() => this.onmessage?.({ data }), 0); }
  send(frame) {
    report({ event: 'sent', frame });
    if (frame.startsWith('<open')) {
      this.push('<open xmlns="' + FRAMING + '" from="d.test" id="s" version="1.0"/>');
      this.push(this.authed
        ? '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><session xmlns="urn:ietf:params:xml:ns:xmpp-session"/></stream:features>'
        : '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>');
    } else if (frame.startsWith('<auth')) {
      const plain = atob(frame.replace(/^<auth[^>]*>|<\\/auth>$/g, ''));
      if (plain.endsWith('\\0good-token')) { this.authed = true; this.push('<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>'); }
      else { this.push('<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><not-authorized/></failure>'); this.push('<close xmlns="' + FRAMING + '"/>'); }
    } else if (frame.includes('id="bind_1"')) {
      this.push('<iq type="result" id="bind_1" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>1001@d.test/r</jid></bind></iq>');
    } else if (frame.includes('id="sess_1"')) {
      this.push('<iq type="result" id="sess_1" xmlns="jabber:client"/>');
    } else if (frame.includes('urn:xmpp:ping')) {
      const id = /id="([^"]+)"/.exec(frame)[1];
      this.push('<iq type="result" id="' + id + '" from="d.test" xmlns="jabber:client"/>');
    } else if (frame.startsWith('<close')) {
      this.push('<close xmlns="' + FRAMING + '"/>');
      setTimeout(() => this.close(1000), 5);
    }
  }
  close(code) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code: code ?? 1005, reason: '' }), 0);
  }
}
self.WebSocket = FakeWebSocket;
self.addEventListener('message', (event) => {
  if (event.data?.type === '__push') self.__socket?.push(event.data.frame);
});
report({ event: 'loaded' });
`;

type TestEvent = { type: '__test'; event: string; frame?: string; url?: string; protocol?: string };
type AnyEvent = WorkerEvent | TestEvent;

const UPDATE_FRAME = (text: string) =>
  `<message from="pubsub.d.test" xmlns="jabber:client"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/User/1001"><item id="1"><notification xmlns="http://jabber.org/protocol/pubsub">${text}</notification></item></items></event></message>`;

function startWorker() {
  const url = URL.createObjectURL(new Blob([bootstrap], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module' });
  const events: AnyEvent[] = [];
  worker.addEventListener('message', (event: MessageEvent<AnyEvent>) => events.push(event.data));
  const loaded = waitUntil(
    () => events.some((e) => e.type === '__test' && e.event === 'loaded'),
    'the worker loaded',
    { timeout: 5_000 }, // a module worker's first load is slow on a loaded machine (Firefox)
  );
  return { worker, events, loaded, url };
}

const connect = (password: string, url = 'wss://fin.test:8445/ws'): ConnectCommand => ({
  type: 'connect',
  url,
  domain: 'd.test',
  pubsubDomain: 'pubsub.d.test',
  loginId: '1001',
  password,
  resource: 'finesse-sso-0011223344556677',
  pingMs: 100,
});

const sent = (events: AnyEvent[]) =>
  events
    .filter((e): e is TestEvent => e.type === '__test' && e.event === 'sent')
    .map((e) => e.frame!);

describe('the notification Worker file, in a real Worker', () => {
  const started: Array<{ worker: Worker; url: string }> = [];
  afterEach(() => {
    for (const { worker, url } of started.splice(0)) {
      worker.terminate();
      URL.revokeObjectURL(url);
    }
  });

  it('connects, goes live, pings on time, delivers updates and closes on request', async () => {
    const run = startWorker();
    started.push(run);
    await run.loaded;
    run.worker.postMessage(connect('good-token'));
    await waitUntil(() => run.events.some((e) => e.type === 'status' && e.phase === 'live'));
    const socket = run.events.find((e) => e.type === '__test' && e.event === 'socket') as TestEvent;
    expect(socket).to.deep.include({ url: 'wss://fin.test:8445/ws', protocol: 'xmpp' });
    expect(
      sent(run.events)
        .slice(0, 6)
        .map((f) => f.slice(0, 20)),
    ).to.deep.equal([
      `<open xmlns="${FRAMING}"`.slice(0, 20),
      '<auth xmlns="urn:iet',
      `<open xmlns="${FRAMING}"`.slice(0, 20),
      '<iq type="set" id="b',
      '<iq type="set" id="s',
      '<presence xmlns="jab',
    ]);
    // Pings every 100 ms here (15 s in production), each answered.
    await waitUntil(() => run.events.filter((e) => e.type === 'pong').length >= 3, 'pongs', {
      timeout: 3000,
    });
    run.worker.postMessage({
      type: '__push',
      frame: UPDATE_FRAME('&lt;Update&gt;&lt;event&gt;PUT&lt;/event&gt;&lt;/Update&gt;'),
    });
    await waitUntil(() => run.events.some((e) => e.type === 'update'));
    expect(run.events.find((e) => e.type === 'update')).to.deep.equal({
      type: 'update',
      node: '/finesse/api/User/1001',
      xml: '<Update><event>PUT</event></Update>',
    });
    run.worker.postMessage({ type: 'close' });
    await waitUntil(() => sent(run.events).at(-1) === `<close xmlns="${FRAMING}"/>`);
    // Nothing the Worker said carries the password.
    for (const event of run.events) {
      if (event.type === '__test') continue;
      expect(JSON.stringify(event)).to.not.contain('good-token');
    }
  });

  it('ignores malformed commands: missing fields, wrong types, NaN/Infinity, unknown types', async () => {
    const run = startWorker();
    started.push(run);
    await run.loaded;
    const good = connect('good-token');
    const { password: _p, ...withoutPassword } = good;
    for (const command of [
      withoutPassword,
      { ...good, pingMs: Number.NaN },
      { ...good, pingMs: Number.POSITIVE_INFINITY },
      { ...good, pingMs: 1e12 },
      { ...good, pingMs: '100' },
      { ...good, url: 'https://fin.test:8445/ws' },
      { ...good, loginId: 1001 },
      { ...good, type: 'reconnect' },
      null,
      'connect',
    ]) {
      run.worker.postMessage(command);
    }
    // The Worker handles its messages in order: a good connect after them is the first socket.
    run.worker.postMessage(good);
    await waitUntil(() => run.events.some((e) => e.type === 'status' && e.phase === 'live'));
    const sockets = run.events.filter((e) => e.type === '__test' && e.event === 'socket');
    expect(sockets).to.have.length(1);
  });

  it('reports a SASL refusal as authFailed', async () => {
    const run = startWorker();
    started.push(run);
    await run.loaded;
    run.worker.postMessage(connect('stale-token'));
    await waitUntil(() => run.events.some((e) => e.type === 'closed'));
    expect(run.events.find((e) => e.type === 'closed')).to.deep.include({
      authFailed: true,
      condition: 'not-authorized',
      opened: true,
      wasLive: false,
    });
  });

  it('drives the connection manager end to end: live, updates, a token retry', async () => {
    const runs: ReturnType<typeof startWorker>[] = [];
    let calls = 0;
    const tab = new XmppNotifications({
      agentKey: `worker-${Date.now()}|1001`,
      url: 'wss://fin.test:8445/ws',
      domain: 'd.test',
      pubsubDomain: 'pubsub.d.test',
      loginId: '1001',
      // The first token is refused (it rotated meanwhile); the retry gets the fresh one.
      getPassword: async () => (++calls === 1 ? 'stale-token' : 'good-token'),
      pingMs: 100,
      createWorker: () => {
        const run = startWorker();
        runs.push(run);
        started.push(run);
        return run.worker as unknown as WorkerLike;
      },
    });
    const updates: RawUpdate[] = [];
    tab.onUpdate((u) => updates.push(u));
    try {
      tab.start();
      await waitUntil(() => tab.status === 'live', 'live', { timeout: 3000 });
      expect(calls).to.equal(2);
      expect(runs).to.have.length(1);
      runs[0]!.worker.postMessage({ type: '__push', frame: UPDATE_FRAME('&lt;Update/&gt;') });
      await waitUntil(() => updates.length === 1);
      expect(updates[0]).to.deep.equal({ node: '/finesse/api/User/1001', xml: '<Update/>' });
    } finally {
      tab.stop();
    }
  });

  it('from source, the default factory starts xmpp-worker.ts as a module Worker', async () => {
    const source = workerSource();
    expect(source.type).to.equal('module');
    expect(source.url.pathname).to.match(/\/src\/core\/notifications\/xmpp-worker\.ts$/);
    expect(workerSource('/static/finesse-sso-xmpp-worker.js')).to.deep.include({ type: 'classic' });
    // The real file with the browser's real WebSocket: a refused port is "could not open".
    const worker = createXmppWorker();
    const events: WorkerEvent[] = [];
    worker.onmessage = (event) => events.push(event.data);
    try {
      worker.postMessage(connect('x', 'ws://127.0.0.1:9/ws'));
      await waitUntil(() => events.some((e) => e.type === 'closed'), 'closed', { timeout: 4000 });
      expect(events.find((e) => e.type === 'closed')).to.deep.include({
        opened: false,
        authFailed: false,
        reason: 'socket-error',
      });
    } finally {
      worker.terminate();
    }
  });
});
