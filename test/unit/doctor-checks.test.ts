import { expect } from '@open-wc/testing';
import {
  checkAllowList,
  checkCertificates,
  checkClockSkew,
  checkCors,
  checkSsoMode,
  checkTokenLifetimes,
  recordTimes,
} from '../../src/core/diagnostics/doctor-server.ts';
import {
  checkHistory,
  checkPartitioning,
  checkRoster,
} from '../../src/core/diagnostics/doctor-browser.ts';
import { bundleJson, endpointsFor, supportBundle } from '../../src/core/diagnostics/doctor-run.ts';
import type { NetTools } from '../../src/core/diagnostics/doctor-types.ts';
import type { HistoryEntry } from '../../src/core/session/history.ts';
import type { ChannelLike } from '../../src/core/kernel/tab-channel.ts';
import { newSessionRecord } from '../../src/core/session/record.ts';
import { ManualClock } from './helpers/manual-clock.ts';

const FIN = 'https://fin1.example.com:8445';
const MIN = 60_000;

type Answer = (url: string, init: RequestInit) => Response | Error;

/** A fake network: `answer` decides per request; a returned Error is thrown as the TypeError a browser gives. */
function net(answer: Answer, clock = new ManualClock()): NetTools & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    clock,
    timeoutMs: 5_000,
    fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      calls.push(`${init.method ?? 'GET'} ${init.mode ?? 'cors'} ${url}`);
      const out = answer(url, init);
      if (out instanceof Error) throw new TypeError('Failed to fetch');
      return out;
    }) as typeof fetch,
  };
}

const xml = (body: string) => new Response(body, { status: 200 });

