import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { insecureContextError } from './secure-context.ts';
import { genesysHosts } from './genesys/regions.ts';
import { GenesysSource } from './genesys/genesys-source.ts';
import { IdleWatch } from './idle/idle-watch.ts';
import { OidcSource } from './oidc/oidc-source.ts';
import type { ManagedSession, SessionConfig } from './session-api.ts';
import { SsoSession } from './session.ts';
import type { SsoSessionOptions } from './session.ts';
import { indexedDbKeyValue, openSessionStore } from './store.ts';
import { channelName, openTabChannel } from './tab-channel.ts';
import { indexedDbHistory } from './diagnostics/history.ts';
import { rosterChannelName } from './diagnostics/roster.ts';
import type { TokenSource } from './token-source.ts';

/** The HIPAA idle timeout Genesys Cloud enforces when compliance is on (seconds). */
export const GENESYS_IDLE_TIMEOUT_S = 15 * 60;
/** How long before the idle sign-out the agent is warned. */
const IDLE_WARNING_MS = 60_000;

/** What differs per OAuth provider; everything else (store, locks, schedule, UI) is shared. */
interface ProviderSetup {
  source: TokenSource;
  /** Names the shared record, channel and lock: one per issuer and client. */
  cluster: string;
  /** Base for relative URLs in `fetch()`, and the only origins that may receive the token. */
  apiUrl: string;
  apiOrigins: string[];
  unauthorized: 'refresh' | 'idle-expiry';
  idleTimeoutS: number;
}

function required(config: SessionConfig, names: Array<keyof SessionConfig>): void {
  const missing = names.filter((name) => !config[name]);
  if (missing.length > 0) {
    const attrs = missing.map((name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    throw new TypeError(`provider="${config.provider}" needs ${attrs.join(', ')}`);
  }
}

const absolute = (url: string) => new URL(url, location.href).href;

function oidcSetup(config: SessionConfig, clock: Clock): ProviderSetup {
  required(config, ['issuer', 'clientId', 'redirectUri']);
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

function genesysSetup(config: SessionConfig, clock: Clock): ProviderSetup {
  required(config, ['region', 'clientId', 'redirectUri']);
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

/**
 * A session whose pair comes from an OAuth provider (`oidc`, `genesys`) instead of Finesse:
 * the same SsoSession, store, locks, channel, schedule and UI, with the provider's source and,
 * when configured, the idle timeout counted across tabs.
 */
export function createOAuthSession(config: SessionConfig): ManagedSession {
  const clock = systemClock;
  const setup =
    config.provider === 'genesys' ? genesysSetup(config, clock) : oidcSetup(config, clock);
  const fatal = insecureContextError();

  // The idle watch calls back into the session, which exists by the time it starts.
  const idleTimeoutMs = Math.max(0, setup.idleTimeoutS) * 1000;
  const idle =
    idleTimeoutMs > 0 && !fatal
      ? new IdleWatch({
          timeoutMs: idleTimeoutMs,
          warningMs: Math.min(IDLE_WARNING_MS, idleTimeoutMs / 2),
          clock,
          store: indexedDbKeyValue('finesse-sso-idle', 'activity'),
          key: `idle:${setup.cluster}`,
          channel: openTabChannel(`finesse-sso-idle:${setup.cluster}`),
          activityTarget: document,
          onWarning: (_remainingMs, signOutAt) => session.setIdleWarning(signOutAt),
          onActive: () => session.setIdleWarning(null),
          onExpired: () => void session.endForIdle(),
        })
      : undefined;

  const options: SsoSessionOptions = {
    cluster: setup.cluster,
    finesseUrl: setup.apiUrl,
    finesseOrigins: setup.apiOrigins,
    mode: 'popup',
    source: setup.source,
    store: () => openSessionStore(),
    locks: navigator.locks,
    channel: openTabChannel(channelName(setup.cluster)),
    history: indexedDbHistory(setup.cluster),
    rosterChannel: openTabChannel(rosterChannelName(setup.cluster)),
    refreshRatio: config.refreshRatio,
    refreshLifetimeMs:
      config.refreshLifetime === undefined ? undefined : config.refreshLifetime * 1000,
    clock,
    lifecycle: { window, document },
    fatal,
    unauthorized: setup.unauthorized,
    onApiUse: idle ? () => idle.noteActivity() : undefined,
    companions: idle ? [idle] : [],
  };
  const session = new SsoSession(options);
  return session;
}
