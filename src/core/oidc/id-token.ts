import { FinesseError } from '../kernel/errors.ts';

/** The ID token claims this library reads. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat?: number;
  nonce?: string;
  azp?: string;
  preferred_username?: string;
  email?: string;
}

/** What the claims must match. */
export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** The nonce sent with the authorization request; absent on refresh, where none is sent. */
  nonce?: string;
  /** Epoch ms. */
  now: number;
  /** Clock difference tolerated for `exp`, in seconds. Default 60. */
  leewayS?: number;
}

const invalid = (why: string) =>
  new FinesseError('token-answer-invalid', `The ID token does not fit this sign-in: ${why}.`);

/** The payload of a compact JWT, decoded but NOT verified (see {@link checkIdToken}). */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw invalid('it is not a JWT');
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new TypeError('not an object');
    }
    return payload as Record<string, unknown>;
  } catch {
    throw invalid('its payload is not JSON');
  }
}

/**
 * Checks an ID token's claims as OpenID Connect Core 3.1.3.7 asks: `iss` is the issuer, `aud`
 * holds our client id (and `azp` names us when there are several audiences), the `nonce` is
 * the one we sent, `exp` is not past. Messages name the claim, never a value.
 *
 * No signature check, on purpose: the token comes straight from the token endpoint over TLS,
 * in the answer to our own PKCE-bound request, which OIDC Core 3.1.3.7 (6) accepts in place of
 * the signature; the browser would otherwise need the provider's keys and a JOSE library for
 * no added safety. The claims only name the agent in the shared record; servers never trust
 * this library's reading of them.
 */
export function checkIdToken(jwt: string, expected: IdTokenExpectations): IdTokenClaims {
  const claims = decodeJwtPayload(jwt);
  if (claims.iss !== expected.issuer) throw invalid('"iss" is not the issuer');
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.clientId)) throw invalid('"aud" does not name this client');
  if (audiences.length > 1 && claims.azp !== undefined && claims.azp !== expected.clientId) {
    throw invalid('"azp" is not this client');
  }
  if (expected.nonce !== undefined && claims.nonce !== expected.nonce) {
    throw invalid('"nonce" is not the one this sign-in sent');
  }
  if (typeof claims.exp !== 'number') throw invalid('"exp" is missing');
  if (claims.exp * 1000 + (expected.leewayS ?? 60) * 1000 < expected.now) {
    throw invalid('it has expired ("exp")');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalid('"sub" is missing');
  return claims as unknown as IdTokenClaims;
}
