import { FinesseError } from '../kernel/errors.ts';
import { escapeXml } from '../kernel/xml.ts';

/**
 * `PUT /finesse/api/User/<id>` with `<User><state>LOGOUT</state><reasonCodeId>…`, the body
 * built by escaping. 200 and 202 both mean accepted; anything else is an `api-error`.
 */
export async function requestAgentLogout(
  fetchFinesse: (input: string, init: RequestInit) => Promise<Response>,
  userId: string,
  reasonCodeId: string | number,
): Promise<void> {
  const response = await fetchFinesse(`/finesse/api/User/${encodeURIComponent(userId)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/xml' },
    body: `<User><state>LOGOUT</state><reasonCodeId>${escapeXml(String(reasonCodeId))}</reasonCodeId></User>`,
  });
  if (response.status !== 200 && response.status !== 202) {
    throw new FinesseError('api-error', `Finesse did not set LOGOUT (HTTP ${response.status}).`, {
      details: { status: response.status },
    });
  }
}
