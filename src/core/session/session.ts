import type { Clock } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import { Emitter } from '../kernel/emitter.ts';
import { FinesseError, TRANSPORT_CODES } from '../kernel/errors.ts';
import type { LockManagerLike } from '../kernel/locks.ts';
import type { XmppSettings } from './endpoints.ts';
import { createLogger } from '../kernel/logger.ts';
import type { SessionRecord, SignOutReason } from './record.ts';
import {
  DEFAULT_REFRESH_LIFETIME_MS,
  dueAt,
  isLive,
  normaliseUserId,
  newSessionRecord,
  recordKey,
  sameVersion,
  shiftTimes,
  userOf,
} from './record.ts';
import type { RefreshRequest, RefreshRunner, RunOutcome } from './refresh-protocol.ts';
import { outcomeNotice, refreshUnderLock } from './refresh-protocol.ts';
import { authorizedFetch } from './authorized-fetch.ts';
import { answerUnauthorized } from './unauthorized.ts';
import type { DoctorLike } from './connection-problem.ts';
import type {
  ManagedSession,
  SessionEndpoints,
  SessionListener,
  SignOutOptions,
} from './session-api.ts';
import type { SessionStore } from './store.ts';
import type { ChannelLike, TabMessage } from '../kernel/tab-channel.ts';
import { isTabMessageFor } from '../kernel/tab-channel.ts';
import { countMalformed } from '../kernel/malformed.ts';
import type { HistoryEntry, HistoryLog } from './history.ts';
import { answerRoster, holdsNotifications } from './roster.ts';
import type { RosterTab } from './roster.ts';
import type { SessionTiming } from './timing.ts';
import { DEFAULT_TIMING, expiryMargin } from './timing.ts';
import type { TokenSource } from './token-source.ts';
import type {
  ConnectionProblem,
  DeploymentMode,
  SessionEventMap,
  SessionState,
  SessionUser,
  StorageKind,
  TokenAnswer,
} from './types.ts';
import { watchLifecycle } from '../kernel/lifecycle.ts';
import type { LifecycleTargets } from '../kernel/lifecycle.ts';
import { PROBLEM_MESSAGES, deriveState, nextWakeAt, sameUser } from './session-state.ts';
import type { TabView } from './session-state.ts';

const log = createLogger('session');

export interface SsoSessionOptions {
  /** The primary Finesse node's origin: part of the record key. */
  cluster: string;
  /** Base for relative URLs in `fetch()`. */
  finesseUrl: string;
  /** Origins that may receive the bearer token (primary and secondary node). */
  finesseOrigins: string[];
  /** Secondary node and notification URL, passed through to `endpoints`. */
  secondaryUrl?: string;
  notificationUrl?: string;
  /** XMPP settings, passed through to `endpoints` (validated by the factory). */
  xmpp?: XmppSettings;
  mode: DeploymentMode;
  source: TokenSource;
  /**
   * The shared store, or a function that opens it (IndexedDB with a probe, memory fallback);
   * the session exists at once so a click can open the popup before the store is ready.
   */
  store: SessionStore | (() => Promise<{ store: SessionStore; degraded?: string }>);
  locks: LockManagerLike;
  /** Cross-tab notices; omitted (or ignored) with the memory store. */
  channel?: ChannelLike;
  username?: string;
  refreshRatio?: number;
  /**
   * How long a refresh token lives, counted from the interactive sign-in or the last rotation
   * (Finesse does not say). Transport failures are retried until then; past it the agent has
   * to sign in. Default 10 h (IdS's default refresh-token lifetime, 36 000 s).
   */
  refreshLifetimeMs?: number;
  /** Jitter for the retry backoff (tests pass a fixed one). */
  random?: () => number;
  clock?: Clock;
  fetch?: typeof fetch;
  lifecycle?: LifecycleTargets;
  tabId?: string;
  randomId?: () => string;
  timing?: Partial<SessionTiming>;
  /** A reason the session cannot work at all here (e.g. `insecure-context`). */
  fatal?: FinesseError;
  /** Called on every authorised request (the idle timeout counts API use as activity). */
  onApiUse?: () => void;
  /**
   * What a 401 means: `refresh` (Finesse, OIDC: refresh once and retry) or `idle-expiry`
   * (Genesys Cloud: the server ended the session for inactivity, so sign out every tab).
   */
  unauthorized?: 'refresh' | 'idle-expiry';
  /**
   * Sets the agent to LOGOUT before `signOut({ agentLogout })` forgets the pair: Finesse REST,
   * which this provider-neutral engine does not speak (the assembly room passes
   * finesse/agent-logout.ts). Without it, `agentLogout` is ignored.
   */
  logoutAgent?: (userId: string, reasonCodeId: string | number) => Promise<void>;
  /** Helpers that live as long as the session (the idle watch): started and disposed with it. */
  companions?: Array<{ start(): unknown; dispose(): void }>;
  /**
   * Runs the refresh protocol: in the page by default; the refresh keeper (a service worker)
   * runs it where a reload or a closed tab must not lose the answer.
   */
  refreshRunner?: RefreshRunner;
  /** Diagnoses failed connections (certificate, CSP, network); started and disposed with the session. */
  doctor?: DoctorLike;
  /** Where refreshes and sign-ins are noted for the doctor page (never a token); none if omitted. */
  history?: HistoryLog;
  /** The doctor's roster channel: this tab answers its queries (closed with the session). */
  rosterChannel?: ChannelLike;
}

