import { systemClock } from './clock.ts';
import { FinesseError } from './errors.ts';
import { FinessePopupSource } from './finesse-token-source.ts';
import type { ManagedSession, SessionConfig } from './session-api.ts';
import { SsoSession } from './session.ts';
import type { SsoSessionOptions } from './session.ts';
import { openSessionStore } from './store.ts';
import { channelName } from './tab-channel.ts';

/**
 * Builds the session for a config: checks the context, opens the shared store (or its memory
 * fallback), and picks the token source. The returned session loads the record in `start()`.
 */
export function createSession(config: SessionConfig): ManagedSession {
  const mode = config.mode === 'auto' || !config.mode ? 'popup' : config.mode;
  const primary = new URL(config.finesseUrl, location.href).origin;
  const origins = [primary];
  if (config.secondaryUrl) origins.push(new URL(config.secondaryUrl, location.href).origin);
  const clock = systemClock;

  let fatal: FinesseError | undefined;
  if (!globalThis.isSecureContext || !navigator.locks) {
    fatal = new FinesseError(
      'insecure-context',
      'This page is not a secure context (https or localhost), so tabs cannot share the sign-in.',
    );
  } else if (mode !== 'popup') {
    fatal = new FinesseError(
      mode === 'relay' ? 'relay-unavailable' : 'not-bearer',
      `The ${mode} mode is not available in this build; use popup mode on the Finesse origin.`,
    );
  }

  const source = new FinessePopupSource({
    finesseUrl: primary,
    refreshMethod: config.refreshMethod,
    clock,
  });
  const options: SsoSessionOptions = {
    cluster: primary,
    finesseUrl: new URL(config.finesseUrl, location.href).href,
    finesseOrigins: origins,
    secondaryUrl: config.secondaryUrl && new URL(config.secondaryUrl, location.href).href,
    notificationUrl: config.notificationUrl,
    mode,
    source,
    store: () => openSessionStore(),
    locks: navigator.locks,
    channel:
      typeof BroadcastChannel === 'function'
        ? new BroadcastChannel(channelName(primary))
        : undefined,
    username: config.username,
    refreshRatio: config.refreshRatio,
    clock,
    lifecycle: { window, document },
    fatal,
  };
  return new SsoSession(options);
}
