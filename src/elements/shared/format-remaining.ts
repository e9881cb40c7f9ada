/**
 * The time left as text, the same in the session element's countdowns and the agent elements'
 * "sign in again within m:ss" line (the agent part reads it from the first script).
 */
import { messagesFor } from '../../i18n/index.ts';
import type { Lang } from '../../i18n/index.ts';

/**
 * `m:ss` (or `h:mm:ss` from one hour) for a remaining time, rounded up so that "0:00" is never
 * shown while the sign-in is still valid; the language's "expired" text at or below zero.
 */
export function formatRemaining(ms: number, lang: Lang): string {
  if (ms <= 0) return messagesFor(lang).expired;
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}
