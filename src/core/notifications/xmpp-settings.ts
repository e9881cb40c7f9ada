/**
 * The XMPP assumptions the library cannot confirm, as switchable settings with their defaults
 * (FINESSE.md sections 5 and 9). Page side only: validation and the password form; the Worker
 * turns the mechanism into stanzas (xmpp-sasl.ts, xmpp-frames.ts).
 *
 * Evidence behind the defaults:
 * - Cisco does not publish the XMPP password or SASL mechanism for SSO mode. Cisco's own
 *   EventTunnel (`finesse.EventTunnel`, the hidden frame of the Finesse desktop, websocket
 *   variant of 12.x) calls Strophe's `connection.connect(jid, password, …)` with whatever
 *   password the desktop hands it, so Strophe picks the mechanism from what the server offers
 *   (among those we implement, Strophe prefers PLAIN over OAUTHBEARER over X-OAUTH2). Hence:
 *   PLAIN with the current access token by default, `auto` to choose like Strophe.
 * - Ping: that EventTunnel pings the XMPP domain every 10 s (`xmppFailoverDetectionPingInterval:
 *   10000`), waits 10 s for each answer (`xmppRequestTimeout`) and gives up after 2 failures
 *   (`xmppFailoverRequestMaxRetry`), all three overridable by desktop properties; the developer
 *   guide says the server expects a ping at least every 20 s. The library keeps its 15 s
 *   (within 20 s, fewer wake-ups than 10 s); an unanswered ping fails the connection at the
 *   next tick, i.e. after one period.
 */
import type { XmppPasswordSource, XmppSasl, XmppSettings } from '../session/endpoints.ts';

export type { XmppPasswordSource, XmppSasl, XmppSettings };

export const XMPP_SASL_VALUES: readonly XmppSasl[] = ['plain', 'x-oauth2', 'oauthbearer', 'auto'];

export const XMPP_PASSWORD_VALUES: readonly XmppPasswordSource[] = ['access-token', 'bearer'];

export const DEFAULT_XMPP_SETTINGS: Readonly<Required<XmppSettings>> = {
  sasl: 'plain',
  password: 'access-token',
  pingMs: 15_000,
};

export const MIN_PING_MS = 1_000;
export const MAX_PING_MS = 60_000;
/** FINESSE.md section 5: the server expects a client ping at least this often. */
export const FINESSE_PING_EXPECTATION_MS = 20_000;

/**
 * Checks settings read from attributes or passed by a host; unset values take the defaults.
 * Throws a TypeError naming the attribute and the accepted values (a configuration mistake).
 */
export function resolveXmppSettings(settings: XmppSettings = {}): Required<XmppSettings> {
  const { sasl, password, pingMs } = { ...DEFAULT_XMPP_SETTINGS, ...definedOnly(settings) };
  if (!XMPP_SASL_VALUES.includes(sasl)) {
    throw new TypeError(`xmpp-sasl must be one of ${XMPP_SASL_VALUES.join(', ')}; got "${sasl}"`);
  }
  if (!XMPP_PASSWORD_VALUES.includes(password)) {
    throw new TypeError(
      `xmpp-password must be one of ${XMPP_PASSWORD_VALUES.join(', ')}; got "${password}"`,
    );
  }
  if (!Number.isFinite(pingMs) || pingMs < MIN_PING_MS || pingMs > MAX_PING_MS) {
    throw new TypeError(
      `xmpp-ping-ms must be a number of milliseconds from ${MIN_PING_MS} to ${MAX_PING_MS}; got ${pingMs}`,
    );
  }
  return { sasl, password, pingMs: Math.round(pingMs) };
}

const definedOnly = (settings: XmppSettings): XmppSettings =>
  Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined && value !== null),
  );

/** The XMPP password for a source, from the current access token. */
export function xmppPassword(source: XmppPasswordSource, accessToken: string): string {
  return source === 'bearer' ? `Bearer ${accessToken}` : accessToken;
}
