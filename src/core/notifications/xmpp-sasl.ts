/**
 * SASL for the notification connection: the initial responses of the mechanisms the client
 * implements (PLAIN, X-OAUTH2, OAUTHBEARER; UTF-8, then base64) and the choice among those the
 * server offers. Pure functions; runs only inside the notification Worker.
 */
import type { XmppSasl } from './xmpp-settings.ts';

/** UTF-8, then base64 (btoa alone only takes Latin-1). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** RFC 4616 PLAIN: `[authzid] NUL authcid NUL passwd`, no authzid. */
export function saslPlain(loginId: string, password: string): string {
  if (loginId.includes('\0') || password.includes('\0')) {
    throw new RangeError('SASL PLAIN values cannot contain NUL');
  }
  return base64Utf8(`\0${loginId}\0${password}`);
}

/**
 * Google Talk's X-OAUTH2 (developers.google.com/talk/jep_extensions/oauth; OpenFire OAuth
 * plugins): `NUL user NUL token`, where the user is the account's address. Strophe's
 * `SASLXOAuth2`, the library inside Cisco's EventTunnel, sends the bare JID there.
 */
export function saslXOAuth2(bareJid: string, token: string): string {
  if (bareJid.includes('\0') || token.includes('\0')) {
    throw new RangeError('SASL X-OAUTH2 values cannot contain NUL');
  }
  return base64Utf8(`\0${bareJid}\0${token}`);
}

/** RFC 5801 saslname: `,` and `=` escaped in the GS2 header's `a=`. */
const gs2Name = (name: string) => name.replace(/=/g, '=3D').replace(/,/g, '=2C');

/** RFC 7628 OAUTHBEARER initial response: `n,a=<authzid>,^Aauth=Bearer <token>^A^A`. */
export function saslOAuthBearer(bareJid: string, token: string): string {
  if ([bareJid, token].some((value) => value.includes('\0') || value.includes('\x01'))) {
    throw new RangeError('SASL OAUTHBEARER values cannot contain NUL or ^A');
  }
  return base64Utf8(`n,a=${gs2Name(bareJid)},\x01auth=Bearer ${token}\x01\x01`);
}

/** The wire names of the mechanisms the client implements, in Strophe's order of preference. */
export const SASL_MECHANISMS = {
  plain: 'PLAIN',
  oauthbearer: 'OAUTHBEARER',
  'x-oauth2': 'X-OAUTH2',
} as const;
export type SaslMechanismName = (typeof SASL_MECHANISMS)[keyof typeof SASL_MECHANISMS];

/**
 * The mechanism to use for a setting and the server's offer, or null when it offers none that
 * fits (`auto`: the first of PLAIN, OAUTHBEARER, X-OAUTH2 offered, as Strophe would choose).
 */
export function pickMechanism(
  setting: XmppSasl | undefined,
  offered: readonly string[],
): SaslMechanismName | null {
  const wanted: SaslMechanismName[] =
    setting === 'auto' ? Object.values(SASL_MECHANISMS) : [SASL_MECHANISMS[setting ?? 'plain']];
  const upper = offered.map((name) => name.toUpperCase());
  return wanted.find((name) => upper.includes(name)) ?? null;
}