describe('doctor checks', () => {
  describe('clock skew', () => {
    /** Finesse's Date header is `offset` ahead; the round trip takes 200 ms on the clock. */
    const skewed = (offset: number | null) => {
      const clock = new ManualClock();
      return net(() => {
        const headers = new Headers();
        if (offset !== null) headers.set('Date', new Date(clock.now() + offset).toUTCString());
        clock.jump(200);
        return new Response(null, { status: 200, headers });
      }, clock);
    };

    it('fails at 10 minutes, warns at 2, passes at a few seconds', async () => {
      let r = await checkClockSkew(skewed(10 * MIN), FIN);
      expect([r.verdict, r.finding]).to.deep.equal(['fail', 'large']);
      expect(Math.abs((r.facts.skewMs as number) - 10 * MIN)).to.be.lessThan(1_500);
      r = await checkClockSkew(skewed(-2 * MIN), FIN);
      expect([r.verdict, r.finding]).to.deep.equal(['warn', 'noticeable']);
      r = await checkClockSkew(skewed(3_000), FIN);
      expect([r.verdict, r.finding]).to.deep.equal(['pass', 'small']);
    });

    it('warns when no Date header can be read, unless the gadget gives its drift', async () => {
      expect((await checkClockSkew(skewed(null), FIN)).finding).to.equal('unknown');
      const unreachable = net(() => new Error('x'));
      expect((await checkClockSkew(unreachable, FIN)).finding).to.equal('unknown');
      const r = await checkClockSkew(unreachable, FIN, 7 * MIN);
      expect([r.verdict, r.facts.gadgetDriftMs]).to.deep.equal(['fail', 7 * MIN]);
    });
  });

  describe('token lifetimes', () => {
    const record = (expiresIn: number) =>
      newSessionRecord(
        {
          token: 'at-secret',
          refreshToken: 'rt-secret',
          expiresIn,
          userId: 'Agent1',
          realm: 'r',
          userPrincipal: 'agent1@r',
        },
        { cluster: FIN, sessionId: 's', now: 1_000_000, ratio: 0.75, tabId: 't' },
      );

    it('reads the lifetime and the refresh at 75 % from the record, never its pair', () => {
      const times = recordTimes(record(300));
      expect(JSON.stringify(times)).not.to.match(/secret/);
      const r = checkTokenLifetimes(times, 1_000_000 + 10_000);
      expect([r.verdict, r.finding]).to.deep.equal(['pass', 'ok']);
      expect(r.facts).to.include({ accessLifetimeS: 300, ratio: 75, refreshInS: 215 });
      expect(JSON.stringify(r)).not.to.match(/secret/);
    });

    it('warns on short lifetimes and with no sign-in; fails when every tab must sign in', () => {
      expect(checkTokenLifetimes(recordTimes(record(60)), 0).finding).to.equal('short');
      expect(checkTokenLifetimes(null, 0).verdict).to.equal('warn');
      const refused = { ...record(300), needsSignIn: { code: 'refresh-rejected' as const, at: 1 } };
      const r = checkTokenLifetimes(recordTimes(refused), 0);
      expect([r.verdict, r.facts.code]).to.deep.equal(['fail', 'refresh-rejected']);
    });
  });

  it('SSO mode: the agent’s UserAuthMode decides; SystemInfo when no agent is known', async () => {
    const answers = (user: string | null, system: string | null) =>
      net((url) => {
        if (url.includes('UserAuthMode')) {
          return user
            ? xml(`<UserAuthMode><authMode>${user}</authMode></UserAuthMode>`)
            : new Response('', { status: 404 });
        }
        return system
          ? xml(`<SystemInfo><systemAuthMode>${system}</systemAuthMode></SystemInfo>`)
          : new Response('', { status: 401 });
      });
    expect((await checkSsoMode(answers('SSO', null), FIN, 'agent1')).verdict).to.equal('pass');
    expect((await checkSsoMode(answers('NON_SSO', 'HYBRID'), FIN, 'agent1')).finding).to.equal(
      'not-sso',
    );
    expect((await checkSsoMode(answers(null, 'HYBRID'), FIN, null)).finding).to.equal('hybrid');
    expect((await checkSsoMode(answers(null, null), FIN, null)).finding).to.equal('unknown');
  });

  describe('certificates', () => {
    it('a failing port while another port of its host answers is an untrusted certificate', async () => {
      const tools = net((url) =>
        url.startsWith('https://fin1.example.com:7443') ? new Error() : new Response(null),
      );
      const endpoints = endpointsFor({ finesseUrl: FIN });
      expect(endpoints.map((e) => [e.role, e.origin, e.configured])).to.deep.equal([
        ['finesse', FIN, true],
        ['notifications', 'https://fin1.example.com:7443', false],
        ['ids', 'https://fin1.example.com:8553', false],
      ]);
      const results = await checkCertificates(tools, endpoints, FIN);
      expect(results.map((r) => [r.facts.role, r.verdict, r.finding])).to.deep.equal([
        ['finesse', 'pass', 'answers'],
        ['notifications', 'fail', 'untrusted'],
        ['ids', 'pass', 'answers'],
      ]);
      // The page's own origin needs no probe: it loaded.
      expect(tools.calls.some((c) => c.includes(`${FIN}/`))).to.equal(false);
      expect(tools.calls.every((c) => c.startsWith('HEAD no-cors'))).to.equal(true);
    });

    it('nothing on the host answers: unreachable (a default port guess only warns)', async () => {
      const tools = net(() => new Error());
      const endpoints = endpointsFor({ finesseUrl: FIN, idsUrl: 'https://ids.example.com:8553' });
      const results = await checkCertificates(tools, endpoints, 'https://desk.example.com');
      expect(results.map((r) => [r.facts.role, r.verdict, r.finding])).to.deep.equal([
        ['finesse', 'fail', 'unreachable'],
        ['notifications', 'warn', 'unreachable'],
        ['ids', 'fail', 'unreachable'],
      ]);
      expect(
        endpointsFor({
          finesseUrl: FIN,
          notificationUrl: 'wss://fin1.example.com:7443/ws',
          idsUrl: '',
        }).map((e) => e.origin),
      ).to.deep.equal([FIN, 'https://fin1.example.com:7443']);
    });
  });

  describe('CORS', () => {
    const finesse = (allowCors: boolean, up = true) =>
      net((_url, init) => {
        if (!up) return new Error();
        return init.mode === 'no-cors' || allowCors ? new Response(null) : new Error();
      });

    it('from the desktop origin: not allowed (with the command), allowed, unreachable', async () => {
      const desk = 'https://desk.example.com';
      let r = await checkCors(finesse(false), FIN, desk, null);
      expect([r.verdict, r.finding, r.facts.command]).to.deep.equal([
        'fail',
        'not-allowed',
        `utils finesse cors allowed_origin add ${desk}`,
      ]);
      r = await checkCors(finesse(true), FIN, desk, null);
      expect([r.verdict, r.finding]).to.deep.equal(['pass', 'allowed']);
      r = await checkCors(finesse(true, false), FIN, desk, null);
      expect(r.finding).to.equal('unreachable');
    });

    it('on the Finesse origin: nothing to check, or where to run it for another desktop', async () => {
      const tools = finesse(false);
      expect((await checkCors(tools, FIN, FIN, null)).finding).to.equal('same-origin');
      const r = await checkCors(tools, FIN, FIN, 'https://desk.example.com');
      expect([r.verdict, r.finding]).to.deep.equal(['warn', 'run-on-desktop']);
      expect(tools.calls).to.deep.equal([]);
    });
  });

  it("the relay's allow-list as the relay reads it", async () => {
    const list = (body: string | null, status = 200) =>
      net(() =>
        body === null ? new Response('', { status: 404 }) : new Response(body, { status }),
      );
    const url = `${FIN}/3rdpartygadget/files/x/relay/allowed-origins.json`;
    const desk = 'https://desk.example.com';
    expect((await checkAllowList(list(null), url, desk)).finding).to.equal('missing');
    expect((await checkAllowList(list('{"origins": "x"}'), url, desk)).finding).to.equal(
      'malformed',
    );
    expect((await checkAllowList(list('nope'), url, desk)).verdict).to.equal('fail');
    let r = await checkAllowList(list('{"origins": ["https://other.example.com"]}'), url, desk);
    expect([r.verdict, r.finding, r.facts.origins]).to.deep.equal([
      'fail',
      'not-listed',
      'https://other.example.com',
    ]);
    r = await checkAllowList(
      list(`{"origins": ["${desk}", "*", "null", "${desk}/path"]}`),
      url,
      desk,
    );
    expect([r.verdict, r.finding]).to.deep.equal(['warn', 'ignored-entries']);
    expect(r.facts.ignored).to.equal(`"*" "null" "${desk}/path"`);
    r = await checkAllowList(list(`{"origins": ["${desk}"]}`), url, desk);
    expect([r.verdict, r.finding]).to.deep.equal(['pass', 'listed']);
    expect((await checkAllowList(list('{"origins": []}'), url, null)).finding).to.equal('empty');
  });

  it('storage partitioning: a desktop on another site warns', () => {
    expect(
      checkPartitioning({ finesseUrl: FIN, desktopOrigin: null, framedBy: null }).verdict,
    ).to.equal('pass');
    expect(
      checkPartitioning({
        finesseUrl: FIN,
        desktopOrigin: 'https://desk.example.com',
        framedBy: null,
      }).verdict,
    ).to.equal('pass');
    const r = checkPartitioning({
      finesseUrl: FIN,
      desktopOrigin: 'https://desk.other.org',
      framedBy: null,
    });
    expect([r.verdict, r.finding]).to.deep.equal(['warn', 'cross-site']);
    expect(
      checkPartitioning({ finesseUrl: FIN, desktopOrigin: null, framedBy: 'https://x.org' })
        .finding,
    ).to.equal('framed');
  });

  describe('roster and history', () => {
    /** A channel whose tabs answer every query at once. */
    function tabsChannel(tabs: object[]): ChannelLike {
      const listeners = new Set<(event: MessageEvent) => void>();
      return {
        postMessage(message: { type: string; id: string }) {
          for (const tab of tabs) {
            const data = { type: 'roster-answer', id: message.id, tab };
            for (const l of listeners) l(new MessageEvent('message', { data }));
          }
        },
        addEventListener: (_t: 'message', l: (event: MessageEvent) => void) => listeners.add(l),
        removeEventListener: (_t: 'message', l: (event: MessageEvent) => void) =>
          listeners.delete(l),
        close() {},
      } as ChannelLike;
    }
    const tab = (id: string, notifications: boolean, state = 'active') => ({
      tab: id,
      state,
      mode: 'popup',
      user: 'agent1',
      refreshing: false,
      notifications,
    });

    it('two tabs holding one agent’s notification connection fail; one holder passes', async () => {
      const clock = new ManualClock();
      const run = (tabs: object[]) => {
        const pending = checkRoster({
          channel: tabsChannel(tabs),
          clock,
          waitMs: 500,
          id: 'q',
          queryLocks: async () => ({ held: ['finesse-sso:xmpp:a|agent1'], pending: [] }),
        });
        void clock.advance(500);
        return pending;
      };
      let r = await run([tab('a', true), tab('b', true)]);
      expect([r.verdict, r.finding]).to.deep.equal(['fail', 'two-connections']);
      r = await run([tab('a', true), tab('b', false)]);
      expect([r.verdict, r.finding, r.facts.tabs, r.facts.notificationLocksHeld]).to.deep.equal([
        'pass',
        'ok',
        2,
        1,
      ]);
      r = await run([tab('a', true), tab('b', false, 'needs-sign-in')]);
      expect(r.finding).to.equal('needs-sign-in');
      r = await run([]);
      expect([r.verdict, r.finding]).to.deep.equal(['warn', 'no-tabs']);
    });

    it('a refusal in the history fails; transport failures warn', () => {
      const e = (kind: HistoryEntry['kind'], outcome: HistoryEntry['outcome'], code?: string) =>
        ({ at: 1, tab: 't', kind, outcome, ...(code ? { code } : {}) }) as HistoryEntry;
      expect(checkHistory([]).finding).to.equal('empty');
      expect(checkHistory(null).finding).to.equal('unreadable');
      expect(checkHistory([e('sign-in', 'ok'), e('refresh', 'ok')]).verdict).to.equal('pass');
      expect(
        checkHistory([e('sign-in', 'ok'), e('refresh', 'failed', 'network')]).finding,
      ).to.equal('transport');
      const r = checkHistory([
        e('refresh', 'failed', 'network'),
        e('refresh', 'failed', 'rotation-lost'),
        e('sign-in', 'ok'),
      ]);
      expect([r.verdict, r.finding, r.facts.lastRefusal, r.facts.failures]).to.deep.equal([
        'fail',
        'refused',
        'rotation-lost',
        2,
      ]);
    });
  });

  it('the bundle keeps results, tabs and history apart, and removes any secret left', () => {
    const history: HistoryEntry[] = [{ at: 1, tab: 't', kind: 'sign-in', outcome: 'ok' }];
    const results = [
      { ...checkHistory(history) },
      {
        id: 'sso-mode' as const,
        verdict: 'pass' as const,
        finding: 'sso',
        facts: { note: 'x at-secret-123456 y' },
      },
    ];
    const bundle = supportBundle(results, {
      config: { finesseUrl: FIN },
      now: Date.UTC(2026, 11, 6),
      page: { origin: FIN, userAgent: 'ua', language: 'en' },
    });
    expect(bundle.history).to.deep.equal(history);
    expect(bundle.results.every((r) => !('history' in r))).to.equal(true);
    expect(bundle.summary).to.deep.equal({ pass: 2, warn: 0, fail: 0 });
    const text = bundleJson(bundle, ['at-secret-123456']);
    expect(text).not.to.include('at-secret-123456');
    expect(text).to.include('[removed]');
  });
});
