import { TRANSPORT_CODES } from '../../core/kernel/errors.ts';
import type { FinesseErrorCode } from '../../core/kernel/errors.ts';
import type { SessionState } from '../../core/session/types.ts';
import type { HeadingKind } from '../../i18n/messages.ts';

/**
 * What a banner's heading asks for a state and an error code, so that heading, body and
 * button always say the same thing. Pure: the templates look up the words.
 *
 * A transport code means two different things: while the session keeps the pair (`offline`,
 * or a `needs-sign-in` record of an older version, which the core retries at once), it is
 * "wait, the desktop keeps trying"; after a failed sign-in it is "try again".
 */
export function headingKind(state: SessionState, code: FinesseErrorCode | null): HeadingKind {
  const keeping = state === 'offline' || state === 'needs-sign-in';
  if (code === null) return keeping && state === 'offline' ? 'wait' : 'sign-in-again';
  if (code === 'out-of-service') return keeping ? 'out-of-service' : 'retry-sign-in';
  if (TRANSPORT_CODES.has(code)) return keeping ? 'wait' : 'retry-sign-in';
  return KIND_OF_CODE[code] ?? 'retry-sign-in';
}

/** The kinds that do not follow from the state; every other code is a sign-in to try again. */
const KIND_OF_CODE: Partial<Record<FinesseErrorCode, HeadingKind>> = {
  'popup-blocked': 'allow-popups',
  'rotation-lost': 'rotation-lost',
  'refresh-rejected': 'sign-in-again',
  'refresh-needs-interaction': 'sign-in-again',
  'refresh-token-not-returned': 'sign-in-again',
  'signed-out': 'sign-in-again',
  'idle-timeout': 'sign-in-again',
  'insecure-context': 'cannot-start',
  'storage-unavailable': 'cannot-start',
  'relay-unavailable': 'cannot-start',
  'part-unavailable': 'cannot-start',
  'relay-click-required': 'cannot-start',
  'certificate-untrusted': 'cannot-start',
  'foreign-origin': 'administrator',
  'not-bearer': 'administrator',
  'relay-not-allowed': 'administrator',
  'relay-version-mismatch': 'administrator',
  'csp-blocked': 'administrator',
  'api-error': 'refused',
};

/** Kinds whose body tells the agent to wait: the banner offers no button that urges them. */
export function isWaitKind(kind: HeadingKind): boolean {
  return kind === 'wait' || kind === 'out-of-service';
}

/**
 * Whether the last error is a sign-in attempt that failed (its body says "select Try again"),
 * so the banner's button reads Try again rather than Sign in again.
 */
export function isRetryKind(kind: HeadingKind): boolean {
  return kind === 'retry-sign-in' || kind === 'allow-popups';
}
