/**
 * The session's cross-tab messages and their shape checks. The session's own vocabulary, so it
 * lives with the session; the kernel's tab channel only carries messages.
 */
import { isFiniteNumber, isRecord, isShortString } from '../kernel/malformed.ts';

/**
 * What tabs tell each other. Never a token: a message only says "the record changed, re-read
 * it" (IndexedDB is the source of truth) or "a sign-in window is open in tab X".
 */
export type TabMessage =
  | {
      type: 'record-changed';
      key: string;
      from: string;
      why:
        'signed-in' | 'refreshed' | 'refresh-started' | 'failure' | 'needs-sign-in' | 'signed-out';
    }
  | { type: 'signing-in'; from: string; open: boolean; until: number };

const WHY: ReadonlySet<unknown> = new Set([
  'signed-in',
  'refreshed',
  'refresh-started',
  'failure',
  'needs-sign-in',
  'signed-out',
]);

/**
 * A well-formed {@link TabMessage}: every field present with its type (finite numbers, short
 * strings, known values). Ranges that need the receiver's clock (a sign-in notice's `until`)
 * are checked by {@link isTabMessageFor}.
 */
export function isTabMessage(value: unknown): value is TabMessage {
  if (!isRecord(value) || !isShortString(value.from)) return false;
  switch (value.type) {
    case 'record-changed':
      return isShortString(value.key) && WHY.has(value.why);
    case 'signing-in':
      return typeof value.open === 'boolean' && isFiniteNumber(value.until);
  }
  return false;
}

/**
 * {@link isTabMessage}, and in range for this receiver: a record key of this cluster, and an
 * open sign-in notice that lapses no later than `signingInTtlMs` from now (a notice without a
 * real deadline would keep every tab in `signing-in` for good).
 */
export function isTabMessageFor(
  value: unknown,
  receiver: { cluster: string; now: number; signingInTtlMs: number },
): value is TabMessage {
  if (!isTabMessage(value)) return false;
  if (value.type === 'record-changed') return value.key.startsWith(`${receiver.cluster}|`);
  return !value.open || value.until <= receiver.now + receiver.signingInTtlMs;
}
