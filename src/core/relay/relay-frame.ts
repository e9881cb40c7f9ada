/**
 * The relay frame and its handshake, the lower half of `RelaySource` (`relay-source.ts`):
 * creates the iframe, says hello, watches for silence and the "not allowed" marker, and is the
 * one checked channel to the relay window (exact target origin out; origin, window and nonce
 * in). The token source on top answers sign-ins and refreshes.
 */
import { prepareFrame } from './relay-frame-view.ts';
import type { FrameView } from './relay-frame-host.ts';
import type { Clock } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import { FinesseError } from '../kernel/errors.ts';
import { createLogger } from '../kernel/logger.ts';
import { deferred } from './deferred.ts';
import type { FromRelay, RelayTheme, RelayView, ToRelay } from './protocol.ts';
import { RELAY_NS, buildFragment, hasNonce, newNonce } from './protocol.ts';
import type { RelaySourceOptions } from './relay-options.ts';
import { LIBRARY_VERSION } from '../kernel/version.ts';

const log = createLogger('relay');

type Status = 'idle' | 'connecting' | 'ready' | 'failed';

/**
 * The relay iframe on the Finesse origin and the handshake with it. Every message goes to the
 * relay's exact origin; a message is accepted only from that origin, from this frame's window,
 * with this frame's nonce. What is not the handshake goes to `received` (the token source).
 */
export abstract class RelayFrame {
  readonly relayUrl: string;
  readonly relayOrigin: string;
  protected readonly clock: Clock;
  private readonly options: RelaySourceOptions;
  protected readonly nonce: string;
  private iframe: HTMLIFrameElement | null = null;
  protected status: Status = 'idle';
  private failure: FinesseError | null = null;
  private ready = deferred<void>();
  private handshakeTimer: unknown = null;
  private markerTimer: unknown = null;
  private silenceTimer: unknown = null;
  private loaded = false;
  private view: { view: RelayView; username: string | null } | null = null;
  private readonly problemListeners = new Set<(error: FinesseError | null) => void>();
  private readonly onMessage = (event: MessageEvent) => this.receive(event);

  constructor(options: RelaySourceOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    const url = new URL(options.relayUrl);
    url.hash = '';
    this.relayUrl = url.href;
    this.relayOrigin = url.origin;
    this.nonce = (options.nonce ?? newNonce)();
  }

  /** The relay iframe, once created. */
  get frame(): HTMLIFrameElement | null {
    return this.iframe;
  }

  /** The relay's failure (`relay-unavailable`, `relay-not-allowed`, `relay-version-mismatch`), if any. */
  get problem(): FinesseError | null {
    return this.failure;
  }

