import { expect, waitUntil } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import type { HistoryEntry, HistoryLog } from '../../src/core/session/history.ts';
import {
  HISTORY_LIMIT,
  indexedDbHistory,
  memoryHistory,
  readEntries,
} from '../../src/core/session/history.ts';
import {
  answerRoster,
  isRosterMessage,
  queryRoster,
  rosterChannelName,
} from '../../src/core/session/roster.ts';
import { malformedMessageCounts } from '../../src/core/kernel/malformed.ts';
import { systemClock } from '../../src/core/kernel/clock.ts';
import { closeAll, makeEnv, openTab } from './helpers/tabs.ts';
import type { Env } from './helpers/tabs.ts';

const S = 1000;

describe('refresh history (written by the session)', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  it('notes the sign-in and each refresh with tab, outcome, code and generation, never a token', async () => {
    const history = memoryHistory();
    const tokens: string[] = [];
    const mint = env.source.mint.bind(env.source);
    env.source.mint = () => {
      const answer = mint();
      tokens.push(answer.token, answer.refreshToken!);
      return answer;
    };
    const tab = await openTab(env, { history });
    await tab.session.signIn();
    await waitUntil(() => history.entries.length === 1, 'the sign-in is noted');
    await env.clock.advance(75 * S);
    await waitUntil(() => history.entries.length === 2, 'the refresh is noted');
    env.source.enqueue(() => Promise.reject(new FinesseError('refresh-rejected', 'refused')));
    await env.clock.advance(75 * S);
    await waitUntil(() => tab.session.state === 'needs-sign-in');
    await waitUntil(() => history.entries.length === 3, 'the refusal is noted');
    expect(history.entries.map(({ at: _at, ...e }) => e)).to.deep.equal([
      { tab: 'tab-1', kind: 'sign-in', outcome: 'ok', generation: 0, user: 'agent1' },
      { tab: 'tab-1', kind: 'refresh', outcome: 'ok', generation: 1, user: 'agent1' },
      {
        tab: 'tab-1',
        kind: 'refresh',
        outcome: 'failed',
        code: 'refresh-rejected',
        generation: 1,
        user: 'agent1',
      },
    ]);
    const text = JSON.stringify(history.entries);
    expect(tokens.length).to.be.greaterThan(2);
    for (const token of tokens) expect(text).not.to.include(token);
  });

  it('notes a failed sign-in with its code', async () => {
    const history = memoryHistory();
    const tab = await openTab(env, { history });
    env.source.signIn = () => Promise.reject(new FinesseError('popup-blocked', 'blocked'));
    await tab.session.signIn().catch(() => undefined);
    await waitUntil(() => history.entries.length === 1);
    expect(history.entries[0]).to.include({
      kind: 'sign-in',
      outcome: 'failed',
      code: 'popup-blocked',
    });
  });

  it('a history that cannot be written changes nothing for the session', async () => {
    let calls = 0;
    const broken: HistoryLog = {
      append: () => {
        calls++;
        if (calls % 2) throw new Error('sync failure');
        return Promise.reject(new DOMException('quota', 'QuotaExceededError'));
      },
      read: async () => [],
    };
    const tab = await openTab(env, { history: broken });
    await tab.session.signIn();
    expect(tab.session.state).to.equal('active');
    const before = tab.session.expiresAt!;
    await env.clock.advance(75 * S);
    await waitUntil(() => tab.session.expiresAt !== before && tab.session.state === 'active');
    expect(calls).to.equal(2, 'both writes were attempted');
    expect(tab.session.lastError).to.equal(null);
  });

  it(`keeps the last ${HISTORY_LIMIT} entries in IndexedDB, appends from two writers at once lose none`, async () => {
    const db = `finesse-sso-history-test-${Date.now()}`;
    const a = indexedDbHistory(env.cluster, db);
    const b = indexedDbHistory(env.cluster, db);
    const entry = (i: number): HistoryEntry => ({
      at: i,
      tab: i % 2 ? 'tab-a' : 'tab-b',
      kind: 'refresh',
      outcome: 'ok',
      generation: i,
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append(entry(i))));
    expect((await a.read()).map((e) => e.at).sort((x, y) => x - y)).to.deep.equal(
      Array.from({ length: 20 }, (_, i) => i),
    );
    for (let i = 20; i < 70; i++) await a.append(entry(i));
    const kept = await b.read();
    expect(kept).to.have.length(HISTORY_LIMIT);
    expect(kept[0]!.at).to.equal(20);
    expect(kept.at(-1)!.at).to.equal(69);
  });

  it('reads only well-formed entries and only their known fields', () => {
    const entries = readEntries([
      { at: 1, tab: 't', kind: 'refresh', outcome: 'ok', generation: 2, token: 'at-secret' },
      { at: 'x', tab: 't', kind: 'refresh', outcome: 'ok' },
      { at: 2, tab: 't', kind: 'logout', outcome: 'ok' },
      { at: 3, tab: 't', kind: 'sign-in', outcome: 'failed', code: 'at secret with spaces' },
      null,
    ]);
    expect(entries).to.deep.equal([
      { at: 1, tab: 't', kind: 'refresh', outcome: 'ok', generation: 2 },
      { at: 3, tab: 't', kind: 'sign-in', outcome: 'failed' },
    ]);
    expect(readEntries({ not: 'a list' })).to.deep.equal([]);
  });
});

