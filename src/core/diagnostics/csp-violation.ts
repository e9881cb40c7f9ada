import { exactOrigin } from '../session/connection-problem.ts';

/** The fields of a `securitypolicyviolation` event the doctor reads. */
export interface ViolationLike {
  blockedURI: string;
  effectiveDirective?: string;
  violatedDirective?: string;
  /** `report` violations (Report-Only policies) blocked nothing. */
  disposition?: string;
}

/** A CSP block of a network address: its exact origin and the directive that blocked it. */
export interface BlockedOrigin {
  origin: string;
  directive: string;
}

/**
 * What a violation blocked, when it is a network address. Inline script, eval and the like
 * (`blockedURI` "inline", "eval"…) are not connection problems, nor are report-only ones.
 */
export function blockedOrigin(event: ViolationLike): BlockedOrigin | null {
  if (event.disposition === 'report') return null;
  const origin = exactOrigin(event.blockedURI);
  if (!origin) return null;
  const directive = (event.effectiveDirective || event.violatedDirective || '').split(' ')[0];
  return { origin, directive: directive || 'default-src' };
}
