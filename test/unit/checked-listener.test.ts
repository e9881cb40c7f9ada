import { expect } from '@open-wc/testing';
import { listenChecked } from '../../src/core/kernel/checked-listener.ts';
import { malformedMessageCounts } from '../../src/core/kernel/malformed.ts';
import type { ChannelLike } from '../../src/core/kernel/tab-channel.ts';

/** A channel that delivers what the test sends, as another tab's postMessage would. */
class TestChannel implements ChannelLike {
  private readonly target = new EventTarget();
  postMessage(): void {}
  close(): void {}
  deliver(data: unknown): void {
    this.target.dispatchEvent(new MessageEvent('message', { data }));
  }
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void {
    this.target.addEventListener(type, listener as EventListener);
  }
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void {
    this.target.removeEventListener(type, listener as EventListener);
  }
}

type Ping = { type: 'ping'; n: number };
const isPing = (data: unknown): data is Ping =>
  typeof data === 'object' && data !== null && (data as Ping).type === 'ping';
const isPong = (data: unknown) =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'pong';

describe('listenChecked (one rule for every cross-tab listener)', () => {
  it('acts on checked messages, ignores known others, counts the malformed, and stops', () => {
    const channel = new TestChannel();
    const seen: number[] = [];
    const before = malformedMessageCounts().idle;
    const stop = listenChecked(channel, {
      accept: isPing,
      alsoValid: isPong,
      kind: 'idle',
      onMessage: (message) => seen.push(message.n),
    });
    channel.deliver({ type: 'ping', n: 1 });
    channel.deliver({ type: 'pong' });
    channel.deliver({ type: 'ping?', secret: 'x' });
    channel.deliver('junk');
    expect(seen).to.deep.equal([1]);
    expect(malformedMessageCounts().idle - before).to.equal(2);
    stop();
    channel.deliver({ type: 'ping', n: 2 });
    channel.deliver('junk');
    expect(seen).to.deep.equal([1]);
    expect(malformedMessageCounts().idle - before).to.equal(2);
  });

  it("tells a listener's own tally of each malformed message, and of nothing else", () => {
    const channel = new TestChannel();
    let tally = 0;
    listenChecked(channel, {
      accept: isPing,
      alsoValid: isPong,
      kind: 'session',
      onMalformed: () => tally++,
      onMessage: () => undefined,
    });
    channel.deliver({ type: 'ping', n: 1 });
    channel.deliver({ type: 'pong' });
    expect(tally).to.equal(0);
    channel.deliver({ type: 'signing-in', from: 'x', open: true });
    channel.deliver(null);
    expect(tally).to.equal(2);
  });
});
