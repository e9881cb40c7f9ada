import type { FinesseErrorCode } from '../core/errors.ts';

/** The languages the elements speak. */
export type Lang = 'en' | 'ja' | 'ko';

/** The remaining times (ms) at which screen readers hear the needs-sign-in countdown. */
export type Threshold = 120_000 | 60_000 | 30_000;

/**
 * Every string the elements show or announce, in one language. Functions take values that
 * are already formatted (a user id, an `m:ss` time); none of them ever receives a token.
 */
export interface Messages {
  signIn: string;
  /** Label of the sign-in button after a failed attempt (it retries the same way). */
  tryAgain: string;
  usernameLabel: string;
  signingIn: string;
  signedInAs(userId: string): string;
  renewsIn(time: string): string;
  renewingNow: string;
  signOut: string;
  signedOutNote: string;
  offline(time: string): string;
  offlineNoExpiry: string;
  bannerHeading: string;
  /** The reason when the session gives no error code. */
  bannerReasonFallback: string;
  countdownLabel: string;
  /** What the countdown shows once the sign-in has expired. */
  expired: string;
  signInAgain: string;
  alertMe: string;
  /** Put in front of `document.title` during the last two minutes. */
  titlePrefix: string;
  notificationTitle: string;
  notificationBody: string;
  announce(threshold: Threshold): string;
  storageDegraded: string;
  /** Agent-facing text per error code: what is wrong, then what to do. */
  errors: Record<FinesseErrorCode, string>;
}
