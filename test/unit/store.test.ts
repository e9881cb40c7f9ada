import { expect } from '@open-wc/testing';
import type { SessionRecord } from '../../src/core/session/record.ts';
import type { KeyValue } from '../../src/core/session/store.ts';
import {
  SessionStore,
  indexedDbKeyValue,
  memoryKeyValue,
  openSessionStore,
} from '../../src/core/session/store.ts';

let db = 0;
const freshDb = () => `finesse-sso-test-store-${Date.now()}-${++db}`;

const record = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
  v: 1,
  key: 'https://fin.test|agent1',
  cluster: 'https://fin.test',
  userId: 'agent1',
  realm: 'lab',
  userPrincipal: 'agent1@lab',
  sessionId: 's1',
  generation: 0,
  token: 'at-1',
  refreshToken: 'rt-1',
  issuedAt: 0,
  refreshAt: 75,
  expiresAt: 100,
  storedBy: 'tab-a',
  ...overrides,
});

describe('SessionStore (IndexedDB)', () => {
  it('shares one record between two store instances (two tabs) of the same database', async () => {
    const name = freshDb();
    const tabA = new SessionStore(indexedDbKeyValue(name), 'indexeddb');
    const tabB = new SessionStore(indexedDbKeyValue(name), 'indexeddb');
    await tabA.put(record());
    expect((await tabB.get('https://fin.test|agent1'))?.token).to.equal('at-1');
  });

  it('compare-and-set writes only when sessionId and generation still match', async () => {
    const store = new SessionStore(indexedDbKeyValue(freshDb()), 'indexeddb');
    await store.put(record());
    const first = await store.compareAndSet(
      record().key,
      { sessionId: 's1', generation: 0 },
      (r) => ({
        ...r,
        token: 'at-2',
        generation: 1,
      }),
    );
    expect(first?.generation).to.equal(1);
    // A second refresher that read generation 0 loses and writes nothing.
    const second = await store.compareAndSet(
      record().key,
      { sessionId: 's1', generation: 0 },
      (r) => ({
        ...r,
        token: 'at-loser',
        generation: 1,
      }),
    );
    expect(second).to.equal(null);
    expect((await store.get(record().key))?.token).to.equal('at-2');
    // A new sign-in (another sessionId) also defeats an old expectation.
    await store.put(record({ sessionId: 's2', token: 'at-new' }));
    expect(
      await store.compareAndSet(record().key, { sessionId: 's1', generation: 1 }, (r) => r),
    ).to.equal(null);
  });

  it('a sign-out tombstone drops the pair and stops any later compare-and-set', async () => {
    const store = new SessionStore(indexedDbKeyValue(freshDb()), 'indexeddb');
    await store.put(record());
    expect(await store.tombstone(record().key, 's1', 50, 'tab-b')).to.equal(true);
    const tomb = await store.get(record().key);
    expect(tomb?.token).to.equal(undefined);
    expect(tomb?.refreshToken).to.equal(undefined);
    expect(tomb?.signedOut).to.deep.equal({ at: 50, by: 'tab-b' });
    const late = await store.compareAndSet(
      record().key,
      { sessionId: 's1', generation: 0 },
      (r) => ({
        ...r,
        token: 'at-zombie',
      }),
    );
    expect(late).to.equal(null);
    expect((await store.get(record().key))?.token).to.equal(undefined);
  });
});

describe('openSessionStore', () => {
  it('uses IndexedDB when the probe works', async () => {
    const { store, degraded } = await openSessionStore({ kv: indexedDbKeyValue(freshDb()) });
    expect(store.kind).to.equal('indexeddb');
    expect(degraded).to.equal(undefined);
  });

  it('falls back to memory, with a reason, when IndexedDB fails', async () => {
    const broken: KeyValue = {
      ...memoryKeyValue(),
      get: async () => {
        throw new DOMException(
          'The user denied permission to access the database.',
          'InvalidStateError',
        );
      },
    };
    const { store, degraded } = await openSessionStore({ kv: broken });
    expect(store.kind).to.equal('memory');
    expect(degraded).to.include('denied');
    await store.put(record());
    expect((await store.get(record().key))?.token).to.equal('at-1');
  });

  it('falls back to memory when IndexedDB never answers', async () => {
    const hanging: KeyValue = { ...memoryKeyValue(), get: () => new Promise(() => {}) };
    const { store, degraded } = await openSessionStore({ kv: hanging, timeoutMs: 20 });
    expect(store.kind).to.equal('memory');
    expect(degraded).to.include('did not answer');
  });
});
