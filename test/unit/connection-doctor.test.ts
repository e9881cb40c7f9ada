import { expect } from '@open-wc/testing';
import { ConnectionDoctor } from '../../src/core/diagnostics/connection-doctor.ts';
import type { ConnectionProblem } from '../../src/core/session/connection-problem.ts';
import { problemLink, siteOf } from '../../src/core/session/connection-problem.ts';
import { blockedOrigin } from '../../src/core/diagnostics/csp-violation.ts';
import type { ProbeSocket } from '../../src/core/diagnostics/probes.ts';
import { reportingFetch } from '../../src/core/diagnostics/reporting-fetch.ts';
import { recheckOverride } from '../../src/core/diagnostics/session-doctor.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const REST = 'https://fin.test:8445';
const NOTIFY = 'https://fin.test:7443';

type Behaviour = 'ok' | 'fail' | 'hang';

/**
 * A network the test scripts per address: `ok` answers, `fail` rejects with a TypeError (what
 * a certificate error, a refused connection or CSP look like to a page), `hang` never answers.
 */
class FakeNetwork {
  readonly behaviour = new Map<string, Behaviour>();
  readonly fetched: Array<{ url: string; init: RequestInit | undefined }> = [];
  readonly sockets: Array<{ url: string; protocol: string; closed: boolean }> = [];
  /** Sites whose CORS allow-list lacks the page: `mode: 'cors'` requests fail there. */
  readonly corsRefused = new Set<string>();

  set(site: string, behaviour: Behaviour): void {
    this.behaviour.set(site, behaviour);
  }

  private of(url: string): Behaviour {
    return this.behaviour.get(siteOf(url)!) ?? 'fail';
  }

  readonly fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    this.fetched.push({ url, init });
    const behaviour = this.of(url);
    if (init?.mode === 'cors' && this.corsRefused.has(siteOf(url)!)) {
      return Promise.reject(new TypeError('Failed to fetch'));
    }
    if (behaviour === 'ok') return Promise.resolve(new Response(null, { status: 404 }));
    if (behaviour === 'fail') return Promise.reject(new TypeError('Failed to fetch'));
    return new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () =>
        reject(new DOMException('aborted', 'AbortError')),
      );
    });
  }) as typeof fetch;

  readonly createSocket = (url: string, protocol: string): ProbeSocket => {
    const record = { url, protocol, closed: false };
    this.sockets.push(record);
    const socket: ProbeSocket = {
      onopen: null,
      onclose: null,
      onerror: null,
      close: () => {
        record.closed = true;
      },
    };
    const behaviour = this.of(url);
    queueMicrotask(() => {
      if (behaviour === 'ok') socket.onopen?.(new Event('open'));
      else if (behaviour === 'fail') socket.onclose?.(new CloseEvent('close', { code: 1006 }));
    });
    return socket;
  };

  /** Probes of one site (fetches of its root). */
  probesOf(site: string): number {
    return this.fetched.filter((f) => f.url === `${site}/`).length;
  }
}

function setup(options: { endpoints?: string[]; pageOrigin?: string; sockets?: boolean } = {}) {
  const clock = new ManualClock();
  const net = new FakeNetwork();
  const doc = new EventTarget();
  const win = new EventTarget();
  const doctor = new ConnectionDoctor({
    endpoints: options.endpoints ?? [REST],
    pageOrigin: options.pageOrigin ?? 'https://desk.test',
    fetch: net.fetch,
    createSocket: options.sockets === false ? undefined : net.createSocket,
    clock,
    document: doc,
    window: win,
  });
  doctor.start();
  const changes: Array<readonly ConnectionProblem[]> = [];
  doctor.onChange((problems) => changes.push(problems));
  return { clock, net, doc, win, doctor, changes };
}

function violation(
  blockedURI: string,
  effectiveDirective = 'connect-src',
  disposition = 'enforce',
) {
  return new SecurityPolicyViolationEvent('securitypolicyviolation', {
    blockedURI,
    effectiveDirective,
    violatedDirective: effectiveDirective,
    originalPolicy: "connect-src 'self'",
    disposition: disposition as SecurityPolicyViolationEventDisposition,
    statusCode: 200,
  });
}

