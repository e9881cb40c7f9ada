import type { RefreshInput, TokenSource } from '../../../src/core/token-source.ts';
import type { TokenAnswer } from '../../../src/core/types.ts';

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
    return answer;
  }

  useNode(origin: string): void {
    this.usedNodes.push(origin);
  }

  enqueue(handler: Handler): void {
    this.queue.push(handler);
  }

  signIn(): Promise<TokenAnswer> {
    this.signInCalls++;
    return Promise.resolve(this.mint());
  }

  refresh(input: RefreshInput, { signal }: { signal: AbortSignal }): Promise<TokenAnswer> {
    this.refreshCalls.push(input);
    const handler = this.queue.shift();
    return handler ? handler(input, signal) : Promise.resolve(this.mint());
  }
}