  /**
   * Calls `listener` with the error when the relay fails, and with null when a reconnect
   * starts; returns the unsubscribe function.
   */
  onProblem(listener: (error: FinesseError | null) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** Creates the frame the first time, then shows or hides it for the element's state. */
  prepareFrame(element: HTMLElement, view: FrameView): void {
    prepareFrame(this, element, view);
  }

  /**
   * Creates the relay iframe (once) with the nonce, version, language and theme in its
   * fragment. The caller puts it in the DOM and must never move it (a moved iframe reloads).
   */
  createFrame(options: { lang: string; theme?: RelayTheme; title?: string }): HTMLIFrameElement {
    if (this.iframe) return this.iframe;
    const doc = this.options.document ?? document;
    const frame = doc.createElement('iframe');
    frame.title = options.title ?? 'Finesse sign-in';
    frame.setAttribute('part', 'relay-frame');
    frame.className = 'relay-frame';
    frame.referrerPolicy = 'origin';
    frame.src =
      this.relayUrl +
      buildFragment({
        version: this.options.version ?? LIBRARY_VERSION,
        nonce: this.nonce,
        lang: options.lang,
        theme: options.theme ?? {},
      });
    frame.addEventListener('load', () => this.hello());
    this.iframe = frame;
    this.status = 'connecting';
    (this.options.host ?? window).addEventListener('message', this.onMessage);
    this.handshakeTimer = this.clock.setTimeout(
      () => this.handshakeTimedOut(),
      this.options.handshakeTimeoutMs ?? 10_000,
    );
    return frame;
  }

  /**
   * Loads the relay frame again after `relay-unavailable`, or while it stays silent after a
   * `load` (the agent accepted the Finesse certificate, the server came back): same nonce, a
   * fresh handshake. Other failures (not
   * allowed, version mismatch) are decisions of the server; reloading would not change them.
   */
  reconnect(): boolean {
    const frame = this.iframe;
    // Still waiting after a `load` (the browser's error page loads too), or given up on.
    const silent = this.status === 'connecting' && this.loaded;
    const unavailable = this.status === 'failed' && this.failure?.code === 'relay-unavailable';
    if (!frame || !(silent || unavailable)) return false;
    this.clock.clearTimeout(this.handshakeTimer);
    this.clock.clearTimeout(this.markerTimer);
    this.clock.clearTimeout(this.silenceTimer);
    this.status = 'connecting';
    this.failure = null;
    this.loaded = false;
    if (unavailable) this.ready = deferred<void>();
    // The failed frame shows the browser's error page (another URL): setting src navigates.
    const src = frame.src;
    frame.src = src;
    this.handshakeTimer = this.clock.setTimeout(
      () => this.handshakeTimedOut(),
      this.options.handshakeTimeoutMs ?? 10_000,
    );
    log.debug('relay reconnecting');
    for (const listener of this.problemListeners) listener(null);
    return true;
  }

  /** Tells the relay which button to show (sign in, sign in again, none) and for whom. */
  setView(view: RelayView, username: string | null): void {
    this.view = { view, username };
    if (this.status === 'ready')
      this.send({ ns: RELAY_NS, nonce: this.nonce, type: 'view', view, username });
  }

  dispose(): void {
    (this.options.host ?? window).removeEventListener('message', this.onMessage);
    this.clock.clearTimeout(this.handshakeTimer);
    this.clock.clearTimeout(this.markerTimer);
    this.clock.clearTimeout(this.silenceTimer);
    this.iframe?.remove();
    this.problemListeners.clear();
  }

  // ---- internals ------------------------------------------------------------------------

  protected whenReady(signal: AbortSignal): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.status === 'failed' || this.status === 'idle') {
      // Transport class on purpose: keep the pair and retry; the element shows the relay problem.
      return Promise.reject(
        new FinesseError('network', 'The sign-in relay on the Finesse server is not available.'),
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = () =>
        reject(new FinesseError('timeout', 'The sign-in relay did not answer in time.'));
      signal.addEventListener('abort', onAbort, { once: true });
      this.ready.promise.then(resolve, () =>
        reject(new FinesseError('network', 'The sign-in relay is not available.')),
      );
    });
  }

  private hello(): void {
    if (this.status === 'failed') return;
    this.loaded = true;
    // A certificate the browser refuses still gives a `load` (of its error page), then
    // silence: let the connection doctor look at the address while the handshake waits.
    this.clock.clearTimeout(this.silenceTimer);
    this.silenceTimer = this.clock.setTimeout(() => {
      if (this.status === 'connecting' && !this.relayRefused()) {
        this.options.reporter?.reportFailure(this.relayUrl, 'relay-silent');
      }
    }, this.options.silenceMs ?? 2_000);
    this.send({
      ns: RELAY_NS,
      nonce: this.nonce,
      type: 'hello',
      version: this.options.version ?? LIBRARY_VERSION,
    });
    // A relay that refuses this site answers nothing, but says so by holding one child frame
    // (a window's frame count is readable across origins and reveals nothing else).
    this.clock.clearTimeout(this.markerTimer);
    const check = (left: number) => {
      if (this.status !== 'connecting') return;
      if (this.relayRefused()) {
        return this.fail(
          new FinesseError(
            'relay-not-allowed',
            'The Finesse server does not allow this site to use its sign-in.',
          ),
        );
      }
      if (left > 0) this.markerTimer = this.clock.setTimeout(() => check(left - 1), 250);
    };
    check(40);
  }

  /** The relay's "not allowed" signal: one child frame in its window (readable cross-origin). */
  private relayRefused(): boolean {
    try {
      return (this.iframe?.contentWindow?.length ?? 0) > 0;
    } catch {
      return false;
    }
  }

  private handshakeTimedOut(): void {
    if (this.status !== 'connecting') return;
    if (!this.loaded) this.options.reporter?.reportFailure(this.relayUrl, 'fetch');
    this.fail(
      this.relayRefused()
        ? new FinesseError(
            'relay-not-allowed',
            'The Finesse server does not allow this site to use its sign-in.',
          )
        : new FinesseError('relay-unavailable', 'The sign-in relay did not answer.'),
    );
  }

  private fail(error: FinesseError): void {
    if (this.status === 'failed') return;
    this.status = 'failed';
    this.failure = error;
    this.clock.clearTimeout(this.handshakeTimer);
    this.clock.clearTimeout(this.markerTimer);
    this.clock.clearTimeout(this.silenceTimer);
    this.ready.reject(error);
    this.failInFlight(error);
    log.warn(`relay failed: ${error.code}`);
    for (const listener of this.problemListeners) listener(error);
  }

  protected send(message: ToRelay): void {
    const target = this.iframe?.contentWindow;
    if (!target) return;
    const post =
      this.options.post ??
      ((to: WindowProxy, m: ToRelay, origin: string) => to.postMessage(m, origin));
    try {
      post(target, message, this.relayOrigin);
    } catch (error) {
      log.warn(`post to relay failed: ${(error as Error).name}`);
    }
  }

  /** The one entry point for the relay's messages: origin, window and nonce, or nothing. */
  private receive(event: MessageEvent): void {
    if (event.origin !== this.relayOrigin) return;
    const relayWindow = this.iframe?.contentWindow;
    if (!relayWindow || event.source !== relayWindow) return;
    if (!hasNonce(event.data, this.nonce)) return;
    const message = event.data as FromRelay;
    switch (message.type) {
      case 'ready':
        if (this.status !== 'connecting') return;
        this.status = 'ready';
        this.clock.clearTimeout(this.handshakeTimer);
        this.clock.clearTimeout(this.markerTimer);
        this.clock.clearTimeout(this.silenceTimer);
        this.options.reporter?.reportSuccess(this.relayUrl);
        this.ready.resolve();
        if (this.view) this.setView(this.view.view, this.view.username);
        return;
      case 'version-mismatch':
        return this.fail(
          new FinesseError(
            'relay-version-mismatch',
            'The relay files on the Finesse server are from another release of this library.',
          ),
        );
      default:
        return this.received(message);
    }
  }

  // ---- implemented by the token source ----------------------------------------------------

  /** A checked message from the relay that is not the handshake's. */
  protected abstract received(message: FromRelay): void;
  /** The relay failed: reject the sign-in and refreshes still waiting for it. */
  protected abstract failInFlight(error: FinesseError): void;
}
