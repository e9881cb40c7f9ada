import type { FinesseError } from '../../../src/core/kernel/errors.ts';
import type { RefreshInput, TokenSource } from '../../../src/core/session/token-source.ts';
import type { TokenAnswer } from '../../../src/core/session/types.ts';

type Handler = (input: RefreshInput, signal: AbortSignal) => Promise<TokenAnswer>;

/**
 * A token source whose answers the test scripts: by default each refresh mints a new pair
 * (rotation); `enqueue` puts a one-off answer (a refusal, a hand-resolved promise) in front.
 */
export class ScriptedSource implements TokenSource {
  readonly kind = 'scripted';
  canRefresh = true;
  readonly refreshCalls: RefreshInput[] = [];
  signInCalls = 0;
  readonly usedNodes: string[] = [];
  expiresIn = 100;
  userId = 'agent1';
  private minted = 0;
  private readonly queue: Handler[] = [];
  /** Every token this source ever issued, for leak scans. */
  readonly issued: string[] = [];
  /** While this returns an error, every refresh fails with it (an outage), before the queue. */
  outage: ((input: RefreshInput) => FinesseError | undefined) | undefined;
  /** When set, `mintedAt` keeps each access token's issue time on this (server) clock. */
  serverClock: { monotonic(): number } | undefined;
  readonly mintedAt = new Map<string, number>();

  mint(): TokenAnswer {
    this.minted++;
    const answer: TokenAnswer = {
      token: `at-secret-${this.minted}-${Math.random().toString(36).slice(2)}`,
      refreshToken: `rt-secret-${this.minted}-${Math.random().toString(36).slice(2)}`,
      expiresIn: this.expiresIn,
      userId: this.userId,
      realm: 'lab.example.com',
      userPrincipal: `${this.userId}@lab.example.com`,
    };
    this.issued.push(answer.token, answer.refreshToken!);
    if (this.serverClock) this.mintedAt.set(answer.token, this.serverClock.monotonic());
    return answer;
  }

  useNode(origin: string): void {
    this.usedNodes.push(origin);
  }

  enqueue(handler: Handler): void {
    this.queue.push(handler);
  }

  /** How often a tab asked to have its sign-in ready (the sign-in part, in production). */
  prepareSignInCalls = 0;

  prepareSignIn(): void {
    this.prepareSignInCalls++;
  }

  signIn(): Promise<TokenAnswer> {
    this.signInCalls++;
    return Promise.resolve(this.mint());
  }

  refresh(input: RefreshInput, { signal }: { signal: AbortSignal }): Promise<TokenAnswer> {
    this.refreshCalls.push(input);
    const down = this.outage?.(input);
    if (down) return Promise.reject(down);
    const handler = this.queue.shift();
    return handler ? handler(input, signal) : Promise.resolve(this.mint());
  }
}
