import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/doctor/finesse-sso-doctor.ts';
import type {
  FinesseSsoDoctor,
  DoctorEnvFactory,
} from '../../src/elements/doctor/doctor.component.ts';
import { doctorEn } from '../../src/elements/doctor/strings-en.ts';
import { doctorJa } from '../../src/elements/doctor/strings-ja.ts';
import { doctorKo } from '../../src/elements/doctor/strings-ko.ts';
import { systemClock } from '../../src/core/kernel/clock.ts';
import type { ChannelLike } from '../../src/core/kernel/tab-channel.ts';
import type { HistoryEntry } from '../../src/core/session/history.ts';
import { axeViolations } from './helpers/axe.ts';

const NOW = Date.now();

const HISTORY: HistoryEntry[] = [
  {
    at: NOW - 600_000,
    tab: 'tab-aaaaaaaa',
    kind: 'sign-in',
    outcome: 'ok',
    generation: 0,
    user: 'agent1',
  },
  {
    at: NOW - 300_000,
    tab: 'tab-aaaaaaaa',
    kind: 'refresh',
    outcome: 'ok',
    generation: 1,
    user: 'agent1',
  },
  {
    at: NOW - 60_000,
    tab: 'tab-bbbbbbbb',
    kind: 'refresh',
    outcome: 'failed',
    code: 'refresh-rejected',
    generation: 1,
    user: 'agent1',
  },
];

/** A channel where two tabs answer the roster query at once. */
function twoTabs(): ChannelLike {
  const listeners = new Set<(event: MessageEvent) => void>();
  const tabs = [
    {
      tab: 'tab-aaaaaaaa',
      state: 'active',
      mode: 'popup',
      user: 'agent1',
      refreshing: false,
      notifications: true,
    },
    {
      tab: 'tab-bbbbbbbb',
      state: 'active',
      mode: 'popup',
      user: 'agent1',
      refreshing: false,
      notifications: false,
    },
  ];
  return {
    postMessage(message: { id: string }) {
      queueMicrotask(() => {
        for (const tab of tabs) {
          const event = new MessageEvent('message', {
            data: { type: 'roster-answer', id: message.id, tab },
          });
          for (const l of listeners) l(event);
        }
      });
    },
    addEventListener: (_type: 'message', l: (event: MessageEvent) => void) => listeners.add(l),
    removeEventListener: (_type: 'message', l: (event: MessageEvent) => void) =>
      listeners.delete(l),
    close() {},
  } as ChannelLike;
}

/**
 * Finesse as seen from the test page: its own origin, a Date 10 minutes ahead, SSO. The page's
 * clock stands still at NOW, so the measured skew does not depend on how long the request
 * took (a busy machine made it 599 s).
 */
const fakeEnv: DoctorEnvFactory = (_config, extra) => ({
  pageUrl: location.href,
  pageOrigin: location.origin,
  net: {
    clock: { ...systemClock, now: () => NOW },
    timeoutMs: 2_000,
    fetch: (async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.includes('UserAuthMode')) {
        return new Response('<UserAuthMode><authMode>SSO</authMode></UserAuthMode>');
      }
      if (url.endsWith('allowed-origins.json')) return new Response('{ "origins": [] }');
      return new Response('', { headers: { Date: new Date(NOW + 600_000).toUTCString() } });
    }) as typeof fetch,
  },
  browser: {
    secureContext: true,
    probeIndexedDb: async () => undefined,
    persisted: async () => false,
    locks: true,
    broadcastChannel: true,
  },
  readPair: async () => ({
    source: 'record',
    user: 'agent1',
    issuedAt: NOW,
    refreshAt: NOW + 225_000,
    expiresAt: NOW + 300_000,
    generation: 1,
  }),
  readHistory: async () => HISTORY,
  openRosterChannel: twoTabs,
  queryLocks: async () => ({ held: ['finesse-sso:xmpp:x|agent1'], pending: [] }),
  rosterWaitMs: 30,
  randomId: () => 'q1',
  gadgetDriftMs: null,
  popupTest: extra.popupTest,
  framedBy: null,
});

async function doctor(lang = 'en'): Promise<FinesseSsoDoctor> {
  const el = await fixture<FinesseSsoDoctor>(
    html`<finesse-sso-doctor
      lang=${lang}
      no-autorun
      finesse-url=${location.origin}
      .envFactory=${fakeEnv}
    ></finesse-sso-doctor>`,
  );
  const done = oneEvent(el, 'finesse-doctor-complete');
  void el.run();
  await done;
  await el.updateComplete;
  return el;
}

