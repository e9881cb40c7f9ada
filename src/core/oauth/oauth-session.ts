import { logoutAgent } from '../finesse/agent-logout.ts';
import type { Clock } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import { insecureContextError } from '../kernel/secure-context.ts';
import type { IdleWatch } from '../idle/idle-watch.ts';
import type { ManagedSession, SessionConfig } from '../session/session-api.ts';
import { inPageRefresh, preloadProtocol } from '../session/in-page-refresh.ts';
import { SsoSession } from '../session/session.ts';
import type { SsoSessionOptions } from '../session/session.ts';
import { indexedDbKeyValue, openSessionStore } from '../session/store.ts';
import { channelName, openTabChannel } from '../kernel/tab-channel.ts';
import type { TokenSource } from '../session/token-source.ts';
import { indexedDbHistory } from '../session/history.ts';
import { rosterChannelName } from '../session/roster.ts';

/** How long before the idle sign-out the agent is warned. */
const IDLE_WARNING_MS = 60_000;

/** What differs per OAuth provider; everything else (store, locks, schedule, UI) is shared. */
export interface ProviderSetup {
  source: TokenSource;
  /** Names the shared record, channel and lock: one per issuer and client. */
  cluster: string;
  /** Base for relative URLs in `fetch()`, and the only origins that may receive the token. */
  apiUrl: string;
  apiOrigins: string[];
  unauthorized: 'refresh' | 'idle-expiry';
  idleTimeoutS: number;
}

/** An absolute URL, relative ones resolved against the page. */
export const absolute = (url: string): string => new URL(url, location.href).href;

/**
 * A session whose pair comes from an OAuth provider (`oidc`, `genesys`) instead of Finesse:
 * the same SsoSession, store, locks, channel, schedule and UI, with the provider's source and,
 * when configured, the idle timeout counted across tabs (`Idle`: the idle part, loaded by the
 * assembly room when the timeout is on).
 */
export function createOAuthSession(
  config: SessionConfig,
  provide: (clock: Clock) => ProviderSetup,
  Idle?: typeof IdleWatch,
): ManagedSession {
  const clock = systemClock;
  const setup = provide(clock);
  const fatal = insecureContextError();

  // The idle watch calls back into the session, which exists by the time it starts.
  const idleTimeoutMs = Math.max(0, setup.idleTimeoutS) * 1000;
  const idle =
    Idle && idleTimeoutMs > 0 && !fatal
      ? new Idle({
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
    companions: idle ? [idle, preloadProtocol] : [preloadProtocol],
    // In the page: the keeper speaks Finesse's refresh only.
    refreshRunner: inPageRefresh,
    logoutAgent: (userId, reasonCodeId) => logoutAgent(session, userId, reasonCodeId),
  };
  const session = new SsoSession(options);
  return session;
}
