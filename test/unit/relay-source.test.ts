import { expect } from '@open-wc/testing';
import type { FinesseError } from '../../src/core/kernel/errors.ts';
import { relayConfigError } from '../../src/core/relay/relay-session.ts';
import { RelaySource } from '../../src/core/relay/relay-source.ts';
import type { ToRelay } from '../../src/core/relay/protocol.ts';
import { LIBRARY_VERSION } from '../../src/core/kernel/version.ts';
import type { TokenAnswer } from '../../src/core/session/types.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const RELAY_ORIGIN = 'https://fin.test:8445';
const RELAY_URL = `${RELAY_ORIGIN}/3rdpartygadget/files/finesse-sso/relay.html`;
const NONCE = 'a'.repeat(32);
const WIRE = {
  token: 'at-1',
  refresh_token: 'rt-1',
  expires_in: 300,
  user_id: 'agent1',
  realm: 'lab',
  user_principal: 'agent1@lab',
};

interface Sent {
  target: WindowProxy;
  message: ToRelay;
  origin: string;
}

/** A relay source with a fake desktop window (an EventTarget) and a spy on what it posts. */
function setup(options: { version?: string } = {}) {
  const clock = new ManualClock();
  const host = new EventTarget() as unknown as Window;
  const sent: Sent[] = [];
  const source = new RelaySource({
    relayUrl: RELAY_URL,
    clock,
    host,
    nonce: () => NONCE,
    handshakeTimeoutMs: 5000,
    version: options.version,
    post: (target, message, origin) => sent.push({ target, message, origin }),
  });
  const problems: Array<FinesseError | null> = [];
  source.onProblem((error) => problems.push(error));
  const frame = source.createFrame({ lang: 'ko', theme: { accent: '#112233' } });
  frame.removeAttribute('src'); // keep the test offline: the frame stays about:blank
  document.body.append(frame); // about:blank fires its load event at once: the hello goes out
  const relayWindow = frame.contentWindow!;
  const deliver = (
    data: unknown,
    from: { origin?: string; source?: MessageEventSource | null } = {},
  ) =>
    host.dispatchEvent(
      new MessageEvent('message', {
        data,
        origin: from.origin ?? RELAY_ORIGIN,
        source: from.source === undefined ? relayWindow : from.source,
      }),
    );
  const msg = (type: string, extra: Record<string, unknown> = {}) => ({
    ns: 'finesse-sso-relay',
    nonce: NONCE,
    type,
    ...extra,
  });
  return { clock, source, frame, relayWindow, sent, problems, deliver, msg };
}

