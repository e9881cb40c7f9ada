import { expect, waitUntil } from '@open-wc/testing';
import type { FinesseError } from '../../src/core/kernel/errors.ts';
import type { AuthorizationRequest } from '../../src/core/oauth/authorization.ts';
import {
  ACK_TYPE,
  CALLBACK_TYPE,
  stateChannelName,
} from '../../src/core/oauth/callback-protocol.ts';
import { malformedMessageCounts } from '../../src/core/kernel/malformed.ts';
import { PendingStore } from '../../src/core/oauth/pending-store.ts';
import type { PopupAuthorizeOptions } from '../../src/core/oauth/popup-authorization.ts';
import { createPopupAuthorize } from '../../src/core/oauth/popup-authorization.ts';
import { memoryKeyValue } from '../../src/core/session/store.ts';
import { deferred } from './helpers/deferred.ts';
import { AUTHORIZE_ENDPOINT, REDIRECT_URI } from './helpers/fake-idp.ts';
import { ManualClock } from './helpers/manual-clock.ts';

const ORIGIN = location.origin;

/** The popup's WindowProxy as the opener sees it. */
class FakePopup {
  closed = false;
  readonly navigatedTo: string[] = [];
  readonly location = { replace: (url: string) => void this.navigatedTo.push(url) };
  close() {
    this.closed = true;
  }
  get state(): string {
    return new URL(this.navigatedTo[0]!).searchParams.get('state')!;
  }
}

const request = (overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  authorizeUrl: AUTHORIZE_ENDPOINT,
  params: { client_id: 'desk', response_type: 'code', code_challenge: 'abc' },
  redirectUri: REDIRECT_URI,
  responseMode: 'query',
  secrets: { code_verifier: 'the-verifier', nonce: 'n-1' },
  ...overrides,
});

function setup(overrides: Partial<PopupAuthorizeOptions> = {}) {
  const clock = new ManualClock();
  const popup = new FakePopup();
  const messages = new EventTarget();
  const pending = new PendingStore(memoryKeyValue());
  const opened: Array<{ url: string; target: string }> = [];
  const authorize = createPopupAuthorize({
    clock,
    messages,
    pending,
    origin: ORIGIN,
    open: (url, target) => {
      opened.push({ url, target });
      return popup as unknown as WindowProxy;
    },
    ...overrides,
  });
  /** What the callback page posts to its opener. */
  const post = (params: Record<string, string>, from: { origin?: string; source?: unknown } = {}) =>
    messages.dispatchEvent(
      Object.assign(new Event('message'), {
        origin: from.origin ?? ORIGIN,
        source: from.source ?? popup,
        data: {
          type: CALLBACK_TYPE,
          state: params.state ?? popup.state,
          params: new URLSearchParams(params).toString(),
        },
      }),
    );
  return { clock, popup, messages, pending, opened, authorize, post };
}

async function settle<T>(promise: Promise<T>) {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error as FinesseError };
  }
}

