/**
 * Gadget mode: the session of a gadget inside the Finesse desktop. The desktop owns the token
 * pair and refreshes it; this session never refreshes, never opens a popup and never calls the
 * token endpoint. It reads the container's `Authorization` header for every request (never
 * caching it), so each request carries whatever the desktop holds at that moment.
 */
import type { Clock } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import { Emitter } from '../kernel/emitter.ts';
import { FinesseError } from '../kernel/errors.ts';
import type { NotificationFactory } from '../finesse/agent-options.ts';
import type {
  ManagedSession,
  SessionEndpoints,
  SessionListener,
  SignOutOptions,
} from '../session/session-api.ts';
import type {
  ConnectionProblem,
  SessionEventMap,
  SessionState,
  SessionUser,
  StorageKind,
} from '../session/types.ts';
import { configAgentId, configDrift, configLanguage } from './config-user.ts';
import type { GadgetConfig } from './finesse-globals.ts';
import { configOrigin } from './finesse-globals.ts';

export interface GadgetSessionOptions {
  /**
   * `finesse.gadget.Config` (the Finesse node, the agent, locale and drift; kept by reference
   * and read when needed, since `ClientServices.init` adds the id after the page loaded).
   */
  config: GadgetConfig;
  /**
   * The container's header, read for every request: in the desktop,
   * `finesse.utilities.Utilities.getAuthHeaderString(finesse.gadget.Config)`. "Bearer …" in SSO
   * mode, "Basic …" otherwise; empty or null when there is none.
   */
  getAuthHeader(): string | null | undefined;
  /** Overrides the node the Config names (the element's `finesse-url`). */
  finesseUrl?: string;
  /** The agent's id when the Config yields none (the element's `username`; see config-user.ts). */
  username?: string;
  secondaryUrl?: string;
  notificationUrl?: string;
  /** The gadget's own origin (also a Finesse origin: gadgets are served by Finesse). */
  pageOrigin?: string;
  fetch?: typeof fetch;
  clock?: Clock;
  /** How often the header's presence is checked, to report signed-out ↔ active. Default 2 000. */
  checkMs?: number;
}

/** Reads the container's header defensively: a throwing container counts as "no header". */
function readHeader(read: () => string | null | undefined): string | null {
  try {
    const header = read();
    return typeof header === 'string' && header.trim() ? header.trim() : null;
  } catch {
    return null;
  }
}

export class GadgetSession implements ManagedSession {
  readonly mode = 'gadget' as const;
  /**
   * Where agent models get live updates: the Finesse container's feed (set by
   * `createGadgetSession`), null to poll; undefined would mean XMPP of our own.
   */
  notificationFactory: NotificationFactory | null = null;
  /** Nothing is stored: the Finesse desktop holds the pair. */
  readonly storage: StorageKind = 'memory';
  readonly lastError: FinesseError | null = null;
  readonly expiresAt = null;
  readonly refreshAt = null;
  readonly expired = false;
  /** The Finesse desktop owns idle handling: never an idle warning here. */
  readonly idleSignOutAt = null;
  /** The desktop renews its own token; this session never does. */
  readonly silentRenewal = false;
  /** The Finesse desktop reaches Finesse itself: nothing to diagnose here. */
  readonly connectionProblems: readonly ConnectionProblem[] = [];
  readonly endpoints: SessionEndpoints;

  private readonly options: GadgetSessionOptions;
  private readonly clock: Clock;
  private readonly emitter = new Emitter<SessionEventMap>();
  private readonly origins: string[];
  private lastState: SessionState;
  private timer: unknown = null;
  private running = false;

  constructor(options: GadgetSessionOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    const pageOrigin = options.pageOrigin ?? globalThis.location?.origin;
    const pageProtocol = pageOrigin ? new URL(pageOrigin).protocol : undefined;
    const primary =
      (options.finesseUrl && new URL(options.finesseUrl, pageOrigin).origin) ||
      configOrigin(options.config, pageProtocol) ||
      pageOrigin;
    if (!primary) throw new FinesseError('foreign-origin', 'Gadget mode needs a Finesse origin.');
    const secondary = options.secondaryUrl && new URL(options.secondaryUrl, primary).origin;
    this.endpoints = {
      finesseUrl: primary,
      ...(secondary ? { secondaryUrl: secondary } : {}),
      ...(options.notificationUrl ? { notificationUrl: options.notificationUrl } : {}),
    };
    this.origins = [...new Set([primary, secondary, pageOrigin].filter(Boolean) as string[])];
    this.lastState = this.state;
  }

