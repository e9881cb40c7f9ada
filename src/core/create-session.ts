import { systemClock } from './clock.ts';
import { attachDoctor } from './diagnostics/doctor-registry.ts';
import { reportingFetch } from './diagnostics/reporting-fetch.ts';
import { createSessionDoctor } from './diagnostics/session-doctor.ts';
import type { ConnectionDoctor } from './diagnostics/connection-doctor.ts';
import { FinesseError } from './errors.ts';
import { insecureContextError } from './secure-context.ts';
import { FinessePopupSource } from './finesse-token-source.ts';
import { relayConfigError, wireRelay } from './relay/relay-session.ts';
import { RelaySource } from './relay/relay-source.ts';
import { createGadgetSession } from './gadget/create-gadget-session.ts';
import { hasGadgetConfig } from './gadget/finesse-globals.ts';
import { createOAuthSession } from './create-oauth-session.ts';
import { resolveXmppSettings } from './notifications/xmpp-settings.ts';
import { PROVIDER_NAMES } from './session-api.ts';
import type { ManagedSession, SessionConfig } from './session-api.ts';
import { SsoSession } from './session.ts';
import type { SsoSessionOptions } from './session.ts';
import { openSessionStore } from './store.ts';
import { channelName, openTabChannel } from './tab-channel.ts';
import { indexedDbHistory } from './diagnostics/history.ts';
import { rosterChannelName } from './diagnostics/roster.ts';
import { RefreshKeeper } from './keeper/keeper-client.ts';
import type { DeploymentMode } from './types.ts';

/**
 * The mode `auto` stands for: gadget inside the Finesse desktop (`finesse.gadget.Config`
 * exists), else popup. Relay mode (`relay-url`) is decided here too once it exists.
 */
export function resolveMode(config: Pick<SessionConfig, 'mode' | 'relayUrl'>): DeploymentMode {
  if (config.mode && config.mode !== 'auto') return config.mode;
  if (hasGadgetConfig()) return 'gadget';
  if (config.relayUrl) return 'relay';
  return 'popup';
}

/**
 * The doctor re-checks failing addresses by itself; once the relay's address answers again
 * (certificate accepted, server back), the relay frame is loaded again without a page reload.
 */
function reconnectWhenReachable(source: RelaySource, doctor: ConnectionDoctor): void {
  let wasFailing = false;
  doctor.onChange((problems) => {
    const failing = problems.some((problem) => problem.origin === source.relayOrigin);
    if (wasFailing && !failing) source.reconnect();
    wasFailing = failing;
  });
}

/**
 * Builds the session for a config: checks the context, opens the shared store (or its memory
 * fallback), and picks the token source. The returned session loads the record in `start()`.
 */
export function createSession(config: SessionConfig): ManagedSession {
  const provider = config.provider ?? 'finesse';
  if (!PROVIDER_NAMES.includes(provider)) {
    throw new TypeError(`provider must be one of ${PROVIDER_NAMES.join(', ')}; got "${provider}"`);
  }
  // Genesys Cloud and OpenID Connect: the same session core with another token source.
  if (provider !== 'finesse') return createOAuthSession(config);
  // Configuration mistakes throw here, before anything starts (notifications read it later).
  const xmpp = resolveXmppSettings({
    sasl: config.xmppSasl,
    password: config.xmppPassword,
    pingMs: config.xmppPingMs,
  });
  const mode = resolveMode(config);
  // Inside the Finesse desktop: the desktop owns the pair (no store, no locks, no refresher).
  if (mode === 'gadget') return createGadgetSession(config);
  const primary = new URL(config.finesseUrl, location.href).origin;
  const origins = [primary];
  if (config.secondaryUrl) origins.push(new URL(config.secondaryUrl, location.href).origin);
  const clock = systemClock;
  // One per session: REST, the relay frame and the notification socket report failures to it.
  const { finesseUrl, secondaryUrl, notificationUrl, relayUrl } = config;
  const doctor = createSessionDoctor([finesseUrl, secondaryUrl, notificationUrl, relayUrl]);

  let fatal: FinesseError | undefined;
  const insecure = insecureContextError();
  if (insecure) {
    fatal = insecure;
  } else if (mode === 'relay') {
    fatal = relayConfigError(config.relayUrl, primary);
  } else if (mode !== 'popup') {
    fatal = new FinesseError(
      'relay-unavailable',
      `The ${mode} mode is not available in this build; use popup mode on the Finesse origin.`,
    );
  }

  const source =
    mode === 'relay' && !fatal
      ? new RelaySource({
          relayUrl: new URL(config.relayUrl!, location.href).href,
          clock,
          reporter: doctor,
        })
      : new FinessePopupSource({ finesseUrl: primary, refreshMethod: config.refreshMethod, clock });
  // Popup mode refreshes through the keeper service worker, so a reload mid-refresh loses nothing.
  const keeper =
    source instanceof FinessePopupSource && config.refreshKeeper !== false
      ? new RefreshKeeper({
          channel: channelName(primary),
          container: navigator.serviceWorker,
          url: typeof config.refreshKeeper === 'string' ? config.refreshKeeper : undefined,
        })
      : undefined;
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
    refreshRunner: keeper?.run,
    companions: keeper ? [keeper] : undefined,
    lifecycle: { window, document },
    fatal,
  };
  const session = new SsoSession(options);
  attachDoctor(session, doctor);
  if (source instanceof RelaySource) {
    wireRelay(session, source);
    reconnectWhenReachable(source, doctor);
  }
  return session;
}
