import type { ConnectionReporter } from '../../src/core/session/connection-problem.ts';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import type { FinesseErrorCode } from '../../src/core/kernel/errors.ts';
import type {
  ManagedSession,
  SessionEndpoints,
  SessionListener,
  SignOutOptions,
} from '../../src/core/session/session-api.ts';
import type {
  ConnectionProblem,
  DeploymentMode,
  SessionEventMap,
  SessionState,
  SessionUser,
  StorageKind,
} from '../../src/core/session/types.ts';

/** One recorded call to the fake: the method name and its arguments. */
export interface FakeCall {
  method: 'start' | 'dispose' | 'signIn' | 'signOut' | 'getAccessToken' | 'fetch' | 'useNode';
  args: unknown[];
}

/** Start of the fake's clock: 2026-11-21 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);

/** A token the element must never show, reflect or put in an event. */
export const SECRET_TOKEN = 'eyJ-fake-access-token-5f3c1d9e';

/**
 * A `ManagedSession` for element tests: the test sets what the element reads (state, times,
 * lastError, username, the clock), every call is recorded, and `emit` delivers core events
 * to the element's subscriptions. It never opens a window or touches storage.
 */
export class FakeSession implements ManagedSession {
  mode: DeploymentMode = 'popup';
  state: SessionState = 'signed-out';
  expiresAt: number | null = null;
  refreshAt: number | null = null;
  expired = false;
  /** Whether this tab opened the sign-in window (read while `signing-in`). */
  signingInHere = false;
  user: SessionUser | null = null;
  storage: StorageKind = 'indexeddb';
  lastError: FinesseError | null = null;
  idleSignOutAt: number | null = null;
  silentRenewal = true;
  connectionProblems: readonly ConnectionProblem[] = [];
  username: string | null = 'agent007';
  endpoints: SessionEndpoints = { finesseUrl: 'https://fin.test:8445/' };
  doctor?: ConnectionReporter;
  /** What `now()` returns; tests move it instead of waiting. */
  time = T0;
  /** What `getAccessToken()` resolves with. */
  token = SECRET_TOKEN;
  readonly calls: FakeCall[] = [];
  private readonly listeners = new Map<string, Set<(detail: never) => void>>();

  now(): number {
    return this.time;
  }

  /** How many times a method was called. */
  useNode(node: 'primary' | 'secondary', origin?: string): void {
    this.calls.push({ method: 'useNode', args: origin ? [node, origin] : [node] });
  }

  count(method: FakeCall['method']): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  /** Number of live subscriptions (all event types). */
  get listenerCount(): number {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }

  start(): Promise<void> {
    this.calls.push({ method: 'start', args: [] });
    return Promise.resolve();
  }

  dispose(): void {
    this.calls.push({ method: 'dispose', args: [] });
  }

  signIn(options?: { username?: string }): Promise<void> {
    this.calls.push({ method: 'signIn', args: options === undefined ? [] : [options] });
    return Promise.resolve();
  }

  signOut(options?: SignOutOptions): Promise<void> {
    this.calls.push({ method: 'signOut', args: options === undefined ? [] : [options] });
    return Promise.resolve();
  }

  getAccessToken(): Promise<string> {
    this.calls.push({ method: 'getAccessToken', args: [] });
    return this.state === 'signed-out'
      ? Promise.reject(new FinesseError('signed-out', 'Not signed in.'))
      : Promise.resolve(this.token);
  }

  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    this.calls.push({ method: 'fetch', args: [input, init] });
    return Promise.resolve(new Response('<User/>', { status: 200 }));
  }

  on<K extends keyof SessionEventMap>(type: K, listener: SessionListener<K>): () => void {
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    set.add(listener as (detail: never) => void);
    return () => set.delete(listener as (detail: never) => void);
  }

  /** Delivers a core event to every subscriber, as the real session does. */
  emit<K extends keyof SessionEventMap>(type: K, detail: SessionEventMap[K]): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      (listener as SessionListener<K>)(detail);
    }
  }

  /** Moves to a state and emits `session-change`, like the core. */
  setState(state: SessionState): void {
    const previous = this.state;
    this.state = state;
    this.emit('session-change', { state, previous });
  }

  /** Sets `lastError` to a FinesseError with this code. */
  fail(code: FinesseErrorCode): void {
    this.lastError = new FinesseError(code, `fake ${code}`);
  }

  /** Signed in as `agent007`, token valid 60 min from now, refresh due in 45 min. */
  signInNow(): void {
    this.user = { userId: 'agent007', realm: 'example', userPrincipal: 'agent007@example.com' };
    this.expiresAt = this.time + 60 * 60_000;
    this.refreshAt = this.time + 45 * 60_000;
    this.lastError = null;
    this.state = 'active';
  }
}