describe('ConnectionDoctor', () => {
  it('suspects the certificate when one port fails while another port of the host answers', async () => {
    const { net, doctor, changes } = setup();
    net.set(REST, 'ok');
    net.set(NOTIFY, 'fail');
    doctor.reportFailure(`${NOTIFY}/finesse/api/User/agent1?x=1`);
    await flush();
    expect(doctor.problems).to.deep.equal([{ code: 'certificate-untrusted', origin: NOTIFY }]);
    expect(problemLink(doctor.problems[0]!)).to.equal(`${NOTIFY}/`);
    expect(changes).to.have.length(1);
    // The probe is a no-cors HEAD of the root: no path, no query, no credentials.
    const probe = net.fetched.find((f) => f.url === `${NOTIFY}/`)!;
    expect(probe.init).to.include({
      method: 'HEAD',
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
    });
    expect(net.fetched.every((f) => !f.url.includes('?'))).to.equal(true);
  });

  it('says network when nothing on the host answers', async () => {
    const { net, doctor } = setup();
    net.set(REST, 'fail');
    net.set(NOTIFY, 'fail');
    doctor.reportFailure(`${NOTIFY}/x`);
    await flush();
    expect(doctor.problems).to.deep.equal([{ code: 'network', origin: NOTIFY }]);
  });

  it('counts the page origin as a working port of its host (popup mode, no probe needed)', async () => {
    const { net, doctor } = setup({ pageOrigin: REST });
    net.set(NOTIFY, 'fail');
    doctor.reportFailure(`${NOTIFY}/x`);
    await flush();
    expect(doctor.problems).to.deep.equal([{ code: 'certificate-untrusted', origin: NOTIFY }]);
    expect(net.probesOf(REST)).to.equal(0);
  });

  it('suspects the certificate when the relay page loaded but stayed silent and its host fails', async () => {
    const { net, doctor } = setup();
    net.set(REST, 'fail');
    doctor.reportFailure(`${REST}/3rdpartygadget/files/finesse-sso/relay.html`, 'relay-silent');
    await flush();
    expect(doctor.problems).to.deep.equal([{ code: 'certificate-untrusted', origin: REST }]);
  });

  it('never blames a certificate on plain http', async () => {
    const { net, doctor } = setup({ endpoints: ['http://fin.test:8082'] });
    net.set('http://fin.test:8445', 'ok');
    doctor.reportFailure('http://fin.test:8082/relay.html', 'relay-silent');
    await flush();
    expect(doctor.problems).to.deep.equal([{ code: 'network', origin: 'http://fin.test:8082' }]);
  });

  it('names nothing when the address answers a probe (CORS, a reset): and probes it at most once per period', async () => {
    const { clock, net, doctor, changes } = setup();
    net.set(REST, 'ok');
    doctor.reportFailure(`${REST}/finesse/api/User/agent1`);
    await flush();
    doctor.reportFailure(`${REST}/finesse/api/User/agent1`);
    doctor.reportFailure(`${REST}/finesse/api/User/agent1`);
    await flush();
    expect(doctor.problems).to.deep.equal([]);
    expect(changes).to.have.length(0);
    expect(net.probesOf(REST)).to.equal(1);
    expect(clock.pending).to.equal(0);
    await clock.advance(5_000);
    doctor.reportFailure(`${REST}/finesse/api/User/agent1`);
    await flush();
    expect(net.probesOf(REST)).to.equal(2);
  });

  it('re-checks by itself with backoff and clears the problem once the address answers', async () => {
    const { clock, net, doctor, changes } = setup();
    net.set(REST, 'ok');
    net.set(NOTIFY, 'fail');
    doctor.reportFailure(`${NOTIFY}/x`);
    await flush();
    expect(net.probesOf(NOTIFY)).to.equal(1);
    await clock.advance(4_999);
    expect(net.probesOf(NOTIFY)).to.equal(1);
    await clock.advance(1);
    expect(net.probesOf(NOTIFY)).to.equal(2); // 5 s
    await clock.advance(10_000);
    expect(net.probesOf(NOTIFY)).to.equal(3); // then 10 s
    await clock.advance(20_000);
    expect(net.probesOf(NOTIFY)).to.equal(4); // then 20 s
    await clock.advance(40_000);
    expect(net.probesOf(NOTIFY)).to.equal(5); // then 40 s
    await clock.advance(60_000);
    expect(net.probesOf(NOTIFY)).to.equal(6); // capped at 60 s
    expect(doctor.problems).to.have.length(1);

    net.set(NOTIFY, 'ok'); // the agent accepted the certificate
    await clock.advance(60_000);
    expect(doctor.problems).to.deep.equal([]);
    expect(changes.at(-1)).to.deep.equal([]);
    expect(clock.pending).to.equal(0); // nothing left to watch
  });

  it('re-checks at once when the browser comes back online', async () => {
    const { net, doctor, win } = setup();
    net.set(REST, 'fail');
    doctor.reportFailure(`${REST}/x`);
    await flush();
    expect(doctor.problems).to.deep.equal([{ code: 'network', origin: REST }]);
    net.set(REST, 'ok');
    win.dispatchEvent(new Event('online'));
    await flush();
    expect(doctor.problems).to.deep.equal([]);
  });

  it('counts a probe that never answers as unreachable', async () => {
    const { clock, net, doctor } = setup();
    net.set(REST, 'hang');
    doctor.reportFailure(`${REST}/x`);
    await flush();
    expect(doctor.problems).to.deep.equal([]);
    await clock.advance(10_000);
    expect(doctor.problems).to.deep.equal([{ code: 'network', origin: REST }]);
  });

  it('clears a problem as soon as a real request to the address works', async () => {
    const { net, doctor } = setup();
    net.set(REST, 'fail');
    doctor.reportFailure(`${REST}/x`);
    await flush();
    expect(doctor.problems).to.have.length(1);
    doctor.reportSuccess(`${REST}/finesse/api/User/agent1`);
    expect(doctor.problems).to.deep.equal([]);
  });

  it('probes the notification service with a WebSocket, not a fetch (CSP may allow only wss:)', async () => {
    const { net, doctor } = setup();
    net.set(REST, 'ok');
    net.set(NOTIFY, 'fail');
    doctor.reportFailure('wss://fin.test:7443/ws', 'websocket');
    await flush();
    expect(net.sockets.map((s) => [s.url, s.protocol])).to.deep.equal([
      ['wss://fin.test:7443/ws', 'xmpp'],
    ]);
    expect(net.sockets[0]!.closed).to.equal(true);
    expect(net.probesOf(NOTIFY)).to.equal(0);
    expect(doctor.problems).to.deep.equal([{ code: 'certificate-untrusted', origin: NOTIFY }]);

    net.set(NOTIFY, 'ok');
    doctor.recheck();
    await flush();
    expect(doctor.problems).to.deep.equal([]);
  });

  it('names nothing when only the WebSocket fails on a port whose REST works', async () => {
    const { net, doctor } = setup();
    net.set(REST, 'fail'); // the socket probe fails too (say, a proxy refusing the upgrade)
    doctor.reportSuccess(`${REST}/finesse/api/User/agent1`);
    doctor.reportFailure('wss://fin.test:8445/ws', 'websocket');
    await flush();
    expect(net.sockets).to.have.length(1);
    expect(doctor.problems).to.deep.equal([]);
  });

  it("reports a CSP block of this session's host as csp-blocked, and not as a certificate", async () => {
    const { net, doc, doctor } = setup();
    net.set(REST, 'fail');
    doc.dispatchEvent(
      violation(`${REST}/3rdpartygadget/files/finesse-sso/relay.html`, 'frame-src'),
    );
    doctor.reportFailure(`${REST}/3rdpartygadget/files/finesse-sso/relay.html`, 'relay-silent');
    await flush();
    doc.dispatchEvent(violation(`${REST}/`, 'connect-src')); // the probe, blocked as well
    expect(doctor.problems).to.deep.equal([
      { code: 'csp-blocked', origin: REST, directive: 'frame-src, connect-src' },
    ]);
  });

  it('keeps the WebSocket scheme of a blocked notification origin (what the policy must name)', () => {
    const { doc, doctor } = setup();
    doc.dispatchEvent(violation('wss://fin.test:7443/ws'));
    expect(doctor.problems).to.deep.equal([
      { code: 'csp-blocked', origin: 'wss://fin.test:7443', directive: 'connect-src' },
    ]);
  });

  it('ignores CSP reports about other hosts, inline code, report-only policies and other directives', () => {
    const { doc, doctor } = setup();
    doc.dispatchEvent(violation('https://analytics.example/collect'));
    doc.dispatchEvent(violation('inline', 'script-src-elem'));
    doc.dispatchEvent(violation(`${REST}/x`, 'connect-src', 'report'));
    doc.dispatchEvent(violation(`${REST}/logo.png`, 'img-src'));
    expect(doctor.problems).to.deep.equal([]);
  });

  it('takes a CSP block of a host it learns about later (the violation came first)', async () => {
    const { net, doc, doctor } = setup();
    net.set(REST, 'ok');
    doc.dispatchEvent(violation('wss://fin2.test:7443/ws'));
    expect(doctor.problems).to.deep.equal([]);
    doctor.reportFailure('wss://fin2.test:7443/ws', 'websocket');
    await flush();
    expect(doctor.problems).to.deep.equal([
      { code: 'csp-blocked', origin: 'wss://fin2.test:7443', directive: 'connect-src' },
    ]);
  });

  it('stops listening and re-checking when disposed', async () => {
    const { clock, net, doc, doctor, changes } = setup();
    net.set(REST, 'fail');
    doctor.reportFailure(`${REST}/x`);
    await flush();
    expect(clock.pending).to.equal(1);
    doctor.dispose();
    expect(clock.pending).to.equal(0);
    doc.dispatchEvent(violation(`${REST}/x`));
    doctor.reportFailure(`${REST}/y`);
    await flush();
    expect(changes).to.have.length(1);
  });
});