describe('RelaySource (element side of the relay protocol)', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('puts version, nonce, lang and theme in the fragment and says hello to the exact origin', () => {
    const clock = new ManualClock();
    const source = new RelaySource({
      relayUrl: `${RELAY_URL}#old`,
      clock,
      host: new EventTarget() as unknown as Window,
    });
    const frame = source.createFrame({ lang: 'ja', theme: { accent: '#005eb8' } });
    const url = new URL(frame.src);
    expect(url.origin + url.pathname).to.equal(RELAY_URL);
    const params = new URLSearchParams(url.hash.slice(1));
    expect(params.get('v')).to.equal(LIBRARY_VERSION);
    expect(params.get('n')).to.match(/^[0-9a-f]{32}$/);
    expect(params.get('lang')).to.equal('ja');
    expect(params.get('accent')).to.equal('#005eb8');
    source.dispose();

    const { sent, relayWindow } = setup();
    expect(sent).to.have.length(1);
    expect(sent[0].target).to.equal(relayWindow);
    expect(sent[0].origin).to.equal(RELAY_ORIGIN);
    expect(sent[0].message).to.include({ type: 'hello', nonce: NONCE, version: LIBRARY_VERSION });
  });

  it('ignores a ready from another origin, another window, or with another nonce; then times out', async () => {
    const { clock, source, deliver, msg, problems } = setup();
    deliver(msg('ready', { version: LIBRARY_VERSION }), { origin: 'https://evil.test' });
    deliver(msg('ready', { version: LIBRARY_VERSION }), { source: window });
    deliver(msg('ready', { version: LIBRARY_VERSION }), { source: null });
    deliver({ ...msg('ready', { version: LIBRARY_VERSION }), nonce: 'b'.repeat(32) });
    deliver({ ...msg('ready', { version: LIBRARY_VERSION }), nonce: undefined });
    await clock.advance(5000);
    expect(problems.map((p) => p?.code)).to.deep.equal(['relay-unavailable']);
    expect(source.problem?.code).to.equal('relay-unavailable');
  });

  it('reconnect() after relay-unavailable reloads the frame and a fresh handshake succeeds', async () => {
    const { clock, source, frame, deliver, msg, problems } = setup();
    await clock.advance(5000);
    expect(source.problem?.code).to.equal('relay-unavailable');
    frame.src = 'about:blank#failed'; // what the frame shows after an error page, roughly
    expect(source.reconnect()).to.equal(true);
    expect(problems.map((p) => p?.code ?? null)).to.deep.equal(['relay-unavailable', null]);
    expect(source.problem).to.equal(null);
    expect(frame.src).to.equal('about:blank#failed'); // navigated again (same address)
    deliver(msg('ready', { version: LIBRARY_VERSION }));
    await flush();
    expect(source.problem).to.equal(null);
    await clock.advance(10_000);
    expect(source.problem, 'the handshake succeeded: no new timeout').to.equal(null);
    expect(source.reconnect(), 'nothing to reconnect once ready').to.equal(false);
  });

  it('reconnect() does not retry decisions of the server (version mismatch)', async () => {
    const { source, deliver, msg } = setup();
    deliver(msg('version-mismatch', { version: '9.9.9' }));
    await flush();
    expect(source.reconnect()).to.equal(false);
    expect(source.problem?.code).to.equal('relay-version-mismatch');
  });

  it('a relay of another version: relay-version-mismatch', async () => {
    const { deliver, msg, problems } = setup();
    deliver(msg('version-mismatch', { version: '9.9.9' }));
    await flush();
    expect(problems.map((p) => p?.code)).to.deep.equal(['relay-version-mismatch']);
  });

  it('signIn() asks for the click in the relay frame', async () => {
    const { source } = setup();
    const error = await source.signIn().catch((e: FinesseError) => e);
    expect((error as FinesseError).code).to.equal('relay-click-required');
  });

  it('after ready: sends the view, and delivers a sign-in made in the relay frame', async () => {
    const { source, deliver, msg, sent, problems } = setup();
    const arrived: Array<Promise<TokenAnswer>> = [];
    source.onSignIn = (pending) => arrived.push(pending);
    source.setView('signed-out', 'agent1');
    deliver(msg('ready', { version: LIBRARY_VERSION }));
    expect(sent.map((s) => s.message.type)).to.deep.equal(['hello', 'view']);
    expect(sent[1].origin).to.equal(RELAY_ORIGIN);
    // A forged sign-in from another window with the right nonce is ignored.
    deliver(msg('signed-in', { answer: { ...WIRE, user_id: 'mallory' } }), { source: window });
    expect(arrived).to.have.length(0);
    deliver(msg('signing-in', { username: 'agent1' }));
    deliver(msg('signed-in', { answer: WIRE }));
    expect(arrived).to.have.length(1);
    const answer = await arrived[0];
    expect(answer).to.include({
      token: 'at-1',
      refreshToken: 'rt-1',
      userId: 'agent1',
      expiresIn: 300,
    });
    expect(problems).to.have.length(0);
  });

  it("refresh goes through the relay and keeps popup mode's classification", async () => {
    const { source, deliver, msg, sent } = setup();
    deliver(msg('ready', { version: LIBRARY_VERSION }));
    const controller = new AbortController();
    const first = source.refresh(
      { token: 'at-1', refreshToken: 'rt-1', username: 'agent1' },
      { signal: controller.signal },
    );
    await flush();
    const request = sent.at(-1)!.message as Extract<ToRelay, { type: 'refresh' }>;
    expect(request).to.include({
      type: 'refresh',
      token: 'at-1',
      refreshToken: 'rt-1',
      nonce: NONCE,
    });
    // A wrong nonce does not answer it.
    deliver({
      ...msg('refreshed', { id: request.id, answer: { ...WIRE, token: 'forged' } }),
      nonce: 'c'.repeat(32),
    });
    deliver(msg('refreshed', { id: request.id, answer: { ...WIRE, token: 'at-2' } }));
    expect((await first).token).to.equal('at-2');

    const second = source.refresh(
      { token: 'at-2', refreshToken: 'rt-2', username: 'agent1' },
      { signal: controller.signal },
    );
    await flush();
    const id = (sent.at(-1)!.message as { id: string }).id;
    deliver(msg('refresh-failed', { id, code: 'refresh-rejected', status: 401 }));
    const rejected = (await second.catch((e: FinesseError) => e)) as FinesseError;
    expect(rejected.code).to.equal('refresh-rejected');
    expect(rejected.details.status).to.equal(401);

    const third = source.refresh(
      { token: 'at-2', refreshToken: 'rt-2', username: 'agent1' },
      { signal: controller.signal },
    );
    await flush();
    controller.abort();
    expect(((await third.catch((e: FinesseError) => e)) as FinesseError).code).to.equal('timeout');
  });

  it('a refresh while the relay is unavailable is a transport failure (the pair is kept)', async () => {
    const { clock, source } = setup();
    await clock.advance(5000);
    const error = (await source
      .refresh(
        { token: 'a', refreshToken: 'b', username: 'u' },
        { signal: new AbortController().signal },
      )
      .catch((e: FinesseError) => e)) as FinesseError;
    expect(error.code).to.equal('network');
  });
});

describe('relay-url checks', () => {
  it('must be on the finesse-url origin', () => {
    expect(relayConfigError(RELAY_URL, RELAY_ORIGIN)).to.equal(undefined);
    expect(relayConfigError('https://evil.test/relay.html', RELAY_ORIGIN)?.code).to.equal(
      'foreign-origin',
    );
    expect(relayConfigError('https://fin.test:8446/relay.html', RELAY_ORIGIN)?.code).to.equal(
      'foreign-origin',
    );
    expect(relayConfigError(undefined, RELAY_ORIGIN)?.code).to.equal('relay-unavailable');
  });
});