const defaultRandomId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};

/**
 * One agent's session in one tab. All tabs of the agent share the record in IndexedDB; at most
 * one of them refreshes it at a time (see `refresh-protocol.ts`). This class turns the record
 * into a state, schedules the next check on absolute time, and carries out sign-in, sign-out,
 * token hand-out and authorised fetches.
 */
export class SsoSession implements ManagedSession {
  readonly mode: DeploymentMode;
  private readonly options: SsoSessionOptions;
  /**
   * The connection doctor the floors above report transport failures to (the notification
   * socket; REST goes through the reporting fetch). Absent when the session was built without one.
   */
  readonly doctor: DoctorLike | undefined;
  private readonly clock: Clock;
  private readonly timing: SessionTiming;
  private readonly tabId: string;
  private readonly emitter = new Emitter<SessionEventMap>();
  private readonly ratio: number;
  private key: string | null = null;
  private record: SessionRecord | undefined;
  private lastUser: string | null = null;
  private currentState: SessionState = 'signed-out';
  private error: FinesseError | null = null;
  private signingInNow = false;
  private readonly signingInElsewhere = new Map<string, number>();
  private refreshingHere = false;
  private inflight: Promise<void> | null = null;
  private timer: unknown = null;
  private disposed = false;
  private readonly cleanups: Array<() => void> = [];
  private store: SessionStore | null = null;
  private storageDegraded: string | undefined;
  private readonly ready: Promise<void>;
  private idleAt: number | null = null;
  private readonly refreshLifetimeMs: number;
  /** The access token is past its expiry while the pair is kept (shown with `offline`). */
  private wasExpired = false;
  /** Wall and monotonic readings at the last look, to notice wall-clock jumps. */
  private clockMark: { wall: number; mono: number } | null = null;
  /** A backward wall-clock jump seen but not yet applied to the record written before it. */
  private pendingJump: { by: number; seen: SessionRecord | undefined } | null = null;
  private malformed = 0;
  /** The tail of the cross-tab notices being handled, one after another. */
  private messages: Promise<void> = Promise.resolve();

  constructor(options: SsoSessionOptions) {
    this.options = options;
    this.doctor = options.doctor;
    this.mode = options.mode;
    this.clock = options.clock ?? systemClock;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.tabId = options.tabId ?? defaultRandomId();
    const ratio = options.refreshRatio ?? 0.75;
    if (!(ratio > 0 && ratio < 1)) throw new RangeError('refresh-ratio must be between 0 and 1');
    this.ratio = ratio;
    const lifetime = options.refreshLifetimeMs ?? DEFAULT_REFRESH_LIFETIME_MS;
    if (!(lifetime > 0)) throw new RangeError('refresh-lifetime must be a positive number');
    this.refreshLifetimeMs = lifetime;
    if (options.fatal) this.error = options.fatal;
    const { store } = options;
    if (typeof store === 'function') {
      this.ready = store().then((opened) => {
        this.store = opened.store;
        this.storageDegraded = opened.degraded;
      });
    } else {
      this.store = store;
      this.ready = Promise.resolve();
    }
  }

  // ---- read-only view -------------------------------------------------------------------

