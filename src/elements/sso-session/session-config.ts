/**
 * `<finesse-sso-session>`'s attributes as the core's `SessionConfig`, read once when the element
 * connects and builds its own session. Apart from the element so its defaults read in one place.
 */
import type { SessionConfig } from '../../core/session/session-api.ts';

/**
 * What is read of the element: its attribute properties. A type of its own rather than the
 * element class, so the element imports this file and nothing here imports the element.
 */
export type SessionAttributes = Omit<SessionConfig, 'finesseUrl' | 'refreshKeeper' | 'mode'> & {
  finesseUrl?: string;
  /** `off`, a URL, or unset (on, beside the bundle). */
  refreshKeeper?: string;
  mode: NonNullable<SessionConfig['mode']>;
};

/** Relay mode's default `finesse-url`: the relay's origin. */
function relayOrigin(relayUrl: string | undefined, mode: string): string | undefined {
  if (!relayUrl || (mode !== 'relay' && mode !== 'auto')) return undefined;
  try {
    return new URL(relayUrl, location.href).origin;
  } catch {
    return undefined;
  }
}

/** The config of the session the element builds from its attributes. */
export function sessionConfig(element: SessionAttributes): SessionConfig {
  return {
    finesseUrl:
      element.finesseUrl || relayOrigin(element.relayUrl, element.mode) || location.origin,
    secondaryUrl: element.secondaryUrl,
    notificationUrl: element.notificationUrl,
    xmppSasl: element.xmppSasl,
    xmppPassword: element.xmppPassword,
    xmppPingMs: element.xmppPingMs,
    username: element.username,
    refreshRatio: element.refreshRatio,
    refreshLifetime: element.refreshLifetime,
    refreshMethod: element.refreshMethod,
    refreshKeeper:
      element.refreshKeeper === undefined
        ? true
        : element.refreshKeeper === 'off'
          ? false
          : element.refreshKeeper,
    relayUrl: element.relayUrl,
    mode: element.mode,
    provider: element.provider,
    clientId: element.clientId,
    redirectUri: element.redirectUri,
    issuer: element.issuer,
    scope: element.scope,
    apiUrl: element.apiUrl,
    region: element.region,
    grant: element.grant,
    loginUrl: element.loginUrl,
    idleTimeout: element.idleTimeout,
  };
}
