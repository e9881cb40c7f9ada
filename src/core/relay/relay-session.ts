import { FinesseError } from '../kernel/errors.ts';
import type { SsoSession } from '../session/session.ts';
import type { DoctorLike } from '../session/connection-problem.ts';
import type { RelaySource } from './relay-source.ts';

/**
 * Why a relay configuration cannot be used, or undefined: `relay-url` is required and must be
 * on the `finesse-url` origin (it is read once, at connect; tokens never follow a later change).
 */
export function relayConfigError(
  relayUrl: string | undefined,
  finesseOrigin: string,
): FinesseError | undefined {
  if (!relayUrl) {
    return new FinesseError('relay-unavailable', 'Relay mode needs the relay-url attribute.');
  }
  let origin: string;
  try {
    origin = new URL(relayUrl, location.href).origin;
  } catch {
    return new FinesseError('relay-unavailable', 'The relay-url attribute is not a URL.');
  }
  if (origin !== finesseOrigin) {
    return new FinesseError(
      'foreign-origin',
      'The relay-url must be on the same origin as finesse-url; the relay was not loaded.',
    );
  }
  return undefined;
}

/**
 * Connects a relay source to its session: sign-ins the agent completes inside the relay frame
 * are committed like any sign-in (stored, broadcast to every tab), and the relay frame shows
 * the button the session's state calls for.
 */
export function wireRelay(session: SsoSession, source: RelaySource): void {
  source.onSignIn = (pending, username) => {
    session.signInFrom(pending, username).catch(() => undefined);
  };
  const show = () => {
    const state = session.state;
    const view =
      state === 'signing-in'
        ? 'signing-in'
        : state === 'needs-sign-in'
          ? 'needs-sign-in'
          : state === 'signed-out'
            ? 'signed-out'
            : 'active';
    source.setView(view, session.username);
  };
  session.on('session-change', show);
  show();
}

/**
 * The doctor re-checks failing addresses by itself; once the relay's address answers again
 * (certificate accepted, server back), the relay frame is loaded again without a page reload.
 */
export function reconnectWhenReachable(source: RelaySource, doctor: DoctorLike): void {
  let wasFailing = false;
  doctor.onChange((problems) => {
    const failing = problems.some((problem) => problem.origin === source.relayOrigin);
    if (wasFailing && !failing) source.reconnect();
    wasFailing = failing;
  });
}
