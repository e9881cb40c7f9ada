/**
 * LOGOUT before a sign-out (`signOut({ agentLogout })`), sent the way the agent model sends
 * every state change: when the session has a model, through it (its REST client applies the
 * UCCE rule, the id the agent was resolved with maps to its loginId); without one (a page with
 * no agent element), the same `userStateBody` to the signed-in user's path. The assembly room
 * hands this to the session, so the provider-neutral engine never calls Finesse REST itself.
 */
import { FinesseError } from '../kernel/errors.ts';
import type { SessionApi } from '../session/session-api.ts';
import { userStateBody } from './xml-body.ts';
import type { AgentCarrier } from './session-agent.ts';

export async function logoutAgent(
  session: SessionApi,
  userId: string,
  reasonCodeId: string | number,
): Promise<void> {
  const model = (session as SessionApi & AgentCarrier).agentSlot?.model;
  if (model?.snapshot.user) return model.setState('LOGOUT', String(reasonCodeId));
  const response = await session.fetch(`/finesse/api/User/${encodeURIComponent(userId)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/xml' },
    body: userStateBody({ state: 'LOGOUT', reasonCodeId }),
  });
  // 200 and 202 both mean accepted; anything else is an `api-error`.
  if (response.status !== 200 && response.status !== 202) {
    throw new FinesseError('api-error', `Finesse did not set LOGOUT (HTTP ${response.status}).`, {
      details: { status: response.status },
    });
  }
}
