import { FinesseError } from './errors.ts';

/**
 * Why this page cannot share a sign-in between tabs, or undefined: Web Locks (and the other
 * APIs the session needs) exist only in a secure context (https, or localhost).
 */
export function insecureContextError(): FinesseError | undefined {
  if (globalThis.isSecureContext && navigator.locks) return undefined;
  return new FinesseError(
    'insecure-context',
    'This page is not a secure context (https or localhost), so tabs cannot share the sign-in.',
  );
}
