/**
 * Finesse XML bodies from escaped text only: whatever the agent typed ends up as character
 * data, never as markup. Apart from build.ts because sign-out's LOGOUT (agent-logout.ts, in
 * the first script) needs the User body without the agent part's dialog builders and checks.
 */
import { escapeXml } from '../kernel/xml.ts';

/** Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/F). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text as XML character data: invalid characters dropped, markup characters escaped. */
export function xmlText(value: string | number): string {
  return escapeXml(String(value).replace(NOT_XML, ''));
}

export const element = (name: string, value: string | number) =>
  `<${name}>${xmlText(value)}</${name}>`;

/** The states a `PUT /finesse/api/User/<id>` can ask for. */
export type RequestedState = 'LOGIN' | 'READY' | 'NOT_READY' | 'LOGOUT';

/**
 * `<User><state>…</state>[<extension>…</extension>][<reasonCodeId>…</reasonCodeId>]</User>`:
 * LOGIN carries the extension; NOT_READY and LOGOUT may carry a reason code id.
 */
export function userStateBody(request: {
  state: RequestedState;
  reasonCodeId?: string | number;
  extension?: string;
}): string {
  let body = element('state', request.state);
  if (request.extension !== undefined) body += element('extension', request.extension);
  if (request.reasonCodeId !== undefined && request.reasonCodeId !== '') {
    body += element('reasonCodeId', request.reasonCodeId);
  }
  return `<User>${body}</User>`;
}