  get state(): SessionState {
    return this.currentState;
  }
  get expiresAt(): number | null {
    return isLive(this.record) ? this.record.expiresAt : null;
  }
  get refreshAt(): number | null {
    return isLive(this.record) && !this.record.needsSignIn ? dueAt(this.record) : null;
  }
  /**
   * The access token has run out while the session keeps the pair and keeps renewing it (state
   * `offline`: Finesse is not answering). Nothing for the agent to do; a sign-in is optional.
   */
  get expired(): boolean {
    return this.isExpired(this.clock.now());
  }
  get user(): SessionUser | null {
    return isLive(this.record) ? userOf(this.record) : null;
  }
  get storage(): StorageKind {
    return this.store?.kind ?? 'indexeddb';
  }
  get lastError(): FinesseError | null {
    return this.error;
  }
  get username(): string | null {
    return this.options.username ?? this.lastUser;
  }
  get silentRenewal(): boolean {
    return this.options.source.canRefresh;
  }
  get signingInHere(): boolean {
    return this.signingInNow;
  }
  get idleSignOutAt(): number | null {
    return this.idleAt;
  }
  /** Cross-tab messages this session ignored because of their shape or range (diagnostics). */
  get malformedMessages(): number {
    return this.malformed;
  }
  get connectionProblems(): readonly ConnectionProblem[] {
    return this.doctor?.problems ?? [];
  }
  now(): number {
    return this.clock.now();
  }
  get endpoints(): SessionEndpoints {
    const { finesseUrl, secondaryUrl, notificationUrl, xmpp } = this.options;
    return { finesseUrl, secondaryUrl, notificationUrl, ...(xmpp ? { xmpp } : {}) };
  }

  on<K extends keyof SessionEventMap>(type: K, listener: SessionListener<K>): () => void {
    return this.emitter.on(type, listener);
  }

