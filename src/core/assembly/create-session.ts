import { hasGadgetConfig } from '../gadget/finesse-globals.ts';
import { GENESYS_IDLE_TIMEOUT_S } from '../genesys/idle-default.ts';
import { loadPart } from './parts/index.ts';
import { resolveXmppSettings } from '../notifications/xmpp-settings.ts';
import { PROVIDER_NAMES } from '../session/session-api.ts';
import type { ProviderName, SessionConfig } from '../session/session-api.ts';
import type { AssembledSession } from './assembled-session.ts';
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
 * (`relay`, `notificationFactory`, the doctor inside), with no module-level registry. Every
 * mode is built from parts loaded first: the engine (popup and relay mode, the Finesse
 * provider), relay, gadget, the OAuth providers and their idle watch; the first script holds
 * only what decides which. Configuration mistakes throw here, synchronously, before anything
 * is loaded; a part that cannot be loaded rejects with `part-unavailable`.
 */
export function createSession(config: SessionConfig): Promise<AssembledSession> {
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
  // The engine is a part too: the first script carries only what chooses the parts.
  const relay = mode === 'relay' ? loadPart('relay') : undefined;
  return Promise.all([loadPart('engine'), relay]).then(([engine, part]) =>
    engine.buildFinesse(config, xmpp, loadPart, part),
  );
}
