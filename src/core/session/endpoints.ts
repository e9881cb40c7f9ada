/**
 * Where Finesse lives, as the session carries it for the floors above: the REST client and the
 * notifications read it; the session itself only scopes its bearer to these origins. The XMPP
 * settings are typed here (validated in notifications/xmpp-settings.ts, which says why each
 * default was chosen).
 */

/**
 * Which SASL mechanism to authenticate the notification connection with:
 * - `plain`: RFC 4616 PLAIN, `\0<loginId>\0<password>` (default);
 * - `x-oauth2`: Google Talk's X-OAUTH2 (also OpenFire OAuth plugins), `\0<bare JID>\0<token>`,
 *   the bare JID as Strophe's `SASLXOAuth2` sends it;
 * - `oauthbearer`: RFC 7628, `n,a=<bare JID>,^Aauth=Bearer <token>^A^A`;
 * - `auto`: the first of PLAIN, OAUTHBEARER, X-OAUTH2 the server offers (Strophe's order).
 */
export type XmppSasl = 'plain' | 'x-oauth2' | 'oauthbearer' | 'auto';

/**
 * What the XMPP password is, made from the current access token:
 * - `access-token`: the token itself (default);
 * - `bearer`: `Bearer <token>`, the Authorization header value gadgets get from
 *   `finesse.utilities.Utilities.getAuthHeaderString(config)`.
 */
export type XmppPasswordSource = 'access-token' | 'bearer';

export interface XmppSettings {
  sasl?: XmppSasl;
  password?: XmppPasswordSource;
  /** Client ping period in ms (1 000 to 60 000). */
  pingMs?: number;
}

/** Where Finesse lives, as configured on the element. */
export interface SessionEndpoints {
  /** Primary node base URL. */
  finesseUrl: string;
  secondaryUrl?: string;
  /** XMPP WebSocket URL; when absent, derived from the node (`wss://host:port/ws`). */
  notificationUrl?: string;
  /** XMPP SASL mechanism, password form and ping period; defaults when absent (notifications/xmpp-settings.ts). */
  xmpp?: XmppSettings;
}

/** Whether two origins use the same scheme (a secondary on http: never joins an https: cluster). */
export function sameScheme(a: string, b: string): boolean {
  try {
    return new URL(a).protocol === new URL(b).protocol;
  } catch {
    return false;
  }
}
