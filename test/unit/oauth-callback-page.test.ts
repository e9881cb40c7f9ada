import { expect } from '@open-wc/testing';
import {
  ACK_TYPE,
  CALLBACK_TYPE,
  stateChannelName,
} from '../../src/core/oauth/callback-protocol.ts';
import { malformedMessageCounts } from '../../src/core/kernel/malformed.ts';
import type { ChannelLike } from '../../src/core/oauth/browser-deps.ts';
import type { CallbackPage } from '../../src/oauth-callback/hand-over.ts';
import { handOverCallback } from '../../src/oauth-callback/hand-over.ts';
import { CALLBACK_STRINGS, pickLanguage } from '../../src/oauth-callback/strings.ts';

const STATE = 'S'.repeat(43);
const ORIGIN = 'https://desk.example.com';

/** A channel the test sees both ends of. */
class TestChannel extends EventTarget implements ChannelLike {
  readonly posted: unknown[] = [];
  closed = false;
  constructor(readonly name: string) {
    super();
  }
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  close() {
    this.closed = true;
  }
  receive(data: unknown) {
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }
}

function page(url: string, { opener = true } = {}) {
  const parsed = new URL(url);
  const log = {
    replaced: [] as string[],
    toOpener: [] as Array<{ message: unknown; targetOrigin: string }>,
    channels: [] as TestChannel[],
    shown: [] as string[],
    closed: 0,
    tick: [] as Array<() => void>,
    later: [] as Array<() => void>,
  };
  const fake: CallbackPage = {
    location: {
      search: parsed.search,
      hash: parsed.hash,
      pathname: parsed.pathname,
      origin: parsed.origin,
    },
    history: { replaceState: (_data, _unused, next) => void log.replaced.push(String(next)) },
    opener: () =>
      opener
        ? {
            postMessage: ((message: unknown, targetOrigin: string) =>
              log.toOpener.push({ message, targetOrigin })) as Window['postMessage'],
          }
        : null,
    channel: (name) => {
      const channel = new TestChannel(name);
      log.channels.push(channel);
      return channel as unknown as ChannelLike;
    },
    every: (callback) => {
      log.tick.push(callback);
      return () => log.tick.splice(0);
    },
    later: (callback) => void log.later.push(callback),
    close: () => void log.closed++,
    show: (text) => void log.shown.push(text),
    strings: CALLBACK_STRINGS.en,
  };
  return { fake, log };
}

describe('the OAuth callback page', () => {
  it('wipes the code from the URL at once, posts to its opener (own origin) and on the state channel', () => {
    const { fake, log } = page(`${ORIGIN}/oauth/callback.html?code=c-1&state=${STATE}&iss=x`);
    handOverCallback(fake);
    expect(log.replaced).to.deep.equal(['/oauth/callback.html']);
    const expected = {
      type: CALLBACK_TYPE,
      state: STATE,
      params: `code=c-1&state=${STATE}&iss=x`,
    };
    expect(log.toOpener).to.deep.equal([{ message: expected, targetOrigin: ORIGIN }]);
    expect(log.channels[0]!.name).to.equal(stateChannelName(STATE));
    expect(log.channels[0]!.posted).to.deep.equal([expected]);
  });

  it('reads tokens from an implicit fragment and removes the fragment from the history entry', () => {
    const { fake, log } = page(
      `${ORIGIN}/oauth/callback.html#access_token=at-secret&expires_in=3600&state=${STATE}`,
    );
    handOverCallback(fake);
    expect(log.replaced).to.deep.equal(['/oauth/callback.html']);
    const sent = log.channels[0]!.posted[0] as { params: string };
    expect(new URLSearchParams(sent.params).get('access_token')).to.equal('at-secret');
  });

  it('without an opener, the channel alone carries it; it closes on the acknowledgement', () => {
    const { fake, log } = page(`${ORIGIN}/cb?code=c&state=${STATE}`, { opener: false });
    handOverCallback(fake);
    expect(log.toOpener).to.have.length(0);
    const channel = log.channels[0]!;
    channel.receive({ type: ACK_TYPE, state: 'other-state-xxxxxxxxxx' });
    expect(log.closed).to.equal(0);
    channel.receive({ type: ACK_TYPE, state: STATE });
    expect(log.closed).to.equal(1);
    expect(channel.closed).to.equal(true);
    expect(log.tick, 'resending stopped').to.have.length(0);
    // Still open a moment later: the browser refused to close it.
    log.later.forEach((run) => run());
    expect(log.shown).to.deep.equal([CALLBACK_STRINGS.en.done]);
  });

  it('ignores and counts malformed messages; only its acknowledgement closes it', () => {
    const { fake, log } = page(`${ORIGIN}/cb?code=c&state=${STATE}`, { opener: false });
    handOverCallback(fake);
    const channel = log.channels[0]!;
    const before = malformedMessageCounts().oauth;
    for (const data of [{ type: ACK_TYPE }, { type: 'close-now', state: STATE }, null, 'ack']) {
      channel.receive(data);
    }
    expect(malformedMessageCounts().oauth - before).to.equal(4);
    expect(log.closed).to.equal(0);
    channel.receive({ type: ACK_TYPE, state: STATE });
    expect(log.closed).to.equal(1);
  });

  it('resends until acknowledged, and after ten tries says the desktop could not be reached', () => {
    const { fake, log } = page(`${ORIGIN}/cb?code=c&state=${STATE}`);
    handOverCallback(fake);
    const tick = log.tick[0]!;
    for (let i = 0; i < 9; i++) tick();
    expect(log.channels[0]!.posted).to.have.length(10);
    expect(log.shown).to.have.length(0);
    tick();
    expect(log.channels[0]!.posted).to.have.length(10);
    expect(log.shown).to.deep.equal([CALLBACK_STRINGS.en.unreachable]);
    expect(log.closed).to.equal(0);
  });

  it('a page without a state hands nothing over', () => {
    const { fake, log } = page(`${ORIGIN}/cb?code=c`);
    handOverCallback(fake);
    expect(log.channels).to.have.length(0);
    expect(log.toOpener).to.have.length(0);
    expect(log.shown).to.deep.equal([CALLBACK_STRINGS.en.notASignIn]);
  });

  it('speaks the browser language when it can', () => {
    expect(pickLanguage(['ja-JP', 'en'])).to.equal('ja');
    expect(pickLanguage(['de-DE', 'ko'])).to.equal('ko');
    expect(pickLanguage(['fr'])).to.equal('en');
  });
});
