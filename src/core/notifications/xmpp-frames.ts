/**
 * The stanzas the client sends (docs/xmpp-wire.md), built by string with every value escaped,
 * never pasted. Pure functions; runs only inside the notification Worker.
 */
import { escapeXml } from '../kernel/xml.ts';
import { NS } from './xmpp-namespaces.ts';
import { base64Utf8, saslOAuthBearer, saslPlain, saslXOAuth2 } from './xmpp-sasl.ts';
import type { SaslMechanismName } from './xmpp-sasl.ts';

const attr = (name: string, value: string) => ` ${name}="${escapeXml(value)}"`;

export const openFrame = (domain: string) =>
  `<open xmlns="${NS.framing}"${attr('to', domain)} version="1.0"/>`;

export const closeFrame = () => `<close xmlns="${NS.framing}"/>`;

/** The `<auth>` element for a mechanism. Throws RangeError on values the encoding cannot carry. */
export function authFrame(
  mechanism: SaslMechanismName,
  credentials: { loginId: string; domain: string; password: string },
): string {
  const { loginId, domain, password } = credentials;
  const bareJid = `${loginId.toLowerCase()}@${domain}`;
  const payload =
    mechanism === 'X-OAUTH2'
      ? saslXOAuth2(bareJid, password)
      : mechanism === 'OAUTHBEARER'
        ? saslOAuthBearer(bareJid, password)
        : saslPlain(loginId, password);
  return `<auth xmlns="${NS.sasl}"${attr('mechanism', mechanism)}>${payload}</auth>`;
}

/**
 * The answer to a `<challenge>` after our initial response: OAUTHBEARER's error challenge is
 * acknowledged with `^A` (RFC 7628 3.2.3), anything else is aborted; the server then fails.
 */
export const challengeAnswerFrame = (mechanism: SaslMechanismName) =>
  mechanism === 'OAUTHBEARER'
    ? `<response xmlns="${NS.sasl}">${base64Utf8('\x01')}</response>`
    : `<abort xmlns="${NS.sasl}"/>`;

export const BIND_ID = 'bind_1';
export const SESSION_ID = 'sess_1';

export const bindFrame = (resource: string) =>
  `<iq type="set" id="${BIND_ID}" xmlns="${NS.client}"><bind xmlns="${NS.bind}">` +
  `<resource>${escapeXml(resource)}</resource></bind></iq>`;

export const sessionFrame = () =>
  `<iq type="set" id="${SESSION_ID}" xmlns="${NS.client}"><session xmlns="${NS.session}"/></iq>`;

export const presenceFrame = () => `<presence xmlns="${NS.client}"/>`;

export const pingFrame = (id: string, domain: string) =>
  `<iq type="get"${attr('id', id)}${attr('to', domain)} xmlns="${NS.client}">` +
  `<ping xmlns="${NS.ping}"/></iq>`;

/** The answer to a server's ping (or any IQ result without payload). */
export const iqResultFrame = (id: string, to?: string) =>
  `<iq type="result"${attr('id', id)}${to ? attr('to', to) : ''} xmlns="${NS.client}"/>`;

/** RFC 6120 8.4: an IQ get/set we do not understand gets service-unavailable. */
export const iqUnsupportedFrame = (id: string, to?: string) =>
  `<iq type="error"${attr('id', id)}${to ? attr('to', to) : ''} xmlns="${NS.client}">` +
  `<error type="cancel"><service-unavailable xmlns="${NS.stanzas}"/></error></iq>`;
