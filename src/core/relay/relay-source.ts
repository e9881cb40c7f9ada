/**
 * Relay mode's token source: the relay frame (`relay-frame.ts`) below it does the handshake
 * and the checked channel; this file answers sign-ins and refreshes and finds a session's relay.
 */
import { FinesseError } from '../kernel/errors.ts';
import { toTokenAnswer } from '../ids/token-answer.ts';
import type { RefreshInput, TokenSource } from '../session/token-source.ts';
import type { TokenAnswer } from '../session/types.ts';
import type { Deferred } from './deferred.ts';
import { deferred } from './deferred.ts';
import type { FromRelay } from './protocol.ts';
import { RELAY_NS, isErrorCode } from './protocol.ts';
import { RelayFrame } from './relay-frame.ts';

export type { RelaySourceOptions } from './relay-options.ts';

/** Receives sign-ins the agent started inside the relay frame (the session commits them). */
export type RelaySignInListener = (pending: Promise<TokenAnswer>, username?: string) => void;

let counter = 0;

/**
 * Relay mode's token source. The desktop lives on another origin than Finesse, so the token
 * page is read, and refreshes are sent, by the relay page (served from the Finesse origin) in an
 * iframe this source creates. Storage, locks and broadcasting stay with the session on the
 * desktop's origin: only the refresher tab asks its relay.
 *
 * Every message goes to the relay's exact origin; a message is accepted only from that origin,
 * from this source's iframe window, with this frame's nonce.
 */
export class RelaySource extends RelayFrame implements TokenSource {
  readonly kind = 'finesse-relay';
  readonly canRefresh = true;
  private signingIn: Deferred<TokenAnswer> | null = null;
  private readonly pending = new Map<string, Deferred<TokenAnswer>>();
  /** Set by the session factory: where sign-ins from the relay frame go. */
  onSignIn: RelaySignInListener | null = null;

  signIn(): Promise<TokenAnswer> {
    return Promise.reject(
      new FinesseError(
        'relay-click-required',
        'In relay mode the sign-in starts from the button inside the relay frame.',
      ),
    );
  }

  async refresh(input: RefreshInput, { signal }: { signal: AbortSignal }): Promise<TokenAnswer> {
    await this.whenReady(signal);
    const id = `r${++counter}-${this.clock.now()}`;
    const answer = deferred<TokenAnswer>();
    this.pending.set(id, answer);
    const onAbort = () =>
      answer.reject(new FinesseError('timeout', 'The relay did not answer the refresh in time.'));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.send({
        ns: RELAY_NS,
        nonce: this.nonce,
        type: 'refresh',
        id,
        token: input.token,
        refreshToken: input.refreshToken,
      });
      return await answer.promise;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.pending.delete(id);
    }
  }

  // ---- internals ------------------------------------------------------------------------

  protected override failInFlight(error: FinesseError): void {
    this.signingIn?.reject(error);
    this.signingIn = null;
    for (const answer of this.pending.values()) {
      answer.reject(new FinesseError('network', 'The sign-in relay is not available.'));
    }
  }

  /** Sign-ins and refreshes the relay answers (the frame checked origin, window and nonce). */
  protected override received(message: FromRelay): void {
    switch (message.type) {
      case 'signing-in': {
        if (this.status !== 'ready') return;
        this.signingIn?.reject(new FinesseError('popup-closed', 'A new sign-in started.'));
        this.signingIn = deferred<TokenAnswer>();
        const username = typeof message.username === 'string' ? message.username : undefined;
        this.onSignIn?.(this.signingIn.promise, username || undefined);
        return;
      }
      case 'signed-in': {
        if (this.status !== 'ready') return;
        const current = this.signingIn ?? deferred<TokenAnswer>();
        if (!this.signingIn) this.onSignIn?.(current.promise);
        this.signingIn = null;
        try {
          current.resolve(toTokenAnswer(message.answer));
        } catch (error) {
          current.reject(error);
        }
        return;
      }
      case 'sign-in-failed': {
        const current = this.signingIn;
        this.signingIn = null;
        current?.reject(
          new FinesseError(
            isErrorCode(message.code) ? message.code : 'token-page-unreadable',
            'The sign-in in the relay frame failed.',
          ),
        );
        return;
      }
      case 'refreshed': {
        const answer = this.pending.get(String(message.id));
        if (!answer) return;
        try {
          answer.resolve(toTokenAnswer(message.answer));
        } catch (error) {
          answer.reject(error);
        }
        return;
      }
      case 'refresh-failed': {
        const answer = this.pending.get(String(message.id));
        if (!answer) return;
        const code = isErrorCode(message.code) ? message.code : 'network';
        const status = typeof message.status === 'number' ? message.status : undefined;
        answer.reject(
          new FinesseError(code, `The relay's refresh failed (${code}).`, {
            details: status === undefined ? {} : { status },
          }),
        );
        return;
      }
    }
  }
}

/** The relay source of a session created in relay mode (its `relay` field), else undefined. */
export function relayOf(session: object | undefined): RelaySource | undefined {
  const relay = (session as { relay?: unknown } | undefined)?.relay;
  return relay instanceof RelaySource ? relay : undefined;
}
