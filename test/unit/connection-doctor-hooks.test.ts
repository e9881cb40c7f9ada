import { expect, waitUntil } from '@open-wc/testing';
import type { FailureHint } from '../../src/core/session/connection-problem.ts';
import { createXmppNotifications } from '../../src/core/notifications/xmpp-notifications.ts';
import type { NotificationService } from '../../src/core/notifications/types.ts';
import type {
  ClosedEvent,
  WorkerCommand,
  WorkerEvent,
} from '../../src/core/notifications/worker-protocol.ts';
import type { WorkerLike } from '../../src/core/notifications/worker-url.ts';
import { RelaySource } from '../../src/core/relay/relay-source.ts';
import { RELAY_NS } from '../../src/core/relay/protocol.ts';
import { FakeSession } from './fake-session.ts';
import { closeAll, makeEnv, openTab } from './helpers/tabs.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const RELAY_ORIGIN = 'https://fin.test:8445';
const RELAY_URL = `${RELAY_ORIGIN}/3rdpartygadget/files/finesse-sso/relay.html`;
const NONCE = 'c'.repeat(32);

/** A reporter that records what endpoints tell the connection doctor. */
function recorder() {
  const reports: string[] = [];
  return {
    reports,
    reportFailure: (url: string | URL, hint?: FailureHint) => reports.push(`fail ${url} ${hint}`),
    reportSuccess: (url: string | URL) => reports.push(`ok ${url}`),
  };
}

describe('connection doctor hooks: the relay frame', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  function setup() {
    const clock = new ManualClock();
    const host = new EventTarget() as unknown as Window;
    const reporter = recorder();
    const source = new RelaySource({
      relayUrl: RELAY_URL,
      clock,
      host,
      nonce: () => NONCE,
      handshakeTimeoutMs: 10_000,
      post: () => undefined,
      reporter,
    });
    const frame = source.createFrame({ lang: 'en' });
    frame.removeAttribute('src'); // offline: about:blank "loads" at once, like an error page
    document.body.append(frame);
    const ready = () =>
      host.dispatchEvent(
        new MessageEvent('message', {
          data: { ns: RELAY_NS, nonce: NONCE, type: 'ready' },
          origin: RELAY_ORIGIN,
          source: frame.contentWindow,
        }),
      );
    return { clock, source, reporter, ready };
  }

  it('reports the relay address once its loaded page stays silent, and keeps waiting', async () => {
    const { clock, source, reporter } = setup();
    await clock.advance(1_999);
    expect(reporter.reports).to.deep.equal([]);
    await clock.advance(1);
    expect(reporter.reports).to.deep.equal([`fail ${RELAY_URL} relay-silent`]);
    expect(source.problem).to.equal(null); // the handshake still has its 10 s
    await clock.advance(8_000);
    expect(source.problem?.code).to.equal('relay-unavailable');
    expect(reporter.reports).to.have.length(1);
  });

  it('reports nothing when the relay answers in time, and a success when it answers late', async () => {
    const early = setup();
    early.ready();
    await early.clock.advance(10_000);
    expect(early.reporter.reports).to.deep.equal([`ok ${RELAY_URL}`]);
    early.source.dispose();

    const late = setup();
    await late.clock.advance(2_000);
    late.ready();
    expect(late.reporter.reports).to.deep.equal([
      `fail ${RELAY_URL} relay-silent`,
      `ok ${RELAY_URL}`,
    ]);
  });
});

class FakeWorker implements WorkerLike {
  readonly commands: WorkerCommand[] = [];
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  postMessage(command: WorkerCommand): void {
    this.commands.push(command);
  }
  terminate(): void {}
  emit(event: WorkerEvent): void {
    this.onmessage?.(new MessageEvent('message', { data: event }));
  }
  closed(event: Partial<ClosedEvent>): void {
    this.emit({
      type: 'closed',
      code: 1006,
      reason: 'socket-error',
      authFailed: false,
      opened: false,
      wasLive: false,
      ...event,
    });
  }
}

describe('connection doctor hooks: the notification socket', () => {
  let service: NotificationService | null = null;
  afterEach(() => service?.stop());

  it("reports a socket that never opened to the session's doctor, and the live one as working", async () => {
    const session = new FakeSession();
    session.signInNow();
    const reporter = recorder();
    session.doctor = reporter;
    const workers: FakeWorker[] = [];
    const clock = new ManualClock();
    service = createXmppNotifications(
      session,
      {
        loginId: `cert${Date.now()}`,
        xmppDomain: 'fin.test',
        pubsubDomain: 'pubsub.fin.test',
        notificationUrl: 'wss://fin.test:7443/ws',
      },
      {
        clock,
        createChannel: () => null,
        createWorker: () => {
          const worker = new FakeWorker();
          workers.push(worker);
          return worker;
        },
      },
    );
    service!.start();
    await waitUntil(() => workers[0]?.commands.length === 1, 'connects', { timeout: 10_000 });
    const worker = workers[0]!;
    worker.closed({ reason: 'socket-error' });
    await flush();
    expect(reporter.reports).to.deep.equal(['fail wss://fin.test:7443/ws websocket']);

    // Closes that are not about reaching the address are not reported.
    await clock.advance(60_000); // the retry
    await waitUntil(() => worker.commands.length === 2, 'reconnects');
    worker.closed({ reason: 'not-authorized', opened: true, authFailed: true });
    await flush();
    expect(reporter.reports).to.have.length(1);

    await waitUntil(() => worker.commands.length === 3, 'retries with a fresh token at once');
    worker.emit({ type: 'status', phase: 'live' });
    expect(reporter.reports.at(-1)).to.equal('ok wss://fin.test:7443/ws');
  });
  it('a real session hands the doctor it was built with to its notification socket', async () => {
    const env = makeEnv();
    try {
      const reporter = recorder();
      const doctor = {
        ...reporter,
        problems: [],
        onChange: () => () => undefined,
        start: () => undefined,
        dispose: () => undefined,
      };
      const tab = await openTab(env, { doctor });
      await tab.session.signIn();
      expect(tab.session.doctor).to.equal(doctor);
      const workers: FakeWorker[] = [];
      service = createXmppNotifications(
        tab.session,
        {
          loginId: `real${Date.now()}`,
          xmppDomain: 'fin.test',
          pubsubDomain: 'pubsub.fin.test',
          notificationUrl: 'wss://fin.test:7443/ws',
        },
        {
          clock: new ManualClock(),
          createChannel: () => null,
          createWorker: () => {
            const worker = new FakeWorker();
            workers.push(worker);
            return worker;
          },
        },
      );
      service!.start();
      await waitUntil(() => workers[0]?.commands.length === 1, 'connects', { timeout: 10_000 });
      workers[0]!.closed({ reason: 'socket-error' });
      await flush();
      expect(reporter.reports).to.deep.equal(['fail wss://fin.test:7443/ws websocket']);
    } finally {
      service?.stop();
      service = null;
      await closeAll(env);
    }
  });
});
