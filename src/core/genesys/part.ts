/**
 * The Genesys Cloud part (`finesse-sso/genesys`): loaded by the assembly room for
 * `provider="genesys"` (the IIFE build: `finesse-sso-genesys.js` beside the first script).
 */
import type { Clock } from '../kernel/clock.ts';
import type { IdleWatch } from '../idle/idle-watch.ts';
import { absolute, createOAuthSession } from '../oauth/oauth-session.ts';
import type { ProviderSetup } from '../oauth/oauth-session.ts';
import type { ManagedSession, SessionConfig } from '../session/session-api.ts';
import { GENESYS_IDLE_TIMEOUT_S } from './idle-default.ts';
import { GenesysSource } from './genesys-source.ts';
import { genesysHosts } from './regions.ts';

export { GenesysSource } from './genesys-source.ts';
export type { GenesysSourceOptions, GenesysGrant } from './genesys-source.ts';
export { GENESYS_REGIONS, genesysDomain, genesysHosts } from './regions.ts';
export type { GenesysRegion, GenesysHosts } from './regions.ts';
export { GENESYS_TOKEN_LIFETIME_S } from './genesys-answer.ts';

function genesysSetup(config: SessionConfig, clock: Clock): ProviderSetup {
  const hosts = genesysHosts(config.region!, {
    loginUrl: config.loginUrl,
    apiUrl: config.apiUrl,
  });
  return {
    source: new GenesysSource({
      region: config.region!,
      clientId: config.clientId!,
      redirectUri: absolute(config.redirectUri!),
      grant: config.grant,
      loginUrl: config.loginUrl,
      apiUrl: config.apiUrl,
      clock,
    }),
    cluster: `genesys ${hosts.apiOrigin} ${config.clientId}`,
    apiUrl: hosts.apiOrigin,
    apiOrigins: [hosts.apiOrigin],
    // Genesys answers 401 when its idle timeout (HIPAA) ended the token's session.
    unauthorized: 'idle-expiry',
    idleTimeoutS: config.idleTimeout ?? GENESYS_IDLE_TIMEOUT_S,
  };
}

/** A session whose pair comes from Genesys Cloud (config checked by the caller). */
export function createProviderSession(
  config: SessionConfig,
  Idle?: typeof IdleWatch,
): ManagedSession {
  return createOAuthSession(config, (clock) => genesysSetup(config, clock), Idle);
}