  // ---- lifecycle ------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.options.fatal) {
      this.emitter.emit('session-error', errorDetail(this.options.fatal));
      return;
    }
    // Before the first await: the relay frame (created at the first render) may be blocked by CSP.
    const doctor = this.doctor;
    if (doctor) {
      const forward = (problems: readonly ConnectionProblem[]) =>
        this.emitter.emit('connection-problems', { problems });
      this.cleanups.push(doctor.onChange(forward), () => doctor.dispose());
      doctor.start();
    }
    await this.ready;
    this.listen();
    const roster = this.options.rosterChannel;
    if (roster) {
      this.cleanups.push(
        answerRoster(roster, () => this.rosterTab()),
        () => roster.close(),
      );
    }
    const unwatch = this.options.source.watchSignIns?.((pending) => {
      this.signInFrom(pending).catch(() => undefined); // shown through state and lastError
    });
    if (unwatch) this.cleanups.push(unwatch);
    for (const companion of this.options.companions ?? []) {
      void companion.start();
      this.cleanups.push(() => companion.dispose());
    }
    if (this.storageDegraded) {
      this.emitter.emit('storage-degraded', { reason: this.storageDegraded });
    }
    this.sampleClock();
    await this.resolveKey();
    await this.reload();
    await this.repairClock();
    // Refresh at once if the stored pair is already due (a tab opened after a long sleep).
    if (isLive(this.record) && !this.record.needsSignIn && this.clock.now() >= dueAt(this.record)) {
      void this.refresh({ known: this.record });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.timer);
    if (this.signingInNow)
      this.post({ type: 'signing-in', from: this.tabId, open: false, until: 0 });
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.emitter.clear();
  }

  // ---- public actions -------------------------------------------------------------------

  /**
   * Opens the sign-in window synchronously (call from a click handler), then stores the new
   * pair for every tab. Rejects with a FinesseError; the error is also shown and emitted.
   */
  signIn(options: { username?: string } = {}): Promise<void> {
    if (this.options.fatal) return Promise.reject(this.options.fatal);
    const username = options.username?.trim() || this.username || undefined;
    let pending: Promise<TokenAnswer>;
    try {
      pending = this.options.source.signIn({ username }); // opens the popup, synchronously
    } catch (error) {
      pending = Promise.reject(error);
    }
    return this.signInFrom(pending, username);
  }

  /**
   * Commits a sign-in the source started by itself (relay mode: the agent clicked inside the
   * relay frame) exactly like one started by `signIn()`.
   */
  signInFrom(pending: Promise<TokenAnswer>, requested?: string): Promise<void> {
    if (this.options.fatal) return Promise.reject(this.options.fatal);
    const username = requested?.trim() || this.username || undefined;
    this.signingInNow = true;
    const until = this.clock.now() + this.timing.signingInTtlMs;
    this.post({ type: 'signing-in', from: this.tabId, open: true, until });
    this.update();
    return pending
      .then((answer) => this.commitSignIn(answer, username))
      .catch((error: unknown) => {
        const failure =
          error instanceof FinesseError
            ? error
            : new FinesseError('token-page-unreadable', 'The sign-in failed.', { cause: error });
        this.note({ kind: 'sign-in', outcome: 'failed', code: failure.code });
        this.setError(failure);
        throw failure;
      })
      .finally(() => {
        this.signingInNow = false;
        this.post({ type: 'signing-in', from: this.tabId, open: false, until: 0 });
        this.update();
      });
  }

  /** Forgets the pair in every tab of this agent; optionally sets the agent to LOGOUT first. */
  async signOut(options: SignOutOptions = {}): Promise<void> {
    const record = this.record;
    if (!isLive(record) || !this.key) return;
    const logoutAgent = this.options.logoutAgent;
    if (options.agentLogout && logoutAgent) {
      try {
        await logoutAgent(record.userId, options.agentLogout.reasonCodeId);
      } catch (error) {
        // Forget the pair anyway: the agent asked to sign out. Say what did not happen.
        if (error instanceof FinesseError) this.setError(error);
      }
    }
    await this.forget(record);
  }

  /**
   * Ends the session in every tab because the agent was idle too long (the idle watch expired,
   * or the server answered 401 where that means idle expiry). Every tab shows `idle-timeout`.
   */
  async endForIdle(): Promise<void> {
    this.setIdleWarning(null);
    const record = this.record;
    if (isLive(record) && this.key) await this.forget(record, 'idle-timeout');
  }

  /** Turns the record into a tombstone (sign-out wins over any generation) and tells every tab. */
  private async forget(record: SessionRecord, reason?: SignOutReason): Promise<void> {
    const key = this.key!;
    await this.store!.tombstone(key, record.sessionId, this.clock.now(), this.tabId, reason);
    this.post({ type: 'record-changed', key, from: this.tabId, why: 'signed-out' });
    await this.reload();
  }

  /** Shows (epoch ms of the coming idle sign-out) or clears (null) the idle warning in this tab. */
  setIdleWarning(signOutAt: number | null): void {
    if (signOutAt === this.idleAt) return;
    this.idleAt = signOutAt;
    this.emitter.emit('idle-warning', { signOutAt });
  }

  useNode(node: 'primary' | 'secondary', origin?: string): void {
    const { cluster, finesseOrigins } = this.options;
    let target = node === 'primary' ? cluster : finesseOrigins[1];
    // A secondary SystemInfo named (no `secondary-url`): it may see the bearer from now on,
    // when it speaks the primary's scheme. The primary node itself told us its peer.
    if (node === 'secondary' && origin && !target && sameScheme(origin, cluster)) {
      finesseOrigins.push(origin);
      target = origin;
    }
    if (target) this.options.source.useNode?.(target);
  }

  /**
   * The current access token, refreshed first when due. Rejects when there is none, and with
   * `user-mismatch` when the user changed meanwhile: a tab never hands out user B's token to
   * a call made while it showed user A.
   */
  getAccessToken(): Promise<string> {
    return this.tokenShownAs(this.shownKey());
  }

  /** The token for the user this tab showed when the call started (`shown`: its record key). */
  private async tokenShownAs(shown: string | null): Promise<string> {
    const token = await this.currentToken();
    const key = this.record?.key ?? null;
    // Bound to a user (`username`): only that user's record, ever. Else: the user shown at the start.
    const bound = this.options.username ? this.key : null;
    if ((shown !== null && key !== shown) || (bound !== null && key !== bound)) {
      throw new FinesseError(
        'user-mismatch',
        'Another user signed in in this browser; this tab does not hand out their sign-in.',
      );
    }
    return token;
  }

  /** The record key of the user this tab shows now (null before any). */
  private shownKey(): string | null {
    return this.record?.key ?? null;
  }

  /** The current access token, refreshed first when due. Rejects when there is none. */
  private async currentToken(): Promise<string> {
    if (this.options.fatal) throw this.options.fatal;
    // A wall clock set back would make a dead token look fresh: re-plan first.
    this.sampleClock();
    await this.repairClock();
    // Before handing out a token, trust the clock over timers that may have slept.
    if (!isLive(this.record) || this.clock.now() >= dueAt(this.record)) await this.reload();
    let record = this.record;
    if (isLive(record) && !record.needsSignIn && this.clock.now() >= dueAt(record)) {
      await this.refresh({ known: record });
      record = this.record;
    }
    if (!isLive(record)) throw new FinesseError('signed-out', 'The agent is not signed in.');
    // A token handed out this close to its end may reach Finesse after it (the server started
    // its lifetime before we stored it): stop handing it out a margin early.
    if (this.clock.now() >= record.expiresAt - expiryMargin(record.issuedAt, record.expiresAt)) {
      if (record.failure && !record.needsSignIn) {
        throw new FinesseError(
          record.failure.code,
          'The access token has expired and Finesse is not answering; the session keeps renewing it.',
        );
      }
      const code = record.needsSignIn?.code ?? this.error?.code ?? 'refresh-rejected';
      throw new FinesseError(code, 'The sign-in has expired. Sign in again.');
    }
    return record.token;
  }

  /**
   * `fetch` with the bearer token for Finesse origins only. On a 401, at most one refresh per
   * pair (see `unauthorized.ts`: a 401 is not always expiry) and one retry.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    this.options.onApiUse?.();
    const idleExpiry = this.options.unauthorized === 'idle-expiry';
    const answered = (response: Response) => {
      // Finesse answers again: a refresh waiting out its backoff is worth trying now.
      if (isLive(this.record) && this.record.failure) void this.check('finesse-answer');
      return response;
    };
    // The first send and the retry both carry the token of the user shown now, or none.
    const shown = this.shownKey();
    return authorizedFetch(
      {
        baseUrl: this.options.finesseUrl,
        origins: this.options.finesseOrigins,
        fetch: this.options.fetch ?? globalThis.fetch.bind(globalThis),
        getToken: () => this.tokenShownAs(shown),
        onRejected: async (token) => {
          if (idleExpiry) {
            await this.endForIdle();
            throw idleTimeoutError();
          }
          await this.answerUnauthorized(token);
        },
        onRetryRejected: (token) => this.markUnauthorized(token),
      },
      input,
      init,
    ).then(answered);
  }

  // ---- internals ------------------------------------------------------------------------

  /** A 401 came back for `token`: refresh, retry with a newer pair, or let the caller see it. */
  private async answerUnauthorized(token: string): Promise<void> {
    // The shared record, not this tab's copy: another tab may have refreshed or marked it.
    const current = this.key ? await this.store!.get(this.key) : undefined;
    const answer = answerUnauthorized(current, token, this.clock.now());
    if (answer === 'refresh') await this.refresh({ known: current!, rejectedToken: token });
    else if (answer === 'retry') await this.reload();
    else log.debug('a 401 on a pair that is not expired goes back to the caller');
  }

  /** The retry's new token was refused too: its pair's 401s are not about expiry (every tab). */
  private async markUnauthorized(token: string): Promise<void> {
    const key = this.key;
    if (!key) return;
    try {
      const record = await this.store!.get(key);
      if (!isLive(record) || record.token !== token) return;
      if (record.unauthorizedProof === record.generation) return;
      await this.store!.compareAndSet(key, record, (r) => ({
        ...r,
        unauthorizedProof: r.generation,
      }));
    } catch (error) {
      log.warn(`could not note the refused retry: ${(error as Error).name}`);
    }
  }

  private listen(): void {
    const channel = this.store?.kind === 'indexeddb' ? this.options.channel : undefined;
    if (channel) {
      const onMessage = (event: MessageEvent) => {
        const receiver = {
          cluster: this.options.cluster,
          now: this.clock.now(),
          signingInTtlMs: this.timing.signingInTtlMs,
        };
        if (isTabMessageFor(event.data, receiver)) {
          void this.onTabMessage(event.data);
        } else {
          // Ignored and counted; never logged (it could hold anything).
          this.malformed++;
          countMalformed('session');
        }
      };
      channel.addEventListener('message', onMessage);
      this.cleanups.push(() => channel.removeEventListener('message', onMessage));
    }
    this.cleanups.push(
      watchLifecycle(
        this.options.lifecycle ?? {},
        (trigger) => void this.check(trigger),
        () => {
          if (this.signingInNow) {
            this.post({ type: 'signing-in', from: this.tabId, open: false, until: 0 });
          }
        },
      ),
    );
  }

  private post(message: TabMessage): void {
    if (this.store?.kind !== 'indexeddb') return;
    try {
      this.options.channel?.postMessage(message);
    } catch (error) {
      log.warn(`broadcast failed: ${(error as Error).name}`);
    }
  }

  /**
   * One notice at a time, in order: a sign-in elsewhere moves this tab to another key, and a
   * later notice (the previous user's sign-out, say) must be read against that key.
   */
  private onTabMessage(message: TabMessage): Promise<void> {
    const next = this.messages.then(() => this.handleTabMessage(message));
    this.messages = next.catch(() => undefined);
    return next;
  }

  private async handleTabMessage(message: TabMessage): Promise<void> {
    if (this.disposed || message.from === this.tabId) return;
    if (message.type === 'signing-in') {
      if (message.open) this.signingInElsewhere.set(message.from, message.until);
      else this.signingInElsewhere.delete(message.from);
      this.update();
      return;
    }
    if (message.key !== this.key) {
      // A sign-in elsewhere concerns us if we follow "the current user" or it is our user.
      if (message.why !== 'signed-in') return;
      await this.resolveKey();
      if (message.key !== this.key) {
        // Another user signed in in this browser. A tab bound to its user signs out of it.
        if (this.options.username) await this.otherUserSignedIn(message.key);
        return;
      }
    }
    await this.reload();
  }

  /**
   * A tab bound to user A (`username`) saw user B's pair arrive: never a silent swap. It signs
   * A out (a tombstone, so every tab of A and every reload agrees; `signed-out` with reason
   * `user-changed`) and offers A's sign-in again.
   */
  private async otherUserSignedIn(key: string): Promise<void> {
    const theirs = await this.store!.get(key);
    if (!isLive(theirs)) return;
    await this.reload();
    const ours = this.record;
    if (isLive(ours) && ours.userId !== theirs.userId) await this.forget(ours, 'user-changed');
  }

  /** Which record this tab follows: its configured user (or alias), else the cluster's current user. */
  private async resolveKey(): Promise<void> {
    const { cluster, username } = this.options;
    const store = this.store!;
    if (username) {
      const alias = await store.getPointer(`alias:${cluster}|${normaliseUserId(username)}`);
      this.key = alias ?? recordKey(cluster, username);
    } else {
      this.key = (await store.getPointer(`current:${cluster}`)) ?? null;
    }
    if (this.key) this.lastUser = this.key.slice(this.key.indexOf('|') + 1) || null;
  }

  /** Re-reads the shared record and adopts it. */
  private async reload(): Promise<void> {
    await this.ready;
    if (!this.key) await this.resolveKey();
    const record = this.key ? await this.store!.get(this.key) : undefined;
    this.adopt(record);
  }

  /** Takes a record as this tab's view, firing the events the change implies. */
  private adopt(record: SessionRecord | undefined): void {
    if (this.disposed) return;
    this.sampleClock();
    // A refresh that ended after this tab moved to another user's record is not news here.
    if (record && this.key && record.key !== this.key) return;
    const previous = this.record;
    this.record = record;
    if (record) this.lastUser = record.userId;
    const wasLive = isLive(previous);
    if (wasLive && isLive(record) && previous.userId !== record.userId) {
      // Only a tab without `username` gets here (a bound tab signs out instead): say so.
      this.setIdleWarning(null);
      this.emitter.emit('user-changed', {
        previousUserId: previous.userId,
        userId: record.userId,
      });
    }
    if (isLive(record)) {
      if (
        wasLive &&
        previous.sessionId === record.sessionId &&
        record.generation > previous.generation
      ) {
        this.emitter.emit('token-refreshed', {
          expiresAt: record.expiresAt,
          byThisTab: record.storedBy === this.tabId,
        });
      }
      const problem = record.needsSignIn ?? record.failure;
      const before = previous?.needsSignIn ?? previous?.failure;
      if (
        problem &&
        (problem.code !== before?.code || !!record.needsSignIn !== !!previous?.needsSignIn)
      ) {
        this.setError(
          new FinesseError(
            problem.code,
            PROBLEM_MESSAGES[problem.code] ?? 'The sign-in needs attention.',
          ),
        );
      } else if (!problem) {
        this.error = null;
      }
    } else if (wasLive) {
      this.setIdleWarning(null);
      if (record?.signedOut?.reason === 'idle-timeout') this.setError(idleTimeoutError());
      const reason = record?.signedOut?.reason;
      this.emitter.emit('signed-out', {
        byThisTab: record?.signedOut?.by === this.tabId,
        ...(reason ? { reason } : {}),
      });
    }
    this.update();
  }

  private setError(error: FinesseError): void {
    this.error = error;
    this.emitter.emit('session-error', errorDetail(error));
  }

  /** What this tab knows besides the record, for the pure state and timer functions. */
  private view(): TabView {
    const now = this.clock.now();
    for (const [tab, until] of this.signingInElsewhere) {
      if (until <= now) this.signingInElsewhere.delete(tab);
    }
    return {
      record: this.record,
      now,
      signingIn: this.signingInNow || this.signingInElsewhere.size > 0,
      refreshingHere: this.refreshingHere,
      signingInUntil: this.signingInElsewhere.values(),
    };
  }

  /** Recomputes the state, emits the change, and re-arms the timer. */
  private update(): void {
    if (this.disposed) return;
    const view = this.view();
    const next = deriveState(view, this.timing);
    const expired = this.isExpired(view.now);
    if (next !== this.currentState || expired !== this.wasExpired) {
      const previous = this.currentState;
      this.currentState = next;
      this.wasExpired = expired;
      this.emitter.emit('session-change', { state: next, previous, expired });
    }
    this.schedule();
  }

  /** One timer for the next thing that matters (see `nextWakeAt`). */
  private schedule(): void {
    this.clock.clearTimeout(this.timer);
    if (this.disposed) return;
    const now = this.clock.now();
    // A clock jump waits to be applied: look again at once.
    const at = this.pendingJump ? now : nextWakeAt(this.view(), this.timing);
    this.timer = this.clock.setTimeout(() => void this.check('timer'), Math.max(0, at - now));
  }

  /** Re-reads the record and refreshes if due. Runs on timers and on every wake-up event. */
  private async check(trigger: string): Promise<void> {
    if (this.disposed) return;
    this.sampleClock();
    await this.reload();
    await this.repairClock();
    const record = this.record;
    if (!isLive(record)) return;
    if (record.needsSignIn) {
      // Only records written by older versions ask for a sign-in after a transport failure:
      // retry at once; a new transport failure turns the record into an ordinary failure.
      if (TRANSPORT_CODES.has(record.needsSignIn.code)) {
        await this.refresh({ known: record, retryTransport: true });
      }
      return;
    }
    if (this.clock.now() >= dueAt(record)) await this.refresh({ known: record });
    else if (record.failure && RETRY_AT_ONCE.has(trigger)) {
      // A transport failure waits out its backoff, unless something says Finesse may be back;
      // API answers can come many a second, so they retry at most once per gap.
      const since = this.clock.now() - (record.failure.at ?? 0);
      if (trigger === 'finesse-answer' && since < this.timing.minRetryGapMs) return;
      await this.refresh({ known: record, retryNow: true });
    }
  }

  /** The access token is past expiry, the pair kept: offline, not a reason to sign in. */
  private isExpired(now: number): boolean {
    const record = this.record;
    return isLive(record) && !record.needsSignIn && now >= record.expiresAt;
  }

  /**
   * Compares how far the wall clock and the monotonic clock moved since the last look. A wall
   * clock that moved back (set back by hand or by time sync) is a jump: deadlines written in
   * the old wall time are re-planned by `repairClock`. A wall clock that moved forward more
   * than the monotonic one is not corrected: a laptop's monotonic clock stops during sleep
   * on Linux and macOS, so that is indistinguishable from time really passing, and taking it
   * as elapsed only makes the refresh come early (never a token handed out after expiry).
   */
  private sampleClock(): void {
    const wall = this.clock.now();
    const mono = this.clock.monotonic();
    const previous = this.clockMark;
    this.clockMark = { wall, mono };
    if (!previous) return;
    const jump = wall - previous.wall - (mono - previous.mono);
    if (jump >= -this.timing.clockJumpToleranceMs) return;
    log.warn(`the wall clock went back by ${Math.round(-jump / 1000)} s`);
    this.pendingJump = {
      by: (this.pendingJump?.by ?? 0) + jump,
      seen: this.pendingJump ? this.pendingJump.seen : this.record,
    };
    for (const [tab, until] of this.signingInElsewhere) {
      this.signingInElsewhere.set(tab, until + jump);
    }
  }

  /**
   * Moves the shared record's deadlines onto the new wall clock after a backward jump, once:
   * only if the record is still the one this tab saw before the jump (another tab may have
   * moved it already; every tab reads the same machine clock). A record issued in the future
   * by more than the tolerance (the jump happened while no tab watched) is re-based on now and
   * refreshed at once, since how much of its lifetime passed is unknown.
   */
  private async repairClock(): Promise<void> {
    const store = this.store;
    const key = this.key;
    if (!store || !key || this.disposed) return;
    const pending = this.pendingJump;
    this.pendingJump = null;
    const now = this.clock.now();
    const seen = pending?.seen;
    let written: SessionRecord | null;
    if (pending && isLive(seen) && seen.key === key) {
      written = await store.compareAndSet(key, seen, (r) =>
        r.issuedAt === seen.issuedAt ? shiftTimes(r, pending.by) : r,
      );
    } else {
      const record = this.record;
      if (!isLive(record) || record.issuedAt <= now + this.timing.clockJumpToleranceMs) return;
      written = await store.compareAndSet(key, record, (r) =>
        r.issuedAt === record.issuedAt ? { ...shiftTimes(r, now - r.issuedAt), refreshAt: now } : r,
      );
    }
    if (!written) return;
    if (!sameVersion(this.record, written) || this.record?.issuedAt !== written.issuedAt) {
      this.post({ type: 'record-changed', key, from: this.tabId, why: 'failure' });
    }
    this.adopt(written);
  }

  /** At most one refresh in flight per tab; the protocol decides whether one is needed at all. */
  private refresh(request: RefreshRequest): Promise<void> {
    this.inflight ??= this.runRefresh(request).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async runRefresh(request: RefreshRequest): Promise<void> {
    this.refreshingHere = true;
    this.update();
    let outcome: RunOutcome;
    const run = this.options.refreshRunner ?? refreshUnderLock;
    try {
      outcome = await run(
        {
          store: this.store!,
          locks: this.options.locks,
          clock: this.clock,
          source: this.options.source,
          tabId: this.tabId,
          ratio: this.ratio,
          timing: this.timing,
          refreshLifetimeMs: this.refreshLifetimeMs,
          random: this.options.random,
        },
        request,
      );
    } catch (error) {
      log.error(`refresh protocol failed: ${(error as Error).name}`);
      outcome = { kind: 'busy', record: this.key ? await this.store!.get(this.key) : undefined };
    } finally {
      this.refreshingHere = false;
    }
    // The lock is released: now tell the other tabs and fire events.
    const why = outcomeNotice(outcome);
    if (this.key && !outcome.told && why) {
      this.post({ type: 'record-changed', key: this.key, from: this.tabId, why });
    }
    this.adopt(outcome.record);
    if (outcome.kind === 'refreshed' || outcome.kind === 'failed') {
      const { record } = outcome;
      this.note({
        kind: 'refresh',
        outcome: outcome.kind === 'refreshed' ? 'ok' : 'failed',
        ...(outcome.kind === 'failed' ? { code: outcome.error.code } : {}),
        ...(record ? { generation: record.generation, user: record.userId } : {}),
      });
    }
    if (outcome.kind === 'busy') {
      this.clock.clearTimeout(this.timer);
      this.timer = this.clock.setTimeout(() => void this.check('busy'), this.timing.busyRecheckMs);
    }
  }

  private async commitSignIn(answer: TokenAnswer, requested: string | undefined): Promise<void> {
    await this.ready;
    const store = this.store!;
    const { cluster } = this.options;
    const bound = this.options.username;
    if ((requested && !sameUser(requested, answer)) || (bound && !sameUser(bound, answer))) {
      throw new FinesseError(
        'user-mismatch',
        'The identity provider signed in a different user than the one requested.',
      );
    }
    const record = newSessionRecord(answer, {
      cluster,
      sessionId: (this.options.randomId ?? defaultRandomId)(),
      now: this.clock.now(),
      ratio: this.ratio,
      tabId: this.tabId,
      canRefresh: this.options.source.canRefresh,
      refreshLifetimeMs: this.refreshLifetimeMs,
    });
    const key = record.key;
    try {
      await store.put(record);
      await store.setPointer(`current:${cluster}`, key);
      if (requested && normaliseUserId(requested) !== record.userId) {
        await store.setPointer(`alias:${cluster}|${normaliseUserId(requested)}`, key);
      }
    } catch (cause) {
      throw new FinesseError(
        'storage-unavailable',
        'The browser refused to store the sign-in (storage full or blocked).',
        { cause },
      );
    }
    this.key = key;
    this.error = null;
    this.post({ type: 'record-changed', key, from: this.tabId, why: 'signed-in' });
    this.adopt(record);
    this.note({ kind: 'sign-in', outcome: 'ok', generation: 0, user: record.userId });
  }

  /**
   * Appends to the doctor's history, outside the refresh lock and without waiting: a history
   * that cannot be written (quota, blocked IndexedDB) never changes what the session does.
   */
  private note(entry: Omit<HistoryEntry, 'at' | 'tab'>): void {
    const history = this.options.history;
    if (!history) return;
    try {
      history
        .append({ at: this.clock.now(), tab: this.tabId, ...entry })
        .catch((error: unknown) => log.warn(`history not written: ${(error as Error)?.name}`));
    } catch (error) {
      log.warn(`history not written: ${(error as Error)?.name}`);
    }
  }

  /** What this tab tells the doctor's roster query: ids, state and roles, never a token. */
  private rosterTab(): RosterTab {
    const record = this.record;
    const visibility = typeof document === 'undefined' ? undefined : document.visibilityState;
    return {
      tab: this.tabId,
      state: this.currentState,
      mode: this.mode,
      refreshing: this.refreshingHere,
      notifications: holdsNotifications(),
      ...(isLive(record) ? { user: record.userId, expiresAt: record.expiresAt } : {}),
      ...(visibility === 'visible' || visibility === 'hidden' ? { visibility } : {}),
    };
  }
}

/** Wake-ups after which a transport failure is retried at once rather than after its backoff. */
const RETRY_AT_ONCE: ReadonlySet<string> = new Set([
  'online',
  'focus',
  'visibilitychange',
  'pageshow',
  'resume',
  'finesse-answer',
]);

function idleTimeoutError(): FinesseError {
  return new FinesseError(
    'idle-timeout',
    'The session ended after too long without activity (the idle timeout). Sign in again.',
  );
}

function errorDetail(error: FinesseError) {
  return { code: error.code, message: error.message };
}

/** Whether two origins use the same scheme (a secondary on http: never joins an https: cluster). */
function sameScheme(a: string, b: string): boolean {
  try {
    return new URL(a).protocol === new URL(b).protocol;
  } catch {
    return false;
  }
}
