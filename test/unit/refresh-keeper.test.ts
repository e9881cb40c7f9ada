import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { runKeeperJob } from '../../src/core/keeper/keeper-job.ts';
import { RefreshKeeper, ackWait } from '../../src/core/keeper/keeper-client.ts';
import type { KeeperJob } from '../../src/core/keeper/keeper-protocol.ts';
import { isKeeperJob } from '../../src/core/keeper/keeper-protocol.ts';
import { keeperSource, versioned } from '../../src/core/keeper/keeper-url.ts';
import { LIBRARY_VERSION } from '../../src/core/kernel/version.ts';
import { newSessionRecord } from '../../src/core/session/record.ts';
import type { SessionRecord } from '../../src/core/session/record.ts';
import type { RefreshDeps } from '../../src/core/session/refresh-outcome.ts';
import { SessionStore, memoryKeyValue } from '../../src/core/session/store.ts';
import { DEFAULT_TIMING } from '../../src/core/session/timing.ts';
import type { TokenSource } from '../../src/core/session/token-source.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const CLUSTER = 'https://fin1.example.test:8445';

function signedIn(clock: ManualClock): SessionRecord {
  return newSessionRecord(
    {
      token: 'access-1',
      refreshToken: 'refresh-1',
      expiresIn: 300,
      userId: 'agent1',
      realm: '',
      userPrincipal: '',
    },
    {
      cluster: CLUSTER,
      sessionId: 's1',
      now: clock.now(),
      ratio: 0.75,
      tabId: 'tab-a',
      canRefresh: true,
    },
  );
}

const answer = (token: string, refresh: string) =>
  new Response(
    JSON.stringify({ token, refresh_token: refresh, expires_in: 300, user_id: 'agent1' }),
    {
      headers: { 'Content-Type': 'application/json' },
    },
  );

function job(record: SessionRecord, overrides: Partial<KeeperJob> = {}): KeeperJob {
  return {
    type: 'finesse-sso:refresh',
    tabId: 'tab-a',
    channel: 'finesse-sso:test',
    ratio: 0.75,
    refreshLifetimeMs: 36_000_000,
    timing: DEFAULT_TIMING,
    recipe: { kind: 'finesse', origin: CLUSTER, method: 'post' },
    request: { known: record },
    ...overrides,
  };
}

/** A channel that records what it was told. */
function recordingChannel() {
  const sent: unknown[] = [];
  let closed = false;
  return {
    sent,
    get closed() {
      return closed;
    },
    channel: {
      postMessage: (message: unknown) => sent.push(message),
      addEventListener() {},
      removeEventListener() {},
      close: () => {
        closed = true;
      },
    },
  };
}

describe('refresh keeper: the job', () => {
  it('refreshes under the lock, commits the new pair and tells the other tabs', async () => {
    const clock = new ManualClock();
    const store = new SessionStore(memoryKeyValue(), 'indexeddb');
    const record = signedIn(clock);
    await store.put(record);
    clock.jump(240_000); // past 75 %
    const requests: Request[] = [];
    const told = recordingChannel();
    const reply = await runKeeperJob(job(record), {
      store,
      locks: navigator.locks,
      clock,
      fetch: async (input) => {
        requests.push(input as Request);
        return answer('access-2', 'refresh-2');
      },
      openChannel: () => told.channel,
    });
    expect(reply.ok).to.equal(true);
    expect(reply.ok && reply.outcome.kind).to.equal('refreshed');
    const stored = await store.get(record.key);
    expect(stored?.generation).to.equal(1);
    expect(stored?.token).to.equal('access-2');
    expect(stored?.refreshToken).to.equal('refresh-2');
    expect(requests).to.have.length(1);
    expect(new URL(requests[0]!.url).pathname).to.equal('/desktop/sso/token');
    expect(told.sent).to.deep.equal([
      { type: 'record-changed', key: record.key, from: 'tab-a', why: 'refreshed' },
    ]);
    expect(told.closed).to.equal(true);
    // The broadcast never carries a token.
    expect(JSON.stringify(told.sent)).not.to.contain('access-2');
  });

  it('sends nothing when another tab already refreshed (the record moved)', async () => {
    const clock = new ManualClock();
    const store = new SessionStore(memoryKeyValue(), 'indexeddb');
    const record = signedIn(clock);
    await store.put({ ...record, generation: 1 });
    clock.jump(240_000);
    let calls = 0;
    const told = recordingChannel();
    const reply = await runKeeperJob(job(record), {
      store,
      locks: navigator.locks,
      clock,
      fetch: async () => {
        calls++;
        return answer('x', 'y');
      },
      openChannel: () => told.channel,
    });
    expect(reply.ok && reply.outcome.kind).to.equal('adopted');
    expect(calls).to.equal(0);
    expect(told.sent).to.deep.equal([]);
  });

  it('returns a refusal as a code and message, never an Error object', async () => {
    const clock = new ManualClock();
    const store = new SessionStore(memoryKeyValue(), 'indexeddb');
    const record = signedIn(clock);
    await store.put(record);
    clock.jump(240_000);
    const reply = await runKeeperJob(job(record), {
      store,
      locks: navigator.locks,
      clock,
      fetch: async () =>
        new Response('{"error":"Invalid Token","error_description":"Invalid Token"}', {
          status: 401,
        }),
      openChannel: () => undefined,
    });
    expect(reply.ok).to.equal(true);
    expect(reply.ok && 'error' in reply && reply.error.code).to.equal('refresh-rejected');
    // Structured-cloneable: what crosses the MessagePort.
    expect(() => structuredClone(reply)).not.to.throw();
  });

  it('accepts only jobs of the expected shape', () => {
    const clock = new ManualClock();
    const good = job(signedIn(clock));
    expect(isKeeperJob(good)).to.equal(true);
    expect(isKeeperJob({ ...good, type: 'other' })).to.equal(false);
    expect(isKeeperJob({ ...good, ratio: 2 })).to.equal(false);
    expect(
      isKeeperJob({ ...good, recipe: { kind: 'relay', origin: CLUSTER, method: 'post' } }),
    ).to.equal(false);
    expect(isKeeperJob({ ...good, request: {} })).to.equal(false);
    expect(isKeeperJob(null)).to.equal(false);
  });
});

