/**
 * Every failure the library reports is a {@link FinesseError} with one of these stable codes.
 * Integrators switch on `code`; the message is for people and never contains a token.
 */
export const FINESSE_ERROR_CODES = [
  'popup-blocked',
  'popup-closed',
  'popup-timeout',
  'popup-opener-lost',
  'token-page-unreadable',
  'json-viewer',
  'token-answer-invalid',
  'refresh-rejected',
  'refresh-needs-interaction',
  'rotation-lost',
  'refresh-token-not-returned',
  'network',
  'timeout',
  'server-error',
  'signed-out',
  'user-mismatch',
  'foreign-origin',
  'not-bearer',
  'relay-click-required',
  'relay-unavailable',
  'relay-not-allowed',
  'relay-version-mismatch',
  'storage-unavailable',
  'insecure-context',
  'csp-blocked',
  'certificate-untrusted',
  'api-error',
  'authorization-failed',
  'state-mismatch',
  'discovery-failed',
  'idle-timeout',
  'out-of-service',
  'part-unavailable',
] as const;

export type FinesseErrorCode = (typeof FINESSE_ERROR_CODES)[number];

/** Extra facts some codes carry (Finesse's ErrorType/ErrorMessage for `api-error`, an HTTP status). */
export interface FinesseErrorDetails {
  status?: number;
  errorType?: string;
  errorMessage?: string;
}

/** The one error class of the library. `code` is stable; `message` is English prose. */
export class FinesseError extends Error {
  override readonly name = 'FinesseError';
  readonly code: FinesseErrorCode;
  readonly details: FinesseErrorDetails;

  constructor(
    code: FinesseErrorCode,
    message: string,
    options: { cause?: unknown; details?: FinesseErrorDetails } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isFinesseError(value: unknown, code?: FinesseErrorCode): value is FinesseError {
  return value instanceof FinesseError && (code === undefined || value.code === code);
}

/** Codes that mean "the network or server failed; the pair is probably still good". */
export const TRANSPORT_CODES: ReadonlySet<FinesseErrorCode> = new Set([
  'network',
  'timeout',
  'server-error',
  'out-of-service',
]);
