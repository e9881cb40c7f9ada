/**
 * One sign-in in one popup, from `about:blank` to the callback: the machinery behind
 * `createPopupAuthorize` (`popup-authorization.ts`), kept apart so that file stays the entry
 * point and this one the state machine (listen, start, receive, poll, time out, settle).
 */
import type { Clock } from '../kernel/clock.ts';
import { FinesseError } from '../kernel/errors.ts';
import type { OpenWindow } from '../ids/popup.ts';
import { listenChecked } from '../kernel/checked-listener.ts';
import type { AuthorizationRequest, AuthorizationResult } from './authorization.ts';
import type { CallbackMessage } from './callback-protocol.ts';
import {
  ACK_TYPE,
  isCallbackMessage,
  isStateChannelMessage,
  stateChannelName,
} from './callback-protocol.ts';
import type { ChannelLike, OAuthBrowserDeps } from './browser-deps.ts';
import { announcePending, defaultChannel, pendingLockName } from './browser-deps.ts';
import { authorizationFailed, stateMismatch } from './oauth-errors.ts';
import { PendingStore } from './pending-store.ts';
import { randomUrlSafe } from './pkce.ts';

/** Options of {@link createPopupAuthorize}. */
export interface PopupAuthorizeOptions extends OAuthBrowserDeps {
  open?: OpenWindow;
  /** Give up after this long unless the request says otherwise. Default 5 minutes. */
  timeoutMs?: number;
  /** How often to look whether the agent closed the popup. Default 250 ms. */
  pollMs?: number;
  /**
   * After the popup is seen closed, wait this long before `popup-closed`: the callback page
   * closes itself right after posting, and its message may still be on the way.
   */
  closedGraceMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** One sign-in in one popup, from `about:blank` to the callback. */
export class PopupFlow {
  private readonly popup: WindowProxy;
  private readonly options: PopupAuthorizeOptions;
  private readonly clock: Clock;
  private readonly pending: PendingStore;
  private readonly origin: string;
  private readonly state = randomUrlSafe(32);
  private readonly openedAt: number;
  private channel: ChannelLike | undefined;
  private settled = false;
  private receiving = false;
  /** The popup was sent to the authorization endpoint (it is no longer `about:blank`). */
  private addressed = false;
  private timeoutTimer: unknown;
  private pollTimer: unknown;
  private graceTimer: unknown;
  private release: () => void = () => undefined;
  private resolve!: (result: AuthorizationResult) => void;
  private reject!: (error: FinesseError) => void;
  private readonly cleanups: Array<() => void> = [];

  constructor(popup: WindowProxy, options: PopupAuthorizeOptions) {
    this.popup = popup;
    this.options = options;
    this.clock = options.clock;
    this.pending = options.pending ?? new PendingStore();
    this.origin = options.origin ?? location.origin;
    this.openedAt = this.clock.now();
  }