describe('refresh keeper: the page side', () => {
  it('names the library version in the keeper URL, so a new release replaces the old keeper', () => {
    const built = versioned(new URL('https://fin1.example.test:8445/files/finesse-sso-keeper.js'));
    expect(built.searchParams.get('v')).to.equal(LIBRARY_VERSION);
    // From source (a dev server, these tests) the module itself, unversioned.
    const source = keeperSource();
    expect(source?.url.pathname).to.match(/\/keeper-worker\.ts$/);
    expect(source?.url.search).to.equal('');
    expect(source?.type).to.equal('module');
    // An explicit URL is the host's own choice and stays as given.
    expect(keeperSource('/keeper.js?build=7')?.url.search).to.equal('?build=7');
  });

  const clock = new ManualClock();
  const record = signedIn(clock);
  const source: TokenSource = {
    kind: 'test',
    canRefresh: true,
    signIn: () => Promise.reject(new Error('unused')),
    refresh: () => Promise.reject(new FinesseError('network', 'in-page refresh')),
    refreshRecipe: () => ({ kind: 'finesse', origin: CLUSTER, method: 'post' }),
  };
  const deps = (store: SessionStore): RefreshDeps => ({
    store,
    locks: navigator.locks,
    clock,
    source,
    tabId: 'tab-a',
    ratio: 0.75,
    refreshLifetimeMs: 36_000_000,
    timing: DEFAULT_TIMING,
  });

  it('runs the protocol in the page where there are no service workers', async () => {
    const store = new SessionStore(memoryKeyValue(), 'indexeddb');
    await store.put(record);
    const keeper = new RefreshKeeper({ channel: 'c' });
    const outcome = await keeper.run(deps(store), { known: record, rejectedToken: record.token });
    expect(outcome.kind).to.equal('failed'); // the in-page source was used
    expect(outcome.told).to.equal(undefined);
  });

  it('runs in the page when the registration is refused (CSP, private window)', async () => {
    const store = new SessionStore(memoryKeyValue(), 'indexeddb');
    await store.put(record);
    const keeper = new RefreshKeeper({
      channel: 'c',
      container: { register: () => Promise.reject(new DOMException('refused', 'SecurityError')) },
      url: '/nowhere/finesse-sso-keeper.js',
    });
    const outcome = await keeper.run(deps(store), { known: record, rejectedToken: record.token });
    expect(outcome.kind).to.equal('failed');
  });

  it('hands the job to an active keeper and takes its answer (already told to the tabs)', async () => {
    const store = new SessionStore(memoryKeyValue(), 'indexeddb');
    await store.put(record);
    const posted: unknown[] = [];
    const worker = {
      postMessage(message: unknown, transfer: MessagePort[]) {
        posted.push(message);
        transfer[0]!.postMessage({ type: 'ack' });
        transfer[0]!.postMessage({
          ok: true,
          outcome: { kind: 'failed', record },
          error: { code: 'refresh-rejected', message: 'refused' },
        });
      },
    } as unknown as ServiceWorker;
    const registration = { active: worker } as unknown as ServiceWorkerRegistration;
    let scope = '';
    const keeper = new RefreshKeeper({
      channel: 'finesse-sso:c',
      container: {
        register: (_url, options) => {
          scope = String(options?.scope);
          return Promise.resolve(registration);
        },
      },
      url: `${location.origin}/files/finesse-sso-keeper.js`,
    });
    const outcome = await keeper.run(deps(store), { known: record });
    expect(posted).to.have.length(1);
    expect(isKeeperJob(posted[0])).to.equal(true);
    expect(scope).to.equal(`${location.origin}/files/finesse-sso-keeper/`);
    expect(outcome.told).to.equal(true);
    expect(outcome.kind).to.equal('failed');
    expect(outcome.told).to.equal(true);
    expect(outcome.kind === 'failed' && outcome.error).to.be.instanceOf(FinesseError);
    expect(outcome.kind === 'failed' && outcome.error.code).to.equal('refresh-rejected');
  });

  it('refreshes in the page at once when the keeper does not acknowledge the job (an old or dead keeper)', async () => {
    const store = new SessionStore(memoryKeyValue(), 'indexeddb');
    await store.put(record);
    const silent = { postMessage() {} } as unknown as ServiceWorker;
    const keeper = new RefreshKeeper({
      channel: 'c',
      ackTimeoutMs: 50,
      container: {
        register: () => Promise.resolve({ active: silent } as unknown as ServiceWorkerRegistration),
      },
      url: `${location.origin}/files/finesse-sso-keeper.js`,
    });
    const running = keeper.run(deps(store), { known: record, rejectedToken: record.token });
    await flush();
    await clock.advance(50);
    const outcome = await running;
    expect(outcome.kind).to.equal('failed'); // the in-page source answered
    expect(outcome.told).to.equal(undefined);
  });

  it('waits for a slow keeper while the pair can afford it, instead of refreshing in the page', async () => {
    // A keeper that was stopped takes seconds to start on a loaded PC. Refreshing from the page
    // after 3 s reopened the hole the keeper closes: a reload cut that refresh off after the
    // server had rotated the pair (seen by the benchmark at load 10-20 as rotation-lost).
    const store = new SessionStore(memoryKeyValue(), 'indexeddb');
    await store.put(record);
    let port: MessagePort | undefined;
    const slow = {
      postMessage(_message: unknown, transfer: MessagePort[]) {
        port = transfer[0];
      },
    } as unknown as ServiceWorker;
    const keeper = new RefreshKeeper({
      channel: 'c',
      container: {
        register: () => Promise.resolve({ active: slow } as unknown as ServiceWorkerRegistration),
      },
      url: `${location.origin}/files/finesse-sso-keeper.js`,
    });
    let settled = false;
    const running = keeper.run(deps(store), { known: record }).finally(() => (settled = true));
    await flush();
    await clock.advance(10_000); // 300 s left on the token: the page waits up to 30 s
    await flush();
    expect(settled, 'gave up on the keeper after 10 s').to.equal(false);
    port!.postMessage({ type: 'ack' });
    port!.postMessage({ ok: true, outcome: { kind: 'adopted', record } });
    const outcome = await running;
    expect(outcome.told).to.equal(true);
    expect(outcome.kind).to.equal('adopted');
  });

  it('derives the wait for a keeper from the time the token has left', () => {
    expect(ackWait(300_000)).to.equal(30_000);
    expect(ackWait(60_000)).to.equal(15_000);
    expect(ackWait(8_000)).to.equal(3_000);
    expect(ackWait(-5_000)).to.equal(3_000);
  });

  it('never hands the memory store to the keeper (it could not see it)', async () => {
    const store = new SessionStore(memoryKeyValue(), 'memory');
    await store.put(record);
    let registered = 0;
    const keeper = new RefreshKeeper({
      channel: 'c',
      container: {
        register: () => {
          registered++;
          return Promise.reject(new Error('unused'));
        },
      },
    });
    const outcome = await keeper.run(deps(store), { known: record, rejectedToken: record.token });
    expect(outcome.kind).to.equal('failed');
    expect(registered).to.equal(0);
  });
});
