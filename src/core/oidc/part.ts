/**
 * The OpenID Connect part (`finesse-sso/oidc`): loaded by the assembly room for
 * `provider="oidc"` (the IIFE build: `finesse-sso-oidc.js` beside the first script).
 */
import type { Clock } from '../kernel/clock.ts';
import type { IdleWatch } from '../idle/idle-watch.ts';
import { absolute, createOAuthSession } from '../oauth/oauth-session.ts';
import type { ProviderSetup } from '../oauth/oauth-session.ts';
import type { ManagedSession, SessionConfig } from '../session/session-api.ts';
import { OidcSource } from './oidc-source.ts';

export { OidcSource, DEFAULT_OIDC_SCOPE } from './oidc-source.ts';
export type { OidcSourceOptions } from './oidc-source.ts';
export type { OAuthSourceOptions } from '../oauth/source-options.ts';
export { createDiscovery, discoveryUrl } from './discovery.ts';
export type { Discover, OidcMetadata } from './discovery.ts';
export { listenForOrphanCallbacks } from '../oauth/orphan-callbacks.ts';

function oidcSetup(config: SessionConfig, clock: Clock): ProviderSetup {
  const issuer = config.issuer!.replace(/\/+$/, '');
  const apiUrl = config.apiUrl ? absolute(config.apiUrl) : absolute(issuer);
  return {
    source: new OidcSource({
      issuer,
      clientId: config.clientId!,
      redirectUri: absolute(config.redirectUri!),
      scope: config.scope,
      clock,
    }),
    cluster: `oidc ${issuer} ${config.clientId}`,
    apiUrl,
    apiOrigins: config.apiUrl ? [new URL(apiUrl).origin] : [],
    unauthorized: 'refresh',
    idleTimeoutS: config.idleTimeout ?? 0,
  };
}

/** A session whose pair comes from an OpenID Connect server (config checked by the caller). */
export function createProviderSession(
  config: SessionConfig,
  Idle?: typeof IdleWatch,
): ManagedSession {
  return createOAuthSession(config, (clock) => oidcSetup(config, clock), Idle);
}