  private header(): string | null {
    return readHeader(() => this.options.getAuthHeader());
  }

  get state(): SessionState {
    return this.header() ? 'active' : 'signed-out';
  }

  get user(): SessionUser | null {
    const id = this.username;
    if (!id || !this.header()) return null;
    return { userId: id, realm: '', userPrincipal: id };
  }

  get username(): string | null {
    return configAgentId(this.options.config, this.options.username);
  }

  /** The Finesse desktop's language (`locale`, else `language`): the elements speak it. */
  get language(): string | null {
    return configLanguage(this.options.config);
  }

  /**
   * Finesse server time: the clock plus the Config's `clientDriftInMillis`, so durations
   * against Finesse's timestamps (time in state, call timers) are right on a skewed PC.
   */
  now(): number {
    return this.clock.now() + configDrift(this.options.config);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.check();
  }

  dispose(): void {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.emitter.clear();
  }

  /** Reports a change between active and signed-out (the desktop signed in or out). */
  private check(): void {
    this.noteState();
    if (!this.running) return;
    this.timer = this.clock.setTimeout(() => this.check(), this.options.checkMs ?? 2_000);
  }

  private noteState(): void {
    const state = this.state;
    if (state === this.lastState) return;
    const previous = this.lastState;
    this.lastState = state;
    this.emitter.emit('session-change', { state, previous, expired: false });
  }

  /** The desktop signs the agent in; a gadget has no sign-in of its own. */
  signIn(): Promise<void> {
    return Promise.reject(
      new FinesseError(
        'signed-out',
        'In gadget mode the Finesse desktop owns the sign-in: sign in to the Finesse desktop, not the gadget.',
      ),
    );
  }

  /** The desktop owns sign-out: a gadget forgets nothing and signs nobody out. */
  signOut(_options?: SignOutOptions): Promise<void> {
    return Promise.resolve();
  }

  getAccessToken(): Promise<string> {
    const header = this.header();
    if (!header) {
      this.noteState();
      return Promise.reject(
        new FinesseError('signed-out', 'The Finesse desktop has no sign-in for this gadget.'),
      );
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      return Promise.reject(
        new FinesseError(
          'not-bearer',
          'This Finesse desktop does not use SSO (its header is not a bearer token); fetch() still works.',
        ),
      );
    }
    return Promise.resolve(match[1]!);
  }

  /**
   * `fetch` for the Finesse API with the container's current header: relative URLs against the
   * Finesse node, the header only for Finesse origins (`foreign-origin` otherwise), and on a 401
   * one more read of the header and one retry when the desktop has a different one by then.
   */
  async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url =
      input instanceof Request
        ? new URL(input.url)
        : new URL(String(input), this.endpoints.finesseUrl);
    if (!this.origins.includes(url.origin)) {
      throw new FinesseError(
        'foreign-origin',
        `Refusing to send the Finesse sign-in to ${url.origin}, which is not a Finesse node.`,
      );
    }
    const original = input instanceof Request ? new Request(input, init) : new Request(url, init);
    const header = this.header();
    if (!header) {
      this.noteState();
      throw new FinesseError('signed-out', 'The Finesse desktop has no sign-in for this gadget.');
    }
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    const send = (request: Request, value: string) => {
      const headers = new Headers(request.headers);
      headers.set('Authorization', value);
      return doFetch(new Request(request, { headers }));
    };
    const response = await send(original.clone(), header);
    if (response.status !== 401) return response;
    const next = this.header();
    if (!next || next === header) return response; // nothing better to try
    return send(original, next);
  }

  /** Failover is the desktop's business; REST follows the client's own node choice. */
  useNode(_node: 'primary' | 'secondary'): void {}

  on<K extends keyof SessionEventMap>(type: K, listener: SessionListener<K>): () => void {
    return this.emitter.on(type, listener);
  }
}
