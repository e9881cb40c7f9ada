import { expect, waitUntil } from '@open-wc/testing';
import type { FinesseError } from '../../src/core/kernel/errors.ts';
import type { AuthorizationResult } from '../../src/core/oauth/authorization.ts';
import {
  ACK_TYPE,
  CALLBACK_TYPE,
  stateChannelName,
} from '../../src/core/oauth/callback-protocol.ts';
import type { OrphanListenerOptions } from '../../src/core/oauth/orphan-callbacks.ts';
import { listenForOrphanCallbacks } from '../../src/core/oauth/orphan-callbacks.ts';
import { PendingStore } from '../../src/core/oauth/pending-store.ts';
import { randomUrlSafe } from '../../src/core/oauth/pkce.ts';
import {
  announcePending,
  defaultChannel,
  pendingLockName,
} from '../../src/core/oauth/browser-deps.ts';
import { memoryKeyValue } from '../../src/core/session/store.ts';
import { malformedMessageCounts } from '../../src/core/kernel/malformed.ts';
import { deferred } from './helpers/deferred.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const ORIGIN = location.origin;
const SECRETS = { code_verifier: 'v', nonce: 'n', issuer: 'https://idp.test', client_id: 'desk' };

const message = (state: string, params: Record<string, string>) => ({
  type: CALLBACK_TYPE,
  state,
  params: new URLSearchParams({ state, ...params }).toString(),
});

/** The callback page posting on the state's channel (its opener is gone). */
function broadcast(state: string, params: Record<string, string>) {
  const channel = new BroadcastChannel(stateChannelName(state));
  const acks: unknown[] = [];
  channel.onmessage = (event) => acks.push(event.data);
  const send = () => channel.postMessage(message(state, params));
  send();
  return { acks, resend: send, close: () => channel.close() };
}

