import type { Clock } from '../kernel/clock.ts';
import type { RefreshRecipe } from '../session/token-source.ts';
import type { OpenWindow, OpenedPopup, PopupReadOptions } from './popup-window.ts';
import { openPopup } from './popup-window.ts';
import { importRefreshAnswers } from './refresh-imports.ts';
import type * as RefreshResponse from './refresh-response.ts';
import type * as SignInPartModule from './sign-in-part.ts';
import { importSignIn } from './sign-in-imports.ts';
import type { RefreshInput, TokenSource } from '../session/token-source.ts';
import type { TokenAnswer } from '../session/types.ts';

export const TOKEN_PATH = '/desktop/sso/token';

export interface FinessePopupSourceOptions {
  /** The Finesse node's origin (the token page must be on it). */
  finesseUrl: string;
  refreshMethod?: 'post' | 'get';
  clock: Clock;
  fetch?: typeof fetch;
  open?: OpenWindow;
  popupTimeoutMs?: number;
  /**
   * How refresh answers are read, given where a dynamic import cannot run: a service worker
   * (the refresh keeper) may not call `import()`. Elsewhere they are loaded with the refresh.
   */
  refreshAnswers?: RefreshAnswers;
  /** Loads the sign-in part (default: beside the first script, or a chunk of the ES build). */
  signInPart?: () => Promise<SignInPart>;
}

type SignInPart = Pick<typeof SignInPartModule, 'watchPopup' | 'parseTokenAnswer'>;

type RefreshAnswers = Pick<typeof RefreshResponse, 'readRefreshResponse' | 'transportError'>;

/** `https://fin:8445/desktop/sso/token?cc_username=agent1&return_refresh_token=true` */
export function tokenUrl(finesseUrl: string, username?: string): string {
  const url = new URL(TOKEN_PATH, finesseUrl);
  if (username) url.searchParams.set('cc_username', username);
  url.searchParams.set('return_refresh_token', 'true');
  return url.href;
}

/**
 * Popup mode: the desktop runs on the Finesse origin, so it can read the token page in a
 * popup it opened, and refresh with a same-origin request.
 */
export class FinessePopupSource implements TokenSource {
  readonly kind = 'finesse-popup';
  readonly canRefresh = true;
  private readonly options: FinessePopupSourceOptions;
  private readonly origin: string;
  /** Where refreshes go: the primary node, or the secondary after a failover. */
  private refreshOrigin: string;
  /** The sign-in part loading ahead of a click (`prepareSignIn`). */
  private preparing: Promise<void> | undefined;

  constructor(options: FinessePopupSourceOptions) {
    this.options = options;
    this.origin = new URL(options.finesseUrl).origin;
    this.refreshOrigin = this.origin;
  }

  /**
   * Failover: refreshes go to the other node, cross-origin (a form POST needs no cookie; the
   * node must list the desktop's origin in its CORS allow-list). The interactive sign-in stays
   * on the desktop's own origin: only that origin can read the token page in popup mode.
   */
  useNode(origin: string): void {
    this.refreshOrigin = new URL(origin).origin;
  }

  refreshRecipe(): RefreshRecipe {
    const method = this.options.refreshMethod === 'get' ? 'get' : 'post';
    return { kind: 'finesse', origin: this.refreshOrigin, method };
  }

  private loadSignIn(): Promise<SignInPart> {
    return (this.options.signInPart ?? importSignIn)();
  }

  /** Loads the sign-in part while the tab offers a sign-in (a failure is retried at the click). */
  prepareSignIn(): void {
    this.preparing ??= this.loadSignIn().then(
      () => undefined,
      () => {
        this.preparing = undefined;
      },
    );
  }

  /**
   * Opens the sign-in window at once (inside the click), then loads the sign-in part to watch
   * it: the first script does not carry it. A part that cannot be loaded closes the window.
   */
  signIn({ username, signal }: { username?: string; signal?: AbortSignal }): Promise<TokenAnswer> {
    const read: PopupReadOptions = {
      url: tokenUrl(this.origin, username),
      expectedOrigin: this.origin,
      expectedPath: TOKEN_PATH,
      clock: this.options.clock,
      open: this.options.open,
      timeoutMs: this.options.popupTimeoutMs,
      signal,
    };
    let opened: OpenedPopup;
    try {
      opened = openPopup(read);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.loadSignIn().then(
      (part) => part.watchPopup(opened, read).then(part.parseTokenAnswer),
      (error: unknown) => {
        opened.probe?.revoke();
        opened.popup.close();
        throw error;
      },
    );
  }

  async refresh(input: RefreshInput, { signal }: { signal: AbortSignal }): Promise<TokenAnswer> {
    const { readRefreshResponse, transportError } =
      this.options.refreshAnswers ?? (await importRefreshAnswers());
    const fetchImpl = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    let request: Request;
    if (this.options.refreshMethod === 'get') {
      // Cisco's documented GET variant: the one place a token rides in a URL we build.
      const url = new URL(TOKEN_PATH, this.refreshOrigin);
      url.searchParams.set('cc_username', input.username);
      url.searchParams.set('refresh-token', input.refreshToken);
      request = new Request(url, { method: 'GET' });
    } else {
      const body = new URLSearchParams({ token: input.token, 'refresh-token': input.refreshToken });
      request = new Request(new URL(TOKEN_PATH, this.refreshOrigin), { method: 'POST', body });
    }
    let response: Response;
    try {
      response = await fetchImpl(request, {
        redirect: 'manual',
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      throw transportError(error, signal.aborted);
    }
    return readRefreshResponse(response);
  }
}
