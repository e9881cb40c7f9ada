/**
 * The one rule of every cross-tab listener, written once: a message is acted on only after its
 * shape was checked, and anything else is ignored and counted, never logged (it could hold
 * anything, a token included).
 */
import type { MessageChannelKind } from './malformed.ts';
import { countMalformed } from './malformed.ts';
import type { ChannelLike } from './tab-channel.ts';

export interface CheckedListener<T> {
  /** The shape this listener acts on (types, ranges, finite and capped deadlines). */
  accept: (data: unknown) => data is T;
  /** Other well-formed messages that share the channel: ignored, not counted. */
  alsoValid?: (data: unknown) => boolean;
  /** Where malformed messages are counted (`malformedMessageCounts()`). */
  kind: MessageChannelKind;
  /** Also told of each malformed message (a listener that keeps its own tally). */
  onMalformed?: () => void;
  onMessage: (message: T) => void;
}

/** Listens on `channel` under the rule above; returns the cleanup. */
export function listenChecked<T>(channel: ChannelLike, listener: CheckedListener<T>): () => void {
  const onMessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (listener.accept(data)) {
      listener.onMessage(data);
    } else if (!listener.alsoValid?.(data)) {
      countMalformed(listener.kind);
      listener.onMalformed?.();
    }
  };
  channel.addEventListener('message', onMessage);
  return () => channel.removeEventListener('message', onMessage);
}