describe('reportingFetch', () => {
  it('reports answers as working, TypeErrors as failing, and aborts not at all', async () => {
    const reports: string[] = [];
    const reporter = {
      reportFailure: (url: string | URL, hint?: string) => reports.push(`fail ${url} ${hint}`),
      reportSuccess: (url: string | URL) => reports.push(`ok ${url}`),
    };
    const net = new FakeNetwork();
    net.set(REST, 'ok');
    net.set(NOTIFY, 'fail');
    const watched = reportingFetch(reporter, net.fetch);
    const response = await watched(new Request(`${REST}/finesse/api/User/a`));
    expect(response.status).to.equal(404);
    const error = await watched(`${NOTIFY}/x`).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TypeError);
    net.set(REST, 'hang');
    const controller = new AbortController();
    const pending = watched(`${REST}/slow`, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(((await pending) as DOMException).name).to.equal('AbortError');
    expect(reports).to.deep.equal([`ok ${REST}/finesse/api/User/a`, `fail ${NOTIFY}/x fetch`]);
  });
});

describe('diagnostics helpers', () => {
  it('turns ws(s) into http(s) for the address to open, and drops paths', () => {
    expect(siteOf('wss://fin.test:7443/ws?x=1')).to.equal(NOTIFY);
    expect(siteOf('ws://localhost:8445/ws')).to.equal('http://localhost:8445');
    expect(siteOf('https://fin.test/finesse')).to.equal('https://fin.test');
    expect(siteOf('data:text/plain,hi')).to.equal(null);
    expect(siteOf('not a url')).to.equal(null);
  });

  it('reads blocked origins from violations', () => {
    expect(
      blockedOrigin({ blockedURI: 'wss://fin.test:7443/ws', effectiveDirective: 'connect-src' }),
    ).to.deep.equal({ origin: 'wss://fin.test:7443', directive: 'connect-src' });
    expect(blockedOrigin({ blockedURI: 'eval', effectiveDirective: 'script-src' })).to.equal(null);
  });

  it('shortens the re-checks only for a page that asks with data-finesse-sso-recheck-ms', () => {
    const html = document.createElement('html');
    expect(recheckOverride(html)).to.deep.equal({});
    html.setAttribute('data-finesse-sso-recheck-ms', '400');
    expect(recheckOverride(html)).to.deep.equal({
      firstRecheckMs: 400,
      maxRecheckMs: 1_600,
      probeTimeoutMs: 1_000,
    });
    html.setAttribute('data-finesse-sso-recheck-ms', 'soon');
    expect(recheckOverride(html)).to.deep.equal({});
  });
});

