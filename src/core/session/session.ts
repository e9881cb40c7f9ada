import type { DoctorLike } from './connection-problem.ts';
import { systemClock } from '../kernel/clock.ts';
import { Emitter } from '../kernel/emitter.ts';
import type { FinesseError } from '../kernel/errors.ts';
import { DEFAULT_REFRESH_LIFETIME_MS, dueAt, isLive, userOf } from './record.ts';
import type {
  ManagedSession,
  SessionEndpoints,
  SessionListener,
  SignOutOptions,
} from './session-api.ts';
import { answerRoster } from './roster.ts';
import type { SsoSessionOptions } from './session-options.ts';
import { defaultRandomId } from './session-options.ts';
import { sameScheme } from './endpoints.ts';
import type { TabSession } from './tab-session.ts';
import { DEFAULT_TIMING } from './timing.ts';
import type {
  ConnectionProblem,
  DeploymentMode,
  SessionEventMap,
  SessionState,
  SessionUser,
  StorageKind,
  TokenAnswer,
} from './types.ts';
import { repairClock, sampleClock } from './clock-jump-watch.ts';
import { rosterTab } from './doctor-feed.ts';
import { adopt, reload, resolveKey, usernameOf } from './followed-record.ts';
import { listen, post } from './other-tabs.ts';
import { refresh } from './refresher.ts';
import { check, isExpired, update } from './scheduler.ts';
import * as notices from './session-notices.ts';
import * as signInFlow from './sign-in-flow.ts';
import * as endings from './sign-out.ts';
import { importAccess } from './access-imports.ts';

export type { SsoSessionOptions } from './session-options.ts';

/**
 * One agent's session in one tab. All tabs of the agent share the record in IndexedDB; at most
 * one of them refreshes it at a time (see `refresh-protocol.ts`). This class turns the record
 * into a state, schedules the next check on absolute time, and carries out sign-in, sign-out,
 * token hand-out and authorised fetches: each in its own file, over this tab's `TabSession`.
 */
export class SsoSession implements ManagedSession {
  readonly mode: DeploymentMode;
  private readonly options: SsoSessionOptions;
  /** Everything this session holds in this tab; its parts each take a narrow slice of it. */
  private readonly tab: TabSession;

  constructor(options: SsoSessionOptions) {
    this.options = options;
    this.mode = options.mode;
    const clock = options.clock ?? systemClock;
    const timing = { ...DEFAULT_TIMING, ...options.timing };
    const tabId = options.tabId ?? defaultRandomId();
    const ratio = options.refreshRatio ?? 0.75;
    if (!(ratio > 0 && ratio < 1)) throw new RangeError('refresh-ratio must be between 0 and 1');
    const lifetime = options.refreshLifetimeMs ?? DEFAULT_REFRESH_LIFETIME_MS;
    if (!(lifetime > 0)) throw new RangeError('refresh-lifetime must be a positive number');
    this.tab = {
      options,
      clock,
      timing,
      tabId,
      ratio,
      refreshLifetimeMs: lifetime,
      emitter: new Emitter<SessionEventMap>(),
      ready: Promise.resolve(),
      cleanups: [],
      store: null,
      storageDegraded: undefined,
      key: null,
      record: undefined,
      lastUser: null,
      currentState: 'signed-out',
      wasExpired: false,
      error: null,
      idleAt: null,
      disposed: false,
      signingInNow: false,
      signingInElsewhere: new Map(),
      refreshingHere: false,
      inflight: null,
      timer: null,
      clockMark: null,
      pendingJump: null,
      malformed: 0,
      messages: Promise.resolve(),
      adopt: (record) => adopt(this.tab, record),
      reload: () => reload(this.tab),
      resolveKey: () => resolveKey(this.tab),
      update: () => update(this.tab),
      check: (trigger) => check(this.tab, trigger),
      forget: (record, reason) => endings.forget(this.tab, record, reason),
    };
    if (options.fatal) this.tab.error = options.fatal;
    const { store } = options;
    if (typeof store === 'function') {
      this.tab.ready = store().then((opened) => {
        this.tab.store = opened.store;
        this.tab.storageDegraded = opened.degraded;
      });
    } else {
      this.tab.store = store;
    }
  }

  // ---- read-only view -------------------------------------------------------------------

  get state(): SessionState {
    return this.tab.currentState;
  }
  get expiresAt(): number | null {
    return isLive(this.tab.record) ? this.tab.record.expiresAt : null;
  }
  get refreshAt(): number | null {
    return isLive(this.tab.record) && !this.tab.record.needsSignIn ? dueAt(this.tab.record) : null;
  }
  /**
   * The access token has run out while the session keeps the pair and keeps renewing it (state
   * `offline`: Finesse is not answering). Nothing for the agent to do; a sign-in is optional.
   */
  get expired(): boolean {
    return isExpired(this.tab, this.tab.clock.now());
  }
  get user(): SessionUser | null {
    return isLive(this.tab.record) ? userOf(this.tab.record) : null;
  }
  get storage(): StorageKind {
    return this.tab.store?.kind ?? 'indexeddb';
  }
  get lastError(): FinesseError | null {
    return this.tab.error;
  }
  get username(): string | null {
    return usernameOf(this.tab);
  }
  get silentRenewal(): boolean {
    return this.options.source.canRefresh;
  }
  get signingInHere(): boolean {
    return this.tab.signingInNow;
  }
  get idleSignOutAt(): number | null {
    return this.tab.idleAt;
  }
  /** Cross-tab messages this session ignored because of their shape or range (diagnostics). */
  get malformedMessages(): number {
    return this.tab.malformed;
  }