const shadow = (el: Element) => el.shadowRoot!;

describe('<finesse-sso-doctor>', () => {
  it('shows every check with its verdict, meaning and what to do; fires finesse-doctor-complete', async () => {
    const el = await fixture<FinesseSsoDoctor>(
      html`<finesse-sso-doctor
        no-autorun
        finesse-url=${location.origin}
        .envFactory=${fakeEnv}
      ></finesse-sso-doctor>`,
    );
    const done = oneEvent(el, 'finesse-doctor-complete');
    void el.run();
    const event = await done;
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    const verdicts = Object.fromEntries(
      [...shadow(el).querySelectorAll('[data-check]')].map((li) => [
        `${li.getAttribute('data-check')}`,
        li.getAttribute('data-verdict'),
      ]),
    );
    expect(verdicts).to.include({
      'sso-mode': 'pass',
      'token-lifetimes': 'pass',
      'clock-skew': 'fail',
      'tab-roster': 'pass',
      'refresh-history': 'fail',
      popups: 'warn',
    });
    expect(event.detail.summary.fail).to.equal(2);
    const skew = shadow(el).querySelector('[data-check="clock-skew"]')!;
    expect(skew.querySelector('[part~="verdict"]')!.textContent).to.include('Fail');
    expect(skew.querySelector('[part~="meaning"]')!.textContent).to.match(/60\d s off/);
    expect(skew.querySelector('[part~="action"]')!.textContent).to.include('NTP');
    expect(shadow(el).querySelectorAll('[part~="roster"] tbody tr')).to.have.length(2);
    const rows = shadow(el).querySelectorAll('[part~="history"] tbody tr');
    expect(rows).to.have.length(3);
    // Newest first: the refusal heads the table.
    expect(rows[0]!.getAttribute('data-outcome')).to.equal('failed');
    expect(rows[0]!.textContent).to.include('refresh-rejected');
    expect(shadow(el).querySelector('[part~="summary"]')!.getAttribute('role')).to.equal('status');
  });

  it('passes axe (WCAG 2.2 A/AA, contrast included) with results of every verdict', async () => {
    const el = await doctor();
    expect(await axeViolations(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('speaks Japanese and Korean', async () => {
    const ja = await doctor('ja');
    expect(shadow(ja).querySelector('h2')!.textContent).to.equal('Finesse SSO 診断');
    expect(
      shadow(ja).querySelector('[data-check="clock-skew"] [part~="verdict"]')!.textContent,
    ).to.include('不合格');
    expect(
      shadow(ja).querySelector('[data-check="clock-skew"] [part~="meaning"]')!.textContent,
    ).to.include('ずれています');
    const ko = await doctor('ko');
    expect(shadow(ko).querySelector('h2')!.textContent).to.equal('Finesse SSO 진단');
    expect(
      shadow(ko).querySelector('[data-check="refresh-history"] [part~="meaning"]')!.textContent,
    ).to.include('거부');
    // Switching the language re-renders.
    ko.setAttribute('lang', 'en');
    await waitUntil(() => shadow(ko).querySelector('h2')!.textContent === 'Finesse SSO doctor');
  });

  it('every finding is explained in en, ja and ko', () => {
    const keys = Object.keys(doctorEn.findings).sort();
    expect(Object.keys(doctorJa.findings).sort()).to.deep.equal(keys);
    expect(Object.keys(doctorKo.findings).sort()).to.deep.equal(keys);
    const f = { time: String, ms: String, text: String };
    for (const strings of [doctorEn, doctorJa, doctorKo]) {
      for (const key of keys) expect(strings.findings[key]!({}, f).meaning, key).to.not.equal('');
    }
  });

  it('one click saves the bundle as a JSON download with results, tabs and history', async () => {
    const el = await doctor();
    const saved = oneEvent(el, 'finesse-doctor-bundle');
    shadow(el).querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    const event = await saved;
    const link = shadow(el).querySelector<HTMLAnchorElement>('[part~="bundle-link"]')!;
    expect(link.download).to.equal(event.detail.fileName);
    expect(link.href).to.match(/^blob:/);
    const bundle = await (await fetch(link.href)).json();
    expect(bundle.kind).to.equal('finesse-sso-doctor');
    expect(bundle.tabs).to.have.length(2);
    expect(bundle.history).to.deep.equal(HISTORY);
    expect(bundle.results.find((r: { id: string }) => r.id === 'clock-skew').verdict).to.equal(
      'fail',
    );
    expect(event.detail.bytes).to.be.greaterThan(100);
  });
});