describe('listenForOrphanCallbacks', () => {
  let clock: ManualClock;
  let pending: PendingStore;
  let state: string;
  const stops: Array<() => void> = [];

  function listen(overrides: Partial<OrphanListenerOptions> = {}) {
    const results: Array<{ value?: AuthorizationResult; error?: FinesseError }> = [];
    const messages = new EventTarget();
    const self = {};
    const stop = listenForOrphanCallbacks(
      { clock, pending, messages, origin: ORIGIN, self, ...overrides },
      (result) =>
        void result.then(
          (value) => results.push({ value }),
          (error: FinesseError) => results.push({ error }),
        ),
    );
    stops.push(stop);
    return { results, messages, self, stop };
  }

  beforeEach(async () => {
    clock = new ManualClock();
    pending = new PendingStore(memoryKeyValue());
    state = randomUrlSafe(32);
    await pending.add(
      { state, secrets: SECRETS, redirectUri: `${ORIGIN}/cb`, createdAt: clock.now() },
      clock.now(),
    );
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('finishes a pending sign-in whose starting tab is gone, once, and tells the callback to close', async () => {
    const { results } = listen();
    await flush();
    const callback = broadcast(state, { code: 'c-1' });
    await waitUntil(() => results.length === 1, 'picked up');
    expect(results[0]!.value!.params.get('code')).to.equal('c-1');
    expect(results[0]!.value!.secrets).to.deep.equal(SECRETS);
    expect(await pending.peek(state, clock.now())).to.equal(undefined);
    await waitUntil(() => callback.acks.length > 0, 'acknowledged');
    expect(callback.acks[0]).to.deep.equal({ type: ACK_TYPE, state });
    callback.close();
  });

  it('leaves the callback to a live starter (which holds the state lock)', async () => {
    const held = deferred<void>();
    const granted = deferred<void>();
    void navigator.locks.request(pendingLockName(state), () => {
      granted.resolve();
      return held.promise;
    });
    await granted.promise;
    const { results } = listen();
    await flush();
    const callback = broadcast(state, { code: 'c-1' });
    await flush(10);
    expect(results).to.have.length(0);
    expect(await pending.peek(state, clock.now()), 'entry left for the starter').to.not.equal(
      undefined,
    );
    held.resolve();
    callback.close();
  });

  it('ignores and counts malformed messages on the state and pending channels', async () => {
    const { results } = listen();
    await flush();
    const before = malformedMessageCounts().oauth;
    const onState = new BroadcastChannel(stateChannelName(state));
    const notes = new BroadcastChannel('finesse-sso-oauth');
    const good = message(state, { code: 'c-1' });
    const bad = [
      { ...good, params: undefined }, // missing field
      { ...good, params: 42 }, // wrong type
      { ...good, state: 'short' }, // not a state
      { ...good, params: 'x'.repeat(70_000) }, // too large
      { type: 'finesse-sso-oauth-token', state, token: 'x' }, // unknown type
      { type: ACK_TYPE, state: Number.NaN },
      null,
    ];
    for (const data of bad) onState.postMessage(data);
    for (const data of [{ type: 'finesse-sso-oauth-pending!' }, null, 'pending']) {
      notes.postMessage(data);
    }
    await waitUntil(() => malformedMessageCounts().oauth - before === bad.length + 3);
    expect(results).to.have.length(0);
    expect(await pending.peek(state, clock.now()), 'entry untouched').to.not.equal(undefined);
    // Someone else's acknowledgement is no news, not malformed; a good callback still works.
    onState.postMessage({ type: ACK_TYPE, state });
    onState.postMessage(good);
    await waitUntil(() => results.length === 1, 'picked up');
    expect(malformedMessageCounts().oauth - before).to.equal(bad.length + 3);
    onState.close();
    notes.close();
  });

  it("leaves another provider's sign-in alone", async () => {
    const { results } = listen({ accept: (secrets) => secrets.issuer === 'https://other.test' });
    await flush();
    const callback = broadcast(state, { code: 'c-1' });
    await flush(10);
    expect(results).to.have.length(0);
    expect(await pending.peek(state, clock.now())).to.not.equal(undefined);
    callback.close();
  });

  it('joins sign-ins announced after it started', async () => {
    const { results } = listen();
    await flush();
    const later = randomUrlSafe(32);
    await pending.add(
      { state: later, secrets: SECRETS, redirectUri: `${ORIGIN}/cb`, createdAt: clock.now() },
      clock.now(),
    );
    announcePending(defaultChannel);
    await flush(5);
    const callback = broadcast(later, { code: 'c-later' });
    // Like the real callback page, resend until picked up: Firefox may deliver the channel's
    // announcement a few turns later than Chromium, after the first copy went unheard.
    await waitUntil(
      () => {
        if (results.length === 0) callback.resend();
        return results.length > 0;
      },
      'the later callback',
      { timeout: 5_000, interval: 100 },
    );
    await flush(5);
    expect(results).to.have.length(1, 'one sign-in however many copies');
    expect(results[0]!.value!.params.get('code')).to.equal('c-later');
    callback.close();
  });

  it('takes a postMessage to the reloaded opener only from a window this window opened', async () => {
    const { results, messages, self } = listen();
    const stranger = { opener: {}, closed: false, close() {} };
    const ours = {
      opener: self,
      closed: false,
      close() {
        this.closed = true;
      },
    };
    const post = (source: unknown, from = ORIGIN) =>
      messages.dispatchEvent(
        Object.assign(new Event('message'), {
          origin: from,
          source,
          data: message(state, { code: source === ours ? 'ours' : 'stranger' }),
        }),
      );
    post(stranger);
    post(ours, 'https://evil.test');
    await flush(10);
    expect(results).to.have.length(0);
    post(ours);
    await waitUntil(() => results.length === 1);
    expect(results[0]!.value!.params.get('code')).to.equal('ours');
    expect(ours.closed, 'the listener closed the popup').to.equal(true);
  });

  it('reports error= as authorization-failed', async () => {
    const { results } = listen();
    await flush();
    const callback = broadcast(state, { error: 'login_required' });
    await waitUntil(() => results.length === 1);
    expect(results[0]!.error!.code).to.equal('authorization-failed');
    expect(results[0]!.error!.details.errorType).to.equal('login_required');
    callback.close();
  });

  it('of two tabs listening, exactly one finishes the sign-in', async () => {
    const first = listen();
    const second = listen();
    await flush();
    const callback = broadcast(state, { code: 'c-1' });
    await waitUntil(() => first.results.length + second.results.length === 1);
    await flush(10);
    expect(first.results.length + second.results.length).to.equal(1);
    callback.close();
  });

  it('hears nothing once stopped, and ignores expired entries', async () => {
    const { results, stop } = listen();
    await flush();
    stop();
    const callback = broadcast(state, { code: 'c-1' });
    await flush(10);
    expect(results).to.have.length(0);
    callback.close();
    clock.jump(11 * 60_000);
    const afterExpiry = listen();
    await flush();
    const late = broadcast(state, { code: 'c-1' });
    await flush(10);
    expect(afterExpiry.results).to.have.length(0);
    late.close();
  });
});