  /**
   * The connection doctor the floors above report transport failures to (the notification
   * socket; REST goes through the reporting fetch). Absent when the session was built without one.
   */
  get doctor(): DoctorLike | undefined {
    return this.options.doctor;
  }

  get connectionProblems(): readonly ConnectionProblem[] {
    return this.doctor?.problems ?? [];
  }
  now(): number {
    return this.tab.clock.now();
  }
  get endpoints(): SessionEndpoints {
    const { finesseUrl, secondaryUrl, notificationUrl, xmpp } = this.options;
    return { finesseUrl, secondaryUrl, notificationUrl, ...(xmpp ? { xmpp } : {}) };
  }

  on<K extends keyof SessionEventMap>(type: K, listener: SessionListener<K>): () => void {
    return this.tab.emitter.on(type, listener);
  }

  // ---- lifecycle ------------------------------------------------------------------------

  async start(): Promise<void> {
    const { tab } = this;
    if (this.options.fatal) {
      tab.emitter.emit('session-error', notices.errorDetail(this.options.fatal));
      return;
    }
    // Before the first await: the relay frame (created at the first render) may be blocked by CSP.
    const doctor = this.doctor;
    if (doctor) {
      const forward = (problems: readonly ConnectionProblem[]) =>
        tab.emitter.emit('connection-problems', { problems });
      tab.cleanups.push(doctor.onChange(forward), () => doctor.dispose());
      doctor.start();
    }
    await tab.ready;
    listen(tab);
    const roster = this.options.rosterChannel;
    if (roster) {
      tab.cleanups.push(
        answerRoster(roster, () => rosterTab(tab)),
        () => roster.close(),
      );
    }
    const unwatch = this.options.source.watchSignIns?.((pending) => {
      this.signInFrom(pending).catch(() => undefined); // shown through state and lastError
    });
    if (unwatch) tab.cleanups.push(unwatch);
    if (tab.storageDegraded) {
      tab.emitter.emit('storage-degraded', { reason: tab.storageDegraded });
    }
    sampleClock(tab);
    await resolveKey(tab);
    await reload(tab);
    // After the first read: a companion (the refresh part's load) must not delay the first paint.
    for (const companion of this.options.companions ?? []) {
      void companion.start();
      tab.cleanups.push(() => companion.dispose());
    }
    await repairClock(tab);
    // Refresh at once if the stored pair is already due (a tab opened after a long sleep).
    if (isLive(tab.record) && !tab.record.needsSignIn && tab.clock.now() >= dueAt(tab.record)) {
      void refresh(tab, { known: tab.record });
    }
  }

  dispose(): void {
    const { tab } = this;
    tab.disposed = true;
    tab.clock.clearTimeout(tab.timer);
    if (tab.signingInNow) post(tab, { type: 'signing-in', from: tab.tabId, open: false, until: 0 });
    for (const cleanup of tab.cleanups.splice(0)) cleanup();
    tab.emitter.clear();
  }

  // ---- public actions -------------------------------------------------------------------

  /**
   * Opens the sign-in window synchronously (call from a click handler), then stores the new
   * pair for every tab. Rejects with a FinesseError; the error is also shown and emitted.
   */
  signIn(options: { username?: string } = {}): Promise<void> {
    return signInFlow.signIn(this.tab, options);
  }

  /**
   * Commits a sign-in the source started by itself (relay mode: the agent clicked inside the
   * relay frame) exactly like one started by `signIn()`.
   */
  signInFrom(pending: Promise<TokenAnswer>, requested?: string): Promise<void> {
    return signInFlow.signInFrom(this.tab, pending, requested);
  }

  /** Forgets the pair in every tab of this agent; optionally sets the agent to LOGOUT first. */
  signOut(options: SignOutOptions = {}): Promise<void> {
    return endings.signOut(this.tab, options);
  }

  /**
   * Ends the session in every tab because the agent was idle too long (the idle watch expired,
   * or the server answered 401 where that means idle expiry). Every tab shows `idle-timeout`.
   */
  endForIdle(): Promise<void> {
    return endings.endForIdle(this.tab);
  }

  /** Shows (epoch ms of the coming idle sign-out) or clears (null) the idle warning in this tab. */
  setIdleWarning(signOutAt: number | null): void {
    notices.setIdleWarning(this.tab, signOutAt);
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
    const shown = this.shownKey();
    return importAccess().then((access) => access.tokenShownAs(this.tab, shown));
  }

  /**
   * `fetch` with the bearer token for Finesse origins only. On a 401, at most one refresh per
   * pair (see `unauthorized.ts`: a 401 is not always expiry) and one retry.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    this.options.onApiUse?.();
    const shown = this.shownKey();
    return importAccess().then((access) => access.fetchWithToken(this.tab, shown, input, init));
  }

  /** The record key of the user this tab shows now (null before any): a call made now is theirs. */
  private shownKey(): string | null {
    return this.tab.record?.key ?? null;
  }
}
