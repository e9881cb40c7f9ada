/**
 * `<finesse-sso-session>`'s attributes and its `session` property: declared once for Lit
 * (`static properties`) and typed, with their documentation, for the analyzer. The element
 * (`sso-session.component.ts`) extends this class; `session-config.ts` reads these as the core's
 * `SessionConfig`.
 */
import { LitElement } from 'lit';
import type { PropertyDeclarations } from 'lit';
import type { XmppPasswordSource, XmppSasl } from '../../core/notifications/xmpp-settings.ts';
import type { SessionConfig } from '../../core/session/session-api.ts';
import type { AssembledSession } from '../../core/assembly/assembled-session.ts';
import type { DeploymentMode } from '../../core/session/types.ts';

type RefreshMethod = NonNullable<SessionConfig['refreshMethod']>;
type ProviderName = NonNullable<SessionConfig['provider']>;

export class SessionAttributesElement extends LitElement {
  // Not decorators: the first script need not carry Lit's decorator runtime for one element.
  static override properties: PropertyDeclarations = {
    finesseUrl: { attribute: 'finesse-url' },
    secondaryUrl: { attribute: 'secondary-url' },
    notificationUrl: { attribute: 'notification-url' },
    xmppSasl: { attribute: 'xmpp-sasl' },
    xmppPassword: { attribute: 'xmpp-password' },
    xmppPingMs: { attribute: 'xmpp-ping-ms', type: Number },
    username: { attribute: 'username' },
    refreshRatio: { attribute: 'refresh-ratio', type: Number },
    refreshLifetime: { attribute: 'refresh-lifetime', type: Number },
    refreshMethod: { attribute: 'refresh-method' },
    refreshKeeper: { attribute: 'refresh-keeper' },
    relayUrl: { attribute: 'relay-url' },
    mode: { attribute: 'mode' },
    provider: { attribute: 'provider' },
    clientId: { attribute: 'client-id' },
    redirectUri: { attribute: 'redirect-uri' },
    issuer: { attribute: 'issuer' },
    scope: { attribute: 'scope' },
    apiUrl: { attribute: 'api-url' },
    region: { attribute: 'region' },
    grant: { attribute: 'grant' },
    loginUrl: { attribute: 'login-url' },
    idleTimeout: { attribute: 'idle-timeout', type: Number },
    language: { attribute: 'lang', reflect: true },
    session: { attribute: false },
  };

  /** Finesse node base URL, e.g. `https://fin1.example.com:8445`; defaults to the page origin. */
  finesseUrl?: string;
  /** The other Finesse node, for failover; defaults to the one SystemInfo names. */
  secondaryUrl?: string;
  /** XMPP WebSocket URL; defaults from SystemInfo and the Finesse version. */
  notificationUrl?: string;
  /**
   * SASL mechanism of the notification connection: `plain` (default), `x-oauth2`,
   * `oauthbearer`, or `auto` (the first of those the server offers). Cisco does not publish it.
   */
  xmppSasl?: XmppSasl;
  /** XMPP password: `access-token` (default, the current token) or `bearer` (`Bearer <token>`). */
  xmppPassword?: XmppPasswordSource;
  /** XMPP client ping period in ms, 1000 to 60000 (default 15000; Finesse expects one within 20 s). */
  xmppPingMs?: number;
  /** The agent's `cc_username`; defaults to the last user signed in on this cluster, else asked. */
  username?: string;
  /** Fraction of the token lifetime after which to refresh. */
  refreshRatio = 0.75;
  /**
   * Refresh-token lifetime in seconds, counted from the sign-in or the last rotation (Finesse
   * does not send it). Transport failures are retried until then. Default 36000 (10 h, IdS).
   */
  refreshLifetime?: number;
  /** How to send a refresh: `post` (form body) or `get` (query string). */
  refreshMethod: RefreshMethod = 'post';
  /**
   * The refresh keeper service worker (popup mode) that finishes a refresh when its tab reloads
   * mid-request: `off` turns it off; a URL says where `finesse-sso-keeper.js` is. Default: on.
   */
  refreshKeeper?: string;
  /** URL of the relay page on the Finesse server (relay mode); same origin as `finesse-url`. */
  relayUrl?: string;
  /** Deployment mode: `auto` picks gadget, relay (with `relay-url`) or popup. */
  mode: 'auto' | DeploymentMode = 'auto';
  /** Who issues the tokens: `finesse` (Cisco IdS through Finesse), `oidc` (any OpenID Connect server), `genesys` (Genesys Cloud). */
  provider: ProviderName = 'finesse';
  /** OAuth client id (`oidc`, `genesys`). */
  clientId?: string;
  /** Registered redirect URI, where the shipped `oauth/callback.html` is served (`oidc`, `genesys`). */
  redirectUri?: string;
  /** OpenID Connect issuer; its discovery document is read (`oidc`). */
  issuer?: string;
  /** Scopes to ask for (`oidc`; default `openid profile offline_access`). */
  scope?: string;
  /** The API the token may be sent to by `fetch()` (`oidc`; `genesys` defaults to the region's API). */
  apiUrl?: string;
  /** Genesys Cloud region (`us-east-1`, `ap-northeast-1`…) or domain (`mypurecloud.jp`…). */
  region?: string;
  /** Genesys Cloud grant: `pkce` (recommended) or `implicit` (organisations that still use it). */
  grant: 'pkce' | 'implicit' = 'pkce';
  /** Genesys Cloud login host override (private clouds, a local stand-in). */
  loginUrl?: string;
  /** Idle timeout in seconds counted across all tabs (`genesys` default 900, HIPAA; `0` turns it off). */
  idleTimeout?: number;
  /** UI language (`en`, `ja`, `ko`), the `lang` attribute; else the Finesse desktop's locale (gadget mode), else the page's or browser's language. */
  language?: string;
  /**
   * The session shown, and provided to the elements inside (context `sessionContext`); set it
   * before connecting to share one you own, else the element creates and owns one.
   */
  session?: AssembledSession;
}
