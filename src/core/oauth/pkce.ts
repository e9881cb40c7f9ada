/**
 * PKCE (RFC 7636) and the random values of an authorization request. Only the Web Crypto API:
 * no library, nothing that needs eval.
 */

const URL_SAFE = /[+/=]/g;
const URL_SAFE_MAP: Record<string, string> = { '+': '-', '/': '_', '=': '' };

/** base64url without padding, as RFC 7636 and JWTs use it. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(URL_SAFE, (c) => URL_SAFE_MAP[c] ?? '');
}

/** A random base64url string of `byteLength` random bytes (32 bytes give 43 characters). */
export function randomUrlSafe(byteLength = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/** A new code verifier: 43 characters from the unreserved set (RFC 7636 section 4.1). */
export function createCodeVerifier(): string {
  return randomUrlSafe(32);
}

/** The S256 code challenge of a verifier. */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}