describe('ConnectionDoctor: CORS allow-list', () => {
  it('Finesse answers no-cors but refuses a CORS request: cors-not-allowed, naming the page origin', async () => {
    const t = setup({ pageOrigin: 'https://desk.test' });
    t.net.set(REST, 'ok');
    t.net.corsRefused.add(REST);
    t.doctor.reportFailure(`${REST}/finesse/api/User/agent1`);
    await flush(6);
    expect(t.doctor.problems).to.deep.equal([
      { code: 'cors-not-allowed', origin: REST, pageOrigin: 'https://desk.test' },
    ]);
    const cors = t.net.fetched.find((f) => f.init?.mode === 'cors')!;
    expect(cors.url).to.equal(`${REST}/finesse/api/SystemInfo`);
    expect(cors.init).to.deep.include({ credentials: 'omit', method: 'GET' });
    // The administrator adds the origin: the next re-check clears it.
    t.net.corsRefused.clear();
    await t.clock.advance(5_000);
    expect(t.doctor.problems).to.deep.equal([]);
    t.doctor.dispose();
  });

  it('no problem when the CORS request is answered (the page failed for another reason)', async () => {
    const t = setup();
    t.net.set(REST, 'ok');
    t.doctor.reportFailure(`${REST}/finesse/api/User/agent1`);
    await flush(6);
    expect(t.doctor.problems).to.deep.equal([]);
    expect(t.net.fetched.filter((f) => f.init?.mode === 'cors')).to.have.length(1);
    t.doctor.dispose();
  });

  it('never asks CORS of the page’s own origin, nor after a WebSocket-only failure', async () => {
    const t = setup({ pageOrigin: REST, endpoints: [REST, `${NOTIFY}/ws`] });
    t.net.set(REST, 'ok');
    t.net.set(NOTIFY, 'ok');
    t.net.corsRefused.add(REST);
    t.net.corsRefused.add(NOTIFY);
    t.doctor.reportFailure(`${REST}/finesse/api/User/agent1`);
    t.doctor.reportFailure('wss://fin.test:7443/ws', 'websocket');
    await flush(6);
    expect(t.net.fetched.filter((f) => f.init?.mode === 'cors')).to.have.length(0);
    expect(t.doctor.problems).to.deep.equal([]);
    t.doctor.dispose();
  });
});
