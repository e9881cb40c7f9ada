import type { SessionRecord } from './record.ts';
import { isLive } from './record.ts';

/**
 * What a 401 from the Finesse API means for the pair. A 401 is not always expiry: Finesse also
 * answers 401 when the agent asks for a resource that is not theirs (another agent's
 * `/finesse/api/User/<id>`). Refreshing on every such answer would rotate the pair at the
 * caller's request rate, so:
 *
 * - `retry`: the refused token is no longer the current one (another tab refreshed): retry
 *   with the current one, no refresh.
 * - `refresh`: refresh once (the protocol refreshes only if the token is still current) and
 *   retry once.
 * - `give-up`: hand the 401 back to the caller as it is. Either the token was issued moments
 *   ago (a token that young is not expired), or the pair was itself minted in answer to a 401
 *   and the retry with it was refused too (`record.unauthorizedProof`): its 401s are not
 *   about expiry, and the schedule renews it on time anyway.
 *
 * So a caller polling a forbidden resource costs at most one refresh per pair.
 */
export type UnauthorizedAnswer = 'retry' | 'refresh' | 'give-up';

/** A token younger than this is not taken as expired: 10 % of its lifetime, at most 5 s. */
export function freshFor(record: Pick<SessionRecord, 'issuedAt' | 'expiresAt'>): number {
  return Math.min(5_000, Math.max(0, (record.expiresAt - record.issuedAt) * 0.1));
}

export function answerUnauthorized(
  record: SessionRecord | undefined,
  token: string,
  now: number,
): UnauthorizedAnswer {
  if (!isLive(record)) return 'give-up';
  if (record.token !== token) return 'retry';
  if (record.unauthorizedProof === record.generation) return 'give-up';
  const age = now - record.issuedAt;
  // A clock that jumped back makes the age negative: that says nothing about the token.
  if (age >= 0 && age < freshFor(record)) return 'give-up';
  return 'refresh';
}
