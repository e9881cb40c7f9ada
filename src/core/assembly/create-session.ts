import { systemClock } from '../kernel/clock.ts';
import { reportingFetch } from '../diagnostics/reporting-fetch.ts';
import { LazyDoctor } from '../diagnostics/lazy-doctor.ts';
import type { FinesseError } from '../kernel/errors.ts';
import { insecureContextError } from '../kernel/secure-context.ts';
import { FinessePopupSource } from '../ids/finesse-token-source.ts';
import { hasGadgetConfig } from '../gadget/finesse-globals.ts';
import { GENESYS_IDLE_TIMEOUT_S } from '../genesys/idle-default.ts';
import { loadPart } from './parts/index.ts';
import type { CorePart } from './parts/index.ts';
import { resolveXmppSettings } from '../notifications/xmpp-settings.ts';
import { PROVIDER_NAMES } from '../session/session-api.ts';
import type { ProviderName, SessionConfig } from '../session/session-api.ts';
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
 * The mode `auto` stands for: gadget inside the Finesse desktop (`finesse.gadget.Config`
 * exists), else popup. Relay mode (`relay-url`) is decided here too once it exists.
 */
export function resolveMode(config: Pick<SessionConfig, 'mode' | 'relayUrl'>): DeploymentMode {
  if (config.mode && config.mode !== 'auto') return config.mode;
  if (hasGadgetConfig()) return 'gadget';
  if (config.relayUrl) return 'relay';
  return 'popup';
}

/** The attributes each OAuth provider needs, checked before its part is loaded. */
const REQUIRED: Record<Exclude<ProviderName, 'finesse'>, Array<keyof SessionConfig>> = {
  oidc: ['issuer', 'clientId', 'redirectUri'],
  genesys: ['region', 'clientId', 'redirectUri'],
};

function requireConfig(config: SessionConfig, names: Array<keyof SessionConfig>): void {
  const missing = names.filter((name) => !config[name]);
  if (missing.length > 0) {
    const attrs = missing.map((name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    throw new TypeError(`provider="${config.provider}" needs ${attrs.join(', ')}`);
  }
}

/**
 * The assembly room: builds the session for a config and hands its parts out as fields
 * (`relay`, `notificationFactory`, the doctor inside), with no module-level registry. Popup
 * mode with the Finesse provider needs nothing more and is built at once; relay, gadget and
 * the OAuth providers (and their idle watch) are parts loaded first, so the result is then a
 * promise. Configuration mistakes throw here, synchronously, before anything is loaded; a part
 * that cannot be loaded rejects with `part-unavailable`.
 */
export function assembleSession(
  config: SessionConfig,
): AssembledSession | Promise<AssembledSession> {
  const provider = config.provider ?? 'finesse';
  if (!PROVIDER_NAMES.includes(provider)) {
    throw new TypeError(`provider must be one of ${PROVIDER_NAMES.join(', ')}; got "${provider}"`);
  }
  // Genesys Cloud and OpenID Connect: the same session core with another token source.
  if (provider !== 'finesse') {
    requireConfig(config, REQUIRED[provider]);
    const idleS = config.idleTimeout ?? (provider === 'genesys' ? GENESYS_IDLE_TIMEOUT_S : 0);
    return Promise.all([loadPart(provider), idleS > 0 ? loadPart('idle') : undefined]).then(
      ([part, idle]) => part.createProviderSession(config, idle?.IdleWatch),
    );
  }
  // Configuration mistakes throw here, before anything starts (notifications read it later).
  const xmpp = resolveXmppSettings({
    sasl: config.xmppSasl,
    password: config.xmppPassword,
    pingMs: config.xmppPingMs,
  });
  const mode = resolveMode(config);
  // Inside the Finesse desktop: the desktop owns the pair (no store, no locks, no refresher).
  if (mode === 'gadget') return loadPart('gadget').then((part) => part.createGadgetSession(config));
  if (mode === 'relay') return loadPart('relay').then((part) => buildFinesse(config, xmpp, part));
  return buildFinesse(config, xmpp);
}

/**
 * Builds the session for a config, loading the parts it needs first. Configuration mistakes
 * throw synchronously; the promise rejects only with a FinesseError (`part-unavailable`).
 */
export function createSession(config: SessionConfig): Promise<AssembledSession> {
  return Promise.resolve(assembleSession(config));
}

/** A Finesse-provider session in popup mode, or in relay mode with the relay part given. */
function buildFinesse(
  config: SessionConfig,
  xmpp: XmppSettings,
  relay?: CorePart<'relay'>,
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