describe('tab roster', () => {
  let env: Env;
  const channels: BroadcastChannel[] = [];
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => {
    closeAll(env);
    for (const c of channels.splice(0)) c.close();
  });
  const open = () => {
    const channel = new BroadcastChannel(rosterChannelName(env.cluster));
    channels.push(channel);
    return channel;
  };

  it('every session answers with its id, state and roles, and never a token', async () => {
    const first = await openTab(env, { rosterChannel: open() });
    await first.session.signIn();
    const second = await openTab(env, { rosterChannel: open() });
    expect(second.session.state).to.equal('active');
    const tabs = await queryRoster(open(), { clock: systemClock, waitMs: 300, id: 'q1' });
    expect(tabs.map((t) => [t.tab, t.state, t.user, t.mode, t.refreshing])).to.deep.equal([
      ['tab-1', 'active', 'agent1', 'popup', false],
      ['tab-2', 'active', 'agent1', 'popup', false],
    ]);
    expect(tabs[0]!.expiresAt).to.equal(first.session.expiresAt);
    expect(JSON.stringify(tabs)).not.to.match(/secret/);
  });

  it('a disposed session no longer answers', async () => {
    const tab = await openTab(env, { rosterChannel: open() });
    tab.session.dispose();
    const tabs = await queryRoster(open(), { clock: systemClock, waitMs: 200, id: 'q2' });
    expect(tabs).to.deep.equal([]);
  });

  it('malformed messages are ignored and counted; answers to other queries are not taken', async () => {
    const channel = open();
    const stop = answerRoster(channel, () => ({
      tab: 'tab-x',
      state: 'active',
      mode: 'popup',
      refreshing: false,
      notifications: true,
    }));
    const before = malformedMessageCounts().roster;
    const sender = open();
    const bad = [
      { type: 'roster-query' },
      { type: 'roster-query', id: '' },
      { type: 'roster-answer', id: 'q3', tab: { tab: 'y', state: 'bogus', mode: 'popup' } },
      'roster-query',
      null,
    ];
    for (const message of bad) sender.postMessage(message);
    await waitUntil(() => malformedMessageCounts().roster - before === bad.length);
    expect(isRosterMessage({ type: 'roster-query', id: 'ok' })).to.equal(true);
    const asker = open();
    const pending = queryRoster(asker, { clock: systemClock, waitMs: 300, id: 'q4' });
    // An answer to another query, and a malformed answer to ours, are both ignored.
    sender.postMessage({
      type: 'roster-answer',
      id: 'other',
      tab: { tab: 'z', state: 'active', mode: 'popup', refreshing: false, notifications: false },
    });
    sender.postMessage({ type: 'roster-answer', id: 'q4', tab: { tab: 'z', token: 'x' } });
    const tabs = await pending;
    expect(tabs.map((t) => t.tab)).to.deep.equal(['tab-x']);
    expect(tabs[0]!.notifications).to.equal(true);
    stop();
  });
});
