import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionApi } from '../../../core/session/session-api.ts';
import { sessionContext } from '../context.ts';

/** The fields of the context protocol's `context-request` event this provider reads. */
interface ContextRequest extends Event {
  context: unknown;
  contextTarget?: Element;
  subscribe?: boolean;
  callback: (value: SessionApi | undefined, unsubscribe?: () => void) => void;
}

type Callback = ContextRequest['callback'];

/**
 * Provides the session to the elements inside the host through the Web Components context
 * protocol (`context-request` events, what `@consume` from @lit/context sends): the same
 * behaviour as @lit/context's `ContextProvider` for one context, in a fraction of its size,
 * since it ships in the first script. Subscribers hear every new session; a provider connected
 * inside this one takes over the subscribers below it (`context-provider`).
 */
export class SessionProvider implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly subscriptions = new Map<
    Callback,
    { unsubscribe: () => void; consumer: Element }
  >();
  private value: SessionApi | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addEventListener('context-request', this.onRequest);
    host.addEventListener('context-provider', this.onProvider);
    host.addController(this);
  }

  /** Sets the session provided; subscribers hear it when it changed. */
  set(value: SessionApi | undefined): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const [callback, { unsubscribe }] of this.subscriptions) callback(value, unsubscribe);
  }

  hostConnected(): void {
    // Tells an outer provider that consumers below this host are now ours.
    const event = Object.assign(new Event('context-provider', { bubbles: true, composed: true }), {
      context: sessionContext,
      contextTarget: this.host,
    });
    this.host.dispatchEvent(event);
  }

  private readonly onRequest = (event: Event): void => {
    const request = event as ContextRequest;
    if (request.context !== sessionContext) return;
    const consumer = request.contextTarget ?? (request.composedPath()[0] as Element);
    if (consumer === this.host) return;
    event.stopPropagation();
    if (!request.subscribe) {
      request.callback(this.value);
      return;
    }
    let subscription = this.subscriptions.get(request.callback);
    if (!subscription) {
      const callback = request.callback;
      subscription = { unsubscribe: () => this.subscriptions.delete(callback), consumer };
      this.subscriptions.set(callback, subscription);
    }
    request.callback(this.value, subscription.unsubscribe);
  };

  /** An inner provider connected: its consumers ask again, and it answers them. */
  private readonly onProvider = (event: Event): void => {
    const target = event as Event & { context?: unknown; contextTarget?: Element };
    if (target.context !== sessionContext) return;
    if ((target.contextTarget ?? event.composedPath()[0]) === this.host) return;
    for (const [callback, { consumer }] of [...this.subscriptions]) {
      const request = Object.assign(
        new Event('context-request', { bubbles: true, composed: true }),
        { context: sessionContext, contextTarget: consumer, callback, subscribe: true },
      );
      consumer.dispatchEvent(request);
    }
    event.stopPropagation();
  };
}
