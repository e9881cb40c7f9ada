import type { FinesseError } from '../kernel/errors.ts';
import type { ConnectionReporter } from './connection-problem.ts';
import type { SessionEndpoints, XmppPasswordSource, XmppSasl } from './endpoints.ts';
export type { SessionEndpoints };
import type {
  ConnectionProblem,
  DeploymentMode,
  SessionEventMap,
  SessionState,
  SessionUser,
  StorageKind,
} from './types.ts';

/** Options of `signOut()`. */
export interface SignOutOptions {
  /** Set the agent to LOGOUT with this reason before forgetting the pair. */
  agentLogout?: { reasonCodeId: string | number };
}

/** A listener for one of the core's events; `detail` never holds a token. */
export type SessionListener<K extends keyof SessionEventMap> = (detail: SessionEventMap[K]) => void;

/**
 * What the elements (and hosts building their own UI) see of a session. `SsoSession`
 * implements it; element tests use a fake.
 */
export interface SessionApi {
  readonly mode: DeploymentMode;
  readonly state: SessionState;
  /** Epoch ms when the access token expires; null when unknown (signed out, gadget mode). */
  readonly expiresAt: number | null;
  /** Epoch ms when the next refresh is due; null when none is scheduled. */
  readonly refreshAt: number | null;
  /**
   * The access token is past its expiry while the pair is kept and renewal continues (shown
   * with `offline`: Finesse is not answering). False when there is no pair or a sign-in is needed.
   */
  readonly expired: boolean;
  readonly user: SessionUser | null;
  readonly storage: StorageKind;
  /** The last error worth showing the agent, cleared when the session is healthy again. */
  readonly lastError: FinesseError | null;
  /** The username the next sign-in will use, if one is known (attribute or last user). */
  readonly username: string | null;
  /** Whether the pair renews by itself (false for Genesys Cloud, whose agents sign in again). */
  readonly silentRenewal: boolean;
  /** Epoch ms when the idle timeout will sign every tab out, while its warning shows; else null. */
  readonly idleSignOutAt: number | null;
  /**
   * Addresses the browser cannot reach now, with the likely cause (`certificate-untrusted`,
   * `csp-blocked`, `network`); re-checked by itself, `connection-problems` fires on change.
   */
  readonly connectionProblems: readonly ConnectionProblem[];
  /**
   * A language tag the deployment chose for the agent (gadget mode: the Finesse desktop's
   * `locale`); the elements use it after an explicit `lang` attribute. Absent elsewhere.
   */
  readonly language?: string | null;
  /**
   * This tab opened the sign-in window now showing (state `signing-in`): only this tab tells
   * the agent to finish there; the others say a sign-in runs elsewhere. Absent means false.
   */
  readonly signingInHere?: boolean;
  /** The session's clock (epoch ms), so countdowns agree with the scheduler. */
  now(): number;
  /** The Finesse endpoints this session talks to (absolute URLs; no secrets). */
  readonly endpoints: SessionEndpoints;
  /**
   * Where the floors above report transport failures of this session's endpoints (the
   * connection doctor, built by the assembly room); absent in gadget mode and in tests.
   */
  readonly doctor?: ConnectionReporter;

  /** Opens the sign-in popup synchronously; call from a click handler. */
  signIn(options?: { username?: string }): Promise<void>;
  signOut(options?: SignOutOptions): Promise<void>;
  getAccessToken(): Promise<string>;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /**
   * Sends refreshes to this Finesse node from now on: the agent model calls it when Finesse
   * answers 503 (out of service), so REST, notifications and the token endpoint move together.
   * `origin` is the node's origin as SystemInfo names it: with no `secondary-url` configured,
   * that secondary origin is allowed to receive the bearer from then on. The record stays
   * keyed by the primary node (the cluster).
   */
  useNode(node: 'primary' | 'secondary', origin?: string): void;

  /** Subscribes to a core event; returns the unsubscribe function. */
  on<K extends keyof SessionEventMap>(type: K, listener: SessionListener<K>): () => void;
}

/** What the element reads from its attributes to build a session. */
export interface SessionConfig {
  /** Finesse node base URL (origin); defaults to the page origin. */
  finesseUrl: string;
  secondaryUrl?: string;
  /** XMPP WebSocket URL (notifications; used by the child elements). */
  notificationUrl?: string;
  /** XMPP SASL mechanism (`xmpp-sasl`): `plain` (default), `x-oauth2`, `oauthbearer`, `auto`. */
  xmppSasl?: XmppSasl;
  /** XMPP password (`xmpp-password`): `access-token` (default) or `bearer` (`Bearer <token>`). */
  xmppPassword?: XmppPasswordSource;
  /** XMPP client ping period in ms (`xmpp-ping-ms`), 1 000 to 60 000; default 15 000. */
  xmppPingMs?: number;
  /** The relay page on the Finesse server (relay mode). */
  relayUrl?: string;
  username?: string;
  /** Fraction of `expires_in` after which to refresh (0 < r < 1). Default 0.75. */
  refreshRatio?: number;
  /**
   * Refresh-token lifetime in seconds, counted from the sign-in or the last rotation; transport
   * failures are retried until then. Default 36000 (10 h, IdS's default).
   */
  refreshLifetime?: number;
  refreshMethod?: 'post' | 'get';
  /**
   * The refresh keeper (popup mode): a service worker that finishes a refresh when its tab
   * reloads or closes mid-request. `false` turns it off; a string is the URL of
   * `finesse-sso-keeper.js` when it is not beside the bundle. Default: on, beside the bundle.
   */
  refreshKeeper?: boolean | string;
  mode?: 'auto' | DeploymentMode;
  /** Who issues the tokens: Cisco Finesse/IdS (default), any OpenID Connect server, Genesys Cloud. */
  provider?: ProviderName;
  /** OAuth client id (`oidc`, `genesys`). */
  clientId?: string;
  /** The registered redirect URI where the shipped callback page is served (`oidc`, `genesys`). */
  redirectUri?: string;
  /** OpenID Connect issuer; discovery reads `<issuer>/.well-known/openid-configuration` (`oidc`). */
  issuer?: string;
  /** Scopes to ask for (`oidc`; default `openid profile offline_access`). */
  scope?: string;
  /** The API origin the token may be sent to by `fetch()` (`oidc`; `genesys` defaults from the region). */
  apiUrl?: string;
  /** Genesys Cloud region (`us-east-1`…) or domain (`mypurecloud.com`…). */
  region?: string;
  /** Genesys Cloud grant: `pkce` (default) or `implicit`. */
  grant?: 'pkce' | 'implicit';
  /** Genesys Cloud login host override (a stand-in in tests; private clouds). */
  loginUrl?: string;
  /** Idle timeout in seconds across all tabs (`genesys`: default 900, HIPAA; 0 turns it off). */
  idleTimeout?: number;
}

/** The token providers `<finesse-sso-session provider>` accepts. */
export type ProviderName = 'finesse' | 'oidc' | 'genesys';
export const PROVIDER_NAMES: readonly ProviderName[] = ['finesse', 'oidc', 'genesys'];

/** A session the caller owns: `start()` loads the shared record, `dispose()` stops timers and listeners. */
export interface ManagedSession extends SessionApi {
  start(): Promise<void>;
  dispose(): void;
}
