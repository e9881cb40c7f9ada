/**
 * The Finesse provider's session in popup or relay mode: the engine with its token source,
 * store, tab channels, refresh runner and doctor. It is the `engine` part (the IIFE build:
 * `finesse-sso-part-engine.js`), loaded by the assembly room as the element connects, so the
 * first script holds the element and what it shows, not the engine behind it.
 */
import { systemClock } from '../kernel/clock.ts';
import { reportingFetch } from '../diagnostics/reporting-fetch.ts';
import { LazyDoctor } from '../diagnostics/lazy-doctor.ts';
import type { FinesseError } from '../kernel/errors.ts';
import { insecureContextError } from '../kernel/secure-context.ts';
import { FinessePopupSource } from '../ids/finesse-token-source.ts';
import type * as DiagnosticsPart from '../diagnostics/part.ts';
import type * as RelayPart from '../relay/part.ts';
import type * as RefreshPart from './parts/refresh-part.ts';
import type { SessionConfig } from '../session/session-api.ts';
import type { AssembledSession } from './assembled-session.ts';
import { SsoSession } from '../session/session.ts';
import type { SsoSessionOptions } from '../session/session.ts';
import { openSessionStore } from '../session/store.ts';
import { channelName, openTabChannel } from '../kernel/tab-channel.ts';
import { indexedDbHistory } from '../session/history.ts';
import { rosterChannelName } from '../session/roster.ts';
import { lazyRefresh } from './lazy-refresh.ts';
import type { XmppSettings } from '../notifications/xmpp-settings.ts';
import type { DeploymentMode } from '../session/types.ts';

/**
 * How the engine loads the parts its session needs later: the assembly room's `loadPart`, given
 * to it, so the engine part imports nothing that imports it.
 */
export interface EnginePartLoader {
  (name: 'refresh'): Promise<typeof RefreshPart>;
  (name: 'diagnostics'): Promise<typeof DiagnosticsPart>;
}

/** A Finesse-provider session in popup mode, or in relay mode with the relay part given. */
export function buildFinesse(
  config: SessionConfig,
  xmpp: XmppSettings,
  loadPart: EnginePartLoader,
  relay?: typeof RelayPart,
): AssembledSession {
  const mode: DeploymentMode = relay ? 'relay' : 'popup';
  const primary = new URL(config.finesseUrl, location.href).origin;
  const origins = [primary];
  if (config.secondaryUrl) origins.push(new URL(config.secondaryUrl, location.href).origin);
  const clock = systemClock;
  // One per session: REST, the relay frame and the notification socket report failures to it.
  const { finesseUrl, secondaryUrl, notificationUrl, relayUrl } = config;
  const endpoints = [finesseUrl, secondaryUrl, notificationUrl, relayUrl];
  const doctor = new LazyDoctor(() =>
    loadPart('diagnostics').then((part) => part.createSessionDoctor(endpoints)),
  );

  let fatal: FinesseError | undefined;
  const insecure = insecureContextError();
  if (insecure) {
    fatal = insecure;
  } else if (relay) {
    fatal = relay.relayConfigError(config.relayUrl, primary);
  }

  const source =
    relay && !fatal
      ? new relay.RelaySource({
          relayUrl: new URL(config.relayUrl!, location.href).href,
          clock,
          reporter: doctor,
        })
      : new FinessePopupSource({ finesseUrl: primary, refreshMethod: config.refreshMethod, clock });
  // Popup mode refreshes through the keeper service worker, so a reload mid-refresh loses nothing.
  const refresh = lazyRefresh(
    source instanceof FinessePopupSource && config.refreshKeeper !== false
      ? {
          channel: channelName(primary),
          container: navigator.serviceWorker,
          url: typeof config.refreshKeeper === 'string' ? config.refreshKeeper : undefined,
        }
      : undefined,
    () => loadPart('refresh'),
  );
  const options: SsoSessionOptions = {
    cluster: primary,
    finesseUrl: new URL(config.finesseUrl, location.href).href,
    finesseOrigins: origins,
    secondaryUrl: config.secondaryUrl && new URL(config.secondaryUrl, location.href).href,
    notificationUrl: config.notificationUrl,
    xmpp,
    mode,
    source,
    store: () => openSessionStore(),
    locks: navigator.locks,
    channel: openTabChannel(channelName(primary)),
    history: indexedDbHistory(primary),
    rosterChannel: openTabChannel(rosterChannelName(primary)),
    username: config.username,
    refreshRatio: config.refreshRatio,
    refreshLifetimeMs:
      config.refreshLifetime === undefined ? undefined : config.refreshLifetime * 1000,
    clock,
    fetch: reportingFetch(doctor, globalThis.fetch.bind(globalThis)),
    doctor,
    refreshRunner: refresh.run,
    companions: [refresh.companion],
    lifecycle: { window, document },
    fatal,
    logoutAgent: (userId, reasonCodeId) =>
      loadPart('refresh').then((part) => part.logoutAgent(session, userId, reasonCodeId)),
  };
  const session = new SsoSession(options);
  if (relay && source instanceof relay.RelaySource) {
    relay.wireRelay(session, source);
    relay.reconnectWhenReachable(source, doctor);
    return Object.assign(session, { relay: source });
  }
  return session;
}