describe('createPopupAuthorize', () => {
  it('opens about:blank synchronously, then goes to the endpoint with the params and a state', async () => {
    const { popup, opened, authorize, pending, clock } = setup();
    const later = deferred<AuthorizationRequest>();
    void authorize(later.promise).catch(() => undefined);
    expect(opened).to.deep.equal([{ url: 'about:blank', target: 'finesse-sso-oauth' }]);
    expect(popup.navigatedTo).to.have.length(0);
    later.resolve(request());
    await waitUntil(() => popup.navigatedTo.length === 1, 'popup navigated');
    const url = new URL(popup.navigatedTo[0]!);
    expect(url.origin + url.pathname).to.equal(AUTHORIZE_ENDPOINT);
    expect(url.searchParams.get('client_id')).to.equal('desk');
    expect(url.searchParams.get('code_challenge')).to.equal('abc');
    expect(url.searchParams.get('state')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(url.search, 'secrets stay out of the URL').not.to.contain('the-verifier');
    const entry = await pending.peek(popup.state, clock.now());
    expect(entry).to.deep.equal({
      state: popup.state,
      secrets: { code_verifier: 'the-verifier', nonce: 'n-1' },
      redirectUri: REDIRECT_URI,
      createdAt: clock.now(),
    });
  });

  it('closes a popup that has no address yet when the page is left, and keeps one that has', async () => {
    const early = setup();
    const later = deferred<AuthorizationRequest>();
    const result = settle(early.authorize(later.promise));
    early.messages.dispatchEvent(new Event('pagehide'));
    expect(early.popup.closed, 'a blank popup nobody will address').to.equal(true);
    expect((await result).error?.code).to.equal('popup-closed');
    later.resolve(request());

    const addressed = setup();
    void addressed.authorize(request()).catch(() => undefined);
    await waitUntil(() => addressed.popup.navigatedTo.length === 1, 'popup navigated');
    addressed.messages.dispatchEvent(new Event('pagehide'));
    expect(addressed.popup.closed, 'its callback finds the reloaded tab').to.equal(false);
  });

  it('rejects popup-blocked when the browser returns no window', async () => {
    const { authorize } = setup({ open: () => null });
    expect((await settle(authorize(request()))).error?.code).to.equal('popup-blocked');
  });

  it("resolves from its own popup's postMessage only, and uses the state's entry once", async () => {
    const { popup, authorize, post, pending, clock } = setup();
    const acks: unknown[] = [];
    const result = authorize(request());
    await waitUntil(() => popup.navigatedTo.length === 1);
    const listener = new BroadcastChannel(stateChannelName(popup.state));
    listener.onmessage = (event) => acks.push(event.data);
    const state = popup.state;
    post({ code: 'from-another-origin', state }, { origin: 'https://evil.test' });
    post({ code: 'from-another-window', state }, { source: {} });
    post({ code: 'c-1', state });
    const { value } = await settle(result);
    expect(value!.params.get('code')).to.equal('c-1');
    expect(value!.secrets).to.deep.equal({ code_verifier: 'the-verifier', nonce: 'n-1' });
    expect(popup.closed).to.equal(true);
    expect(await pending.peek(state, clock.now()), 'entry claimed').to.equal(undefined);
    await waitUntil(() => acks.length === 1, 'the callback page was told to close');
    expect(acks[0]).to.deep.equal({ type: ACK_TYPE, state });
    listener.close();
  });

  it('resolves over the BroadcastChannel named by the state when the popup lost its opener', async () => {
    const { popup, authorize } = setup();
    const result = authorize(request());
    await waitUntil(() => popup.navigatedTo.length === 1);
    const callback = new BroadcastChannel(stateChannelName(popup.state));
    callback.postMessage({
      type: CALLBACK_TYPE,
      state: popup.state,
      params: new URLSearchParams({ code: 'c-2', state: popup.state }).toString(),
    });
    const { value } = await settle(result);
    expect(value!.params.get('code')).to.equal('c-2');
    callback.close();
  });

  it('ignores and counts malformed messages on the state channel', async () => {
    const { popup, authorize } = setup();
    const result = authorize(request());
    await waitUntil(() => popup.navigatedTo.length === 1);
    const before = malformedMessageCounts().oauth;
    const callback = new BroadcastChannel(stateChannelName(popup.state));
    const params = new URLSearchParams({ code: 'c-3', state: popup.state }).toString();
    const bad = [
      { type: CALLBACK_TYPE, state: popup.state }, // no params
      { type: CALLBACK_TYPE, state: popup.state, params: 7 },
      { type: CALLBACK_TYPE, state: 1, params },
      { type: 'finesse-sso-oauth-token', state: popup.state, params },
      null,
    ];
    for (const data of bad) callback.postMessage(data);
    await waitUntil(() => malformedMessageCounts().oauth - before === bad.length);
    expect(popup.closed).to.equal(false);
    callback.postMessage({ type: CALLBACK_TYPE, state: popup.state, params });
    const { value } = await settle(result);
    expect(value!.params.get('code')).to.equal('c-3');
    callback.close();
  });

  it('rejects state-mismatch when the answer carries another state', async () => {
    const { popup, authorize, post } = setup();
    const result = authorize(request());
    await waitUntil(() => popup.navigatedTo.length === 1);
    post({ code: 'c', state: 'A'.repeat(43) });
    expect((await settle(result)).error?.code).to.equal('state-mismatch');
    expect(popup.closed).to.equal(true);
  });

  it('rejects authorization-failed with the server code, never its description', async () => {
    const { popup, authorize, post } = setup();
    const result = authorize(request());
    await waitUntil(() => popup.navigatedTo.length === 1);
    post({
      error: 'access_denied',
      error_description: 'User said no\u0000<script>',
      state: popup.state,
    });
    const { error } = await settle(result);
    expect(error?.code).to.equal('authorization-failed');
    expect(error?.details.errorType).to.equal('access_denied');
    expect(error?.message).not.to.contain('User said no');
    expect(error?.details.errorMessage).to.equal('User said no <script>');
  });

  it('rejects popup-closed after a grace, keeping the entry for a late callback', async () => {
    const { popup, authorize, clock, pending } = setup();
    const result = settle(authorize(request()));
    await waitUntil(() => popup.navigatedTo.length === 1);
    popup.closed = true;
    await clock.advance(1000);
    expect(await Promise.race([result, 'pending'])).to.equal('pending');
    await clock.advance(1000);
    expect((await result).error?.code).to.equal('popup-closed');
    expect(await pending.peek(popup.state, clock.now())).to.not.equal(undefined);
  });

  it('a callback arriving while the popup already closed itself still resolves', async () => {
    const { popup, authorize, clock, post } = setup();
    const result = authorize(request());
    await waitUntil(() => popup.navigatedTo.length === 1);
    popup.closed = true;
    await clock.advance(300);
    post({ code: 'c-3', state: popup.state });
    expect((await settle(result)).value?.params.get('code')).to.equal('c-3');
  });

  it('rejects popup-timeout after the request timeout, closes the popup and forgets the entry', async () => {
    const { popup, authorize, clock, pending } = setup();
    const result = settle(authorize(request({ timeoutMs: 60_000 })));
    await waitUntil(() => popup.navigatedTo.length === 1);
    await clock.advance(60_000);
    expect((await result).error?.code).to.equal('popup-timeout');
    expect(popup.closed).to.equal(true);
    await waitUntil(async () => (await pending.states(clock.now())).length === 0);
  });

  it('closes the popup with the error of a request that could not be made (discovery)', async () => {
    const { popup, authorize } = setup();
    const { FinesseError } = await import('../../src/core/kernel/errors.ts');
    const failed = Promise.reject(new FinesseError('discovery-failed', 'no metadata'));
    expect((await settle(authorize(failed))).error?.code).to.equal('discovery-failed');
    expect(popup.closed).to.equal(true);
    expect(popup.navigatedTo).to.have.length(0);
  });

  it('refuses a redirect URI on another origin (the answer could not come back here)', async () => {
    const { popup, authorize } = setup();
    const result = authorize(request({ redirectUri: 'https://elsewhere.test/cb' }));
    expect((await settle(result)).error?.code).to.equal('authorization-failed');
    expect(popup.navigatedTo).to.have.length(0);
  });

  it('an aborted signal closes the popup (popup-closed)', async () => {
    const { popup, authorize } = setup();
    const controller = new AbortController();
    const result = authorize(request(), { signal: controller.signal });
    await waitUntil(() => popup.navigatedTo.length === 1);
    controller.abort();
    expect((await settle(result)).error?.code).to.equal('popup-closed');
    expect(popup.closed).to.equal(true);
  });
});
