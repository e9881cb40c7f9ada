/**
 * The request plumbing under the Finesse REST client: which node it talks to (and failover on
 * a 503), the nodes SystemInfo named, and one request as sent through the injected `fetch`.
 * Split from `rest-client.ts`, which adds the per-resource calls on top of this class.
 */
import { FinesseError, isFinesseError } from '../kernel/errors.ts';
import { createLogger } from '../kernel/logger.ts';
import type { FinesseNodeInfo, SystemInfo } from './models.ts';
import { apiErrorFrom, isOutOfService, signedOut } from './rest-errors.ts';

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
 * Node bookkeeping and requests: GET answers are parsed by the caller's parser; a PUT/POST
 * resolves when Finesse accepted it (200 or 202). See `FinesseRestClient` for the failover.
 */
export class RestTransport {
  private readonly options: FinesseRestClientOptions;
  private current: FinesseNode = 'primary';
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

  /** Called after a failover moved the client to another node. Returns the unsubscribe. */
  onNodeChange(listener: (node: FinesseNode) => void): () => void {
    this.nodeListeners.add(listener);
    return () => this.nodeListeners.delete(listener);
  }

  protected async get<T>(path: string, parse: (xml: string) => T): Promise<T> {
    const { status, text } = await this.request('GET', path);
    if (status < 200 || status >= 300) throw apiErrorFrom(status, text);
    return parse(text);
  }

  protected async command(
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

  protected async exchange(
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