  run(
    request: AuthorizationRequest | PromiseLike<AuthorizationRequest>,
    signal?: AbortSignal,
  ): Promise<AuthorizationResult> {
    const result = new Promise<AuthorizationResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.listen();
    this.setTimeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.poll();
    if (signal) {
      const onAbort = () =>
        this.fail(new FinesseError('popup-closed', 'The sign-in was cancelled.'));
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
    this.start(request).catch((error: unknown) => this.fail(asError(error)));
    return result;
  }

  private listen(): void {
    const messages = this.options.messages ?? window;
    const onMessage = (event: Event) => {
      const { origin, source, data } = event as MessageEvent;
      // Only our own origin (the redirect URI's), and only the window we opened.
      if (origin !== this.origin || source !== this.popup || !isCallbackMessage(data)) return;
      void this.receive(data);
    };
    messages.addEventListener('message', onMessage);
    // The tab goes away (reload, close) before the popup has its address: nobody would ever
    // send it anywhere, so close it rather than leave the agent a blank window.
    const onPageHide = () => {
      if (!this.addressed) this.fail(new FinesseError('popup-closed', 'The page was left.'));
    };
    messages.addEventListener('pagehide', onPageHide);
    this.cleanups.push(() => {
      messages.removeEventListener('message', onMessage);
      messages.removeEventListener('pagehide', onPageHide);
    });

    this.channel = (this.options.channel ?? defaultChannel)(stateChannelName(this.state));
    const channel = this.channel;
    if (channel) {
      const stop = listenChecked(channel, {
        accept: isCallbackMessage,
        alsoValid: isStateChannelMessage,
        kind: 'oauth',
        onMessage: (data) => void this.receive(data),
      });
      this.cleanups.push(() => {
        stop();
        channel.close();
      });
    }
  }

  private async start(input: AuthorizationRequest | PromiseLike<AuthorizationRequest>) {
    const request = await input;
    if (this.settled) return;
    if (new URL(request.redirectUri, this.origin).origin !== this.origin) {
      throw new FinesseError(
        'authorization-failed',
        'The redirect URI must be on the same origin as this page (where the callback page hands the answer back).',
      );
    }
    if (request.timeoutMs !== undefined) {
      this.setTimeout(this.openedAt + request.timeoutMs - this.clock.now());
    }
    await this.holdLock();
    try {
      await this.pending.add(
        {
          state: this.state,
          secrets: request.secrets,
          redirectUri: request.redirectUri,
          createdAt: this.clock.now(),
        },
        this.clock.now(),
      );
    } catch (cause) {
      throw new FinesseError(
        'storage-unavailable',
        'The browser refused to keep the sign-in in progress (storage full or blocked).',
        { cause },
      );
    }
    if (this.settled) return void this.pending.remove(this.state).catch(() => undefined);
    announcePending(this.options.channel ?? defaultChannel);
    const url = new URL(request.authorizeUrl);
    for (const [key, value] of Object.entries(request.params)) url.searchParams.set(key, value);
    url.searchParams.set('state', this.state);
    try {
      this.popup.location.replace(url.href);
      this.addressed = true;
    } catch (cause) {
      throw new FinesseError('popup-opener-lost', 'The sign-in window could not be used.', {
        cause,
      });
    }
  }

  /** Holds the state's Web Lock until the flow settles; orphan listeners leave it alone meanwhile. */
  private holdLock(): Promise<void> {
    const locks = this.options.locks ?? globalThis.navigator?.locks;
    if (!locks) return Promise.resolve();
    const held = new Promise<void>((resolve) => (this.release = resolve));
    return new Promise<void>((granted) => {
      locks
        .request(pendingLockName(this.state), () => {
          granted();
          return held;
        })
        .catch(() => granted());
    });
  }

  private async receive(message: CallbackMessage): Promise<void> {
    if (this.settled || this.receiving) return;
    const params = new URLSearchParams(message.params);
    if (message.state !== this.state || params.get('state') !== this.state) {
      return this.fail(stateMismatch());
    }
    this.receiving = true;
    let entry;
    try {
      entry = await this.pending.claim(this.state, this.clock.now());
    } catch {
      entry = undefined;
    }
    this.channel?.postMessage({ type: ACK_TYPE, state: this.state });
    if (!entry) return this.fail(stateMismatch());
    if (params.has('error')) return this.fail(authorizationFailed(params));
    this.finish();
    this.resolve({ params, secrets: entry.secrets });
  }

  private poll(): void {
    this.pollTimer = this.clock.setTimeout(() => {
      if (this.settled) return;
      if (isClosed(this.popup)) {
        this.graceTimer ??= this.clock.setTimeout(() => {
          if (!this.receiving) {
            this.fail(
              new FinesseError(
                'popup-closed',
                'The sign-in window was closed before sign-in finished.',
              ),
              { keepEntry: true },
            );
          }
        }, this.options.closedGraceMs ?? 1500);
        return;
      }
      this.poll();
    }, this.options.pollMs ?? 250);
  }

  private setTimeout(ms: number): void {
    this.clock.clearTimeout(this.timeoutTimer);
    this.timeoutTimer = this.clock.setTimeout(
      () =>
        this.fail(new FinesseError('popup-timeout', 'The sign-in window did not finish in time.')),
      Math.max(0, ms),
    );
  }

  private fail(error: FinesseError, { keepEntry = false } = {}): void {
    if (this.settled) return;
    this.finish();
    if (!keepEntry) void this.pending.remove(this.state).catch(() => undefined);
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    this.clock.clearTimeout(this.timeoutTimer);
    this.clock.clearTimeout(this.pollTimer);
    this.clock.clearTimeout(this.graceTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.release();
    try {
      if (!this.popup.closed) this.popup.close();
    } catch {
      // a severed popup may throw; nothing more to do
    }
  }
}

function isClosed(popup: WindowProxy): boolean {
  try {
    return popup.closed;
  } catch {
    return false;
  }
}

const asError = (error: unknown) =>
  error instanceof FinesseError
    ? error
    : new FinesseError('authorization-failed', 'The sign-in could not start.', { cause: error });
