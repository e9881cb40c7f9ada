/**
 * The Finesse REST API (FINESSE.md §4) over an injected `fetch`: in the library that is the
 * session's, which adds the bearer for the configured Finesse origins and, on a 401, refreshes
 * once (only when the refused token is still the current one) and retries once.
 */
import { FinesseError, isFinesseError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { makeCallBody } from './build.ts';
import type { Dialog, FinesseUser, ReasonCategory, ReasonCode, SystemInfo } from './models.ts';
import {
  parseDialogs,
  parseReasonCodes,
  parseSystemInfo,
  parseUser,
  readApiErrors,
} from './parse.ts';

const log = createLogger('rest');

/** Which Finesse node the client talks to. */
export type FinesseNode = 'primary' | 'secondary';

export interface FinesseRestClientOptions {
  /** Sends a request; absolute URLs. The session's `fetch` in the library. */
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  /** Base URL of the primary node, e.g. `https://fin1.example.com:8445`. */
  primaryUrl: string;
  /** Base URL of the other node, for SERVER_OUT_OF_SERVICE failover. */
  secondaryUrl?: string;
  /**
   * Send a random `requestId` header with commands (Finesse echoes it in the async outcome).
   * Default true. Turn off if a cross-origin deployment's CORS settings refuse the header.
   */
  requestIdHeader?: boolean;
  /** Makes request ids; tests pass a counter. */
  newRequestId?: () => string;
}

/** What a command returns once Finesse accepted it (200 or 202). */
export interface CommandResult {
  /** The `requestId` sent with it ('' when none was sent), to match async apiErrors. */
  requestId: string;
}

function randomRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The error for a refused request: Finesse's own ErrorType/ErrorMessage when it sent them. */
export function apiErrorFrom(status: number, body: string): FinesseError {
  const first = readApiErrors(body)[0];
  if (first && (first.errorType || first.errorMessage)) {
    const { errorType, errorMessage } = first;
    const message = errorMessage ? `${errorType}: ${errorMessage}` : errorType;
    return new FinesseError('api-error', message, {
      details: { status, errorType, errorMessage },
    });
  }
  return new FinesseError('api-error', `Finesse answered HTTP ${status}.`, { details: { status } });
}

/**
 * Typed reads and commands. GET answers are parsed into models; a PUT/POST resolves when
 * Finesse accepted it (200 or 202; the outcome arrives as a notification).
 *
 * Failover: a 503 whose body says `SERVER_OUT_OF_SERVICE` switches the client to the other
 * node (when one is configured), retries that one request there once, and tells
 * `onNodeChange` listeners so notifications can move too. The other node's origin must be
 * configured on the session (`secondary-url`), or the session refuses to send it the bearer.
 * The token endpoint does not move with it: in popup mode the page is same-origin with the
 * primary node, and reading another node's token page is out of reach.
 *
 * UCCE: `resolveAgent(id)` reads the user once by whatever id the session knows (the login
 * name works), then every later call for that id goes to the returned `loginId`.
 */
export class FinesseRestClient {
  private readonly options: FinesseRestClientOptions;
  private current: FinesseNode = 'primary';
  private agent: { asked: string; loginId: string } | null = null;
  private readonly nodeListeners = new Set<(node: FinesseNode) => void>();

  constructor(options: FinesseRestClientOptions) {
    this.options = options;
  }

  /** The node in use. */
  get node(): FinesseNode {
    return this.current;
  }

  /** The base URL of the node in use. */
  get baseUrl(): string {
    return this.current === 'secondary' && this.options.secondaryUrl
      ? this.options.secondaryUrl
      : this.options.primaryUrl;
  }

  /** The agent's `loginId` once `resolveAgent` succeeded, else null. */
  get loginId(): string | null {
    return this.agent?.loginId ?? null;
  }

  /** Called after a failover moved the client to another node. Returns the unsubscribe. */
  onNodeChange(listener: (node: FinesseNode) => void): () => void {
    this.nodeListeners.add(listener);
    return () => this.nodeListeners.delete(listener);
  }

  /** Reads the user by the session's id (loginName works on UCCE) and remembers its loginId. */
  async resolveAgent(userId: string): Promise<FinesseUser> {
    const user = await this.getUser(userId);
    this.agent = { asked: userId, loginId: user.loginId || userId };
    return user;
  }

  getUser(id: string): Promise<FinesseUser> {
    return this.get(this.userPath(id), parseUser);
  }

  getReasonCodes(id: string, category: ReasonCategory): Promise<ReasonCode[]> {
    return this.get(
      `${this.userPath(id)}/ReasonCodes?category=${encodeURIComponent(category)}`,
      (x) => parseReasonCodes(x, category),
    );
  }

  getDialogs(id: string): Promise<Dialog[]> {
    return this.get(`${this.userPath(id)}/Dialogs`, parseDialogs);
  }

  getSystemInfo(): Promise<SystemInfo> {
    return this.get('/finesse/api/SystemInfo', parseSystemInfo);
  }

  /** `PUT /finesse/api/User/<id>` with a body from `userStateBody`. */
  setUserState(id: string, body: string): Promise<CommandResult> {
    return this.command('PUT', this.userPath(id), body);
  }

  /** `POST /finesse/api/User/<id>/Dialogs`: MAKE_CALL. */
  makeCall(id: string, from: string, to: string): Promise<CommandResult> {
    return this.command('POST', `${this.userPath(id)}/Dialogs`, makeCallBody(from, to));
  }

  /** `PUT /finesse/api/Dialog/<dialogId>` with a body from `dialogActionBody`. */
  dialogAction(dialogId: string, body: string): Promise<CommandResult> {
    return this.command('PUT', `/finesse/api/Dialog/${encodeURIComponent(dialogId)}`, body);
  }

  // ---- internals ------------------------------------------------------------------------

  /** The UCCE rule: the id the agent was resolved with maps to its loginId. */
  private userPath(id: string): string {
    const agent = this.agent;
    const target = agent && id.toLowerCase() === agent.asked.toLowerCase() ? agent.loginId : id;
    return `/finesse/api/User/${encodeURIComponent(target)}`;
  }

  private async get<T>(path: string, parse: (xml: string) => T): Promise<T> {
    const { status, text } = await this.request('GET', path);
    if (status < 200 || status >= 300) throw apiErrorFrom(status, text);
    return parse(text);
  }

  private async command(
    method: 'PUT' | 'POST',
    path: string,
    body: string,
  ): Promise<CommandResult> {
    const requestId =
      this.options.requestIdHeader === false
        ? ''
        : (this.options.newRequestId ?? randomRequestId)();
    const { status, text } = await this.request(method, path, body, requestId);
    if (status !== 200 && status !== 202) throw apiErrorFrom(status, text);
    return { requestId };
  }

  private async request(
    method: string,
    path: string,
    body?: string,
    requestId?: string,
  ): Promise<{ status: number; text: string }> {
    const sentTo = this.current;
    let answer = await this.exchange(method, path, body, requestId);
    if (answer.status === 503 && answer.text.includes('SERVER_OUT_OF_SERVICE')) {
      // Requests in flight together all see the 503: the first one moves the client, the
      // others only retry on the node it moved to (moving again would flip back).
      if (this.current !== sentTo || this.failover()) {
        answer = await this.exchange(method, path, body, requestId);
      }
    }
    if (answer.status === 401) {
      // The session already refreshed and retried once; a 401 now means the pair is no good.
      throw new FinesseError('signed-out', 'Finesse refused the sign-in (HTTP 401).', {
        details: { status: 401 },
      });
    }
    return answer;
  }

  private async exchange(
    method: string,
    path: string,
    body?: string,
    requestId?: string,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(path, this.baseUrl).href;
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/xml';
    if (requestId) headers['requestId'] = requestId;
    let response: Response;
    try {
      response = await this.options.fetch(url, { method, headers, body });
    } catch (cause) {
      if (isFinesseError(cause)) throw cause; // signed-out, foreign-origin… from the session
      throw new FinesseError('network', `Finesse could not be reached (${method} ${path}).`, {
        cause,
      });
    }
    let text = '';
    try {
      text = await response.text();
    } catch {
      // A body that broke off: the status still says what happened.
    }
    return { status: response.status, text };
  }

  /** Moves to the other node if there is one; true when it did. */
  private failover(): boolean {
    if (!this.options.secondaryUrl) return false;
    this.current = this.current === 'primary' ? 'secondary' : 'primary';
    log.warn(`SERVER_OUT_OF_SERVICE: moving to the ${this.current} node`);
    for (const listener of [...this.nodeListeners]) {
      try {
        listener(this.current);
      } catch {
        log.warn('an onNodeChange listener threw; ignored');
      }
    }
    return true;
  }
}
