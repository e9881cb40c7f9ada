/**
 * What an `SsoSession` is built from (the assembly room fills it in, tests override parts).
 * Its own file so that the session's collaborators can name the options they read without
 * importing the session itself.
 */
import type { Clock } from '../kernel/clock.ts';
import type { FinesseError } from '../kernel/errors.ts';
import type { LifecycleTargets } from '../kernel/lifecycle.ts';
import type { LockManagerLike } from '../kernel/locks.ts';
import type { ChannelLike } from '../kernel/tab-channel.ts';
import type { DoctorLike } from './connection-problem.ts';
import type { XmppSettings } from './endpoints.ts';
import type { HistoryLog } from './history.ts';
import type { RefreshRunner } from './refresh-outcome.ts';
import type { SessionStore } from './store.ts';
import type { SessionTiming } from './timing.ts';
import type { TokenSource } from './token-source.ts';
import type { DeploymentMode } from './types.ts';

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
  /**
   * Helpers that live as long as the session (the idle watch, the refresh part's load): started
   * once the tab has read the stored pair, so they never delay the first paint; disposed with it.
   */
  companions?: Array<{ start(): unknown; dispose(): void }>;
  /**
   * Runs the refresh protocol (`refresh-protocol.ts`): in the page, or through the refresh
   * keeper (a service worker) where a reload or a closed tab must not lose the answer. Passed
   * in, never imported here, so that the first script need not carry the protocol: the
   * assembly room loads it as a part when the session starts.
   */
  refreshRunner: RefreshRunner;
  /** Diagnoses failed connections (certificate, CSP, network); started and disposed with the session. */
  doctor?: DoctorLike;
  /** Where refreshes and sign-ins are noted for the doctor page (never a token); none if omitted. */
  history?: HistoryLog;
  /** The doctor's roster channel: this tab answers its queries (closed with the session). */
  rosterChannel?: ChannelLike;
}

/** The default `tabId` and `randomId`: 12 random bytes, in hex. */
export const defaultRandomId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};
