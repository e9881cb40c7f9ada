/**
 * The Finesse REST API (FINESSE.md §4) over an injected `fetch`: in the library that is the
 * session's, which adds the bearer for the configured Finesse origins and, on a 401, refreshes
 * once (only when the refused token is still the current one) and retries once.
 */
import { FinesseError, isFinesseError } from '../kernel/errors.ts';
import { createLogger } from '../kernel/logger.ts';
import { makeCallBody } from './build.ts';
import type {
  Dialog,
  FinesseNodeInfo,
  FinesseUser,
  ReasonCategory,
  ReasonCode,
  SystemInfo,
} from './models.ts';
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
  /**
   * Base URL of the other node, for failover when Finesse answers 503. Without it, the client
   * uses the secondary node SystemInfo names (`https://host:httpsPort`) once it was read.
   */
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

/**
 * Finesse answers 503 to every request while a node is in PARTIAL_SERVICE or OUT_OF_SERVICE;
 * what the body says is not reliably documented, so the status alone decides.
 */
export const isOutOfService = (status: number): boolean => status === 503;

/**
 * The error for a refused request: Finesse's own ErrorType/ErrorMessage when it sent them.
 * A 503 is `out-of-service` whatever its body says (no body, an HTML page, any ErrorType).
 */
export function apiErrorFrom(status: number, body: string): FinesseError {
  const first = readApiErrors(body)[0];
  if (isOutOfService(status)) {
    return new FinesseError('out-of-service', 'Finesse is out of service (HTTP 503).', {
      details: first?.errorType ? { status, errorType: first.errorType } : { status },
    });
  }
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
 * Failover: any 503 (classified by status, see `isOutOfService`) switches the client to the
 * other node when one is known (configured, or named by SystemInfo via `learnNodes`), retries
 * that one request there once, and tells `onNodeChange` listeners so notifications and the
 * token endpoint move too. A 503 that stays is `out-of-service`: the agent model then polls
 * SystemInfo (`readSystemInfo`) until a node is IN_SERVICE, as Cisco documents.
 *
 * UCCE: `resolveAgent(id)` reads the user once by whatever id the session knows (the login
 * name works), then every later call for that id goes to the returned `loginId`.
 */
export class FinesseRestClient {
  private readonly options: FinesseRestClientOptions;
  private current: FinesseNode = 'primary';
  private agent: { asked: string; loginId: string } | null = null;
  private readonly nodeListeners = new Set<(node: FinesseNode) => void>();
  private nodes: Record<FinesseNode, FinesseNodeInfo | null> = { primary: null, secondary: null };

  constructor(options: FinesseRestClientOptions) {
    this.options = options;
  }

  /** The secondary node's base URL: configured, else SystemInfo's; '' when none is known. */
  private get secondaryUrl(): string {
    if (this.options.secondaryUrl) return this.options.secondaryUrl;
    const info = this.nodes.secondary;
    if (!info) return '';
    const primary = new URL(this.options.primaryUrl);
    try {
      const url = new URL(`${primary.protocol}//${info.host}`);
      url.port = info.httpsPort;
      return url.origin;
    } catch {
      return '';
    }
  }

  /** The base URL of `node` ('' for a secondary nobody named). */
  urlOf(node: FinesseNode): string {
    return node === 'primary' ? this.options.primaryUrl : this.secondaryUrl;
  }

  /** What SystemInfo said about `node` (host and ports), once read. */
  nodeInfo(node: FinesseNode): FinesseNodeInfo | null {
    return this.nodes[node];
  }

  /** Remembers the nodes SystemInfo names: their ports, and the secondary when not configured. */
  learnNodes(info: SystemInfo): void {
    this.nodes = {
      primary: info.primaryNode ?? this.nodes.primary,
      secondary: info.secondaryNode ?? this.nodes.secondary,
    };
  }

  /**
   * `GET /finesse/api/SystemInfo` on one node, without failover: the recovery's poll. Its
   * nodes are learnt. Rejects (`out-of-service` on a 503) when that node does not answer it.
   */
  async readSystemInfo(node: FinesseNode): Promise<SystemInfo> {
    const base = this.urlOf(node);
    if (!base) throw new FinesseError('network', `No ${node} Finesse node is known.`);
    const { status, text } = await this.exchange('GET', '/finesse/api/SystemInfo', base);
    if (status === 401) throw signedOut();
    if (status < 200 || status >= 300) throw apiErrorFrom(status, text);
    const info = parseSystemInfo(text);
    this.learnNodes(info);
    return info;
  }

  /** Moves to `node` (the recovery found it IN_SERVICE) and tells the listeners. */
  moveTo(node: FinesseNode): void {
    if (node === this.current || !this.urlOf(node)) return;
    this.current = node;
    log.warn(`Finesse answered 503: moving to the ${node} node`);
    for (const listener of [...this.nodeListeners]) {
      try {
        listener(this.current);
      } catch {
        log.warn('an onNodeChange listener threw; ignored');
      }
    }
  }

  /** The node in use. */
  get node(): FinesseNode {
    return this.current;
  }

  /** The base URL of the node in use. */
  get baseUrl(): string {
    return (this.current === 'secondary' && this.secondaryUrl) || this.options.primaryUrl;
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

  async getSystemInfo(): Promise<SystemInfo> {
    const info = await this.get('/finesse/api/SystemInfo', parseSystemInfo);
    this.learnNodes(info);
    return info;
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
    let answer = await this.exchange(method, path, this.baseUrl, body, requestId);
    if (isOutOfService(answer.status)) {
      // Requests in flight together all see the 503: the first one moves the client, the
      // others only retry on the node it moved to (moving again would flip back).
      if (this.current !== sentTo || this.failover()) {
        answer = await this.exchange(method, path, this.baseUrl, body, requestId);
      }
    }
    // The session already refreshed and retried once; a 401 now means the pair is no good.
    if (answer.status === 401) throw signedOut();
    return answer;
  }

  private async exchange(
    method: string,
    path: string,
    base: string,
    body?: string,
    requestId?: string,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(path, base).href;
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
    if (!this.secondaryUrl) return false;
    this.moveTo(this.current === 'primary' ? 'secondary' : 'primary');
    return true;
  }
}

const signedOut = () =>
  new FinesseError('signed-out', 'Finesse refused the sign-in (HTTP 401).', {
    details: { status: 401 },
  });
