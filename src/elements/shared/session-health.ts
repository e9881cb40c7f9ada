import type { SessionApi } from '../../core/session/session-api.ts';

/**
 * What the session lets the agent elements do now (pure). `blocked`: requests would fail
 * (no pair, a sign-in under way, Finesse not answering, the sign-in ran out), so the controls
 * are disabled and the live times marked. `soon`: a sign-in is needed but the token still
 * works for `remaining` ms, so the controls stay usable (an agent must still be able to end or
 * transfer a call) and the line says how long. Without a session (a host's own `agent`), `ok`.
 */
export type SessionHealth =
  | { kind: 'ok' }
  | { kind: 'soon'; remaining: number }
  | { kind: 'blocked'; reason: 'signed-out' | 'signing-in' | 'offline' | 'expired' };

export function sessionHealth(session: SessionApi | undefined): SessionHealth {
  if (!session) return { kind: 'ok' };
  switch (session.state) {
    case 'active':
    case 'refreshing':
      return { kind: 'ok' };
    case 'offline':
      return { kind: 'blocked', reason: 'offline' };
    case 'signing-in':
      return { kind: 'blocked', reason: 'signing-in' };
    case 'signed-out':
      return { kind: 'blocked', reason: 'signed-out' };
    case 'needs-sign-in': {
      const remaining = session.expiresAt === null ? 0 : session.expiresAt - session.now();
      return remaining > 0 ? { kind: 'soon', remaining } : { kind: 'blocked', reason: 'expired' };
    }
  }
}
