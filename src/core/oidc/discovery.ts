import { FinesseError } from '../kernel/errors.ts';

/** The parts of an OpenID Provider's metadata this library uses. */
export interface OidcMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
  code_challenge_methods_supported?: string[];
}

/** Reads (and caches) an issuer's metadata. */
export type Discover = (issuer: string) => Promise<OidcMetadata>;

/** `<issuer>/.well-known/openid-configuration`, the issuer's trailing slash removed (OIDC Discovery 4). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

const failed = (why: string, status?: number) =>
  new FinesseError(
    'discovery-failed',
    `The identity provider's configuration could not be used: ${why}.`,
    status === undefined ? {} : { details: { status } },
  );

/** https, or http on a loopback host (local test servers); nothing else may receive a code. */
function isEndpoint(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Validates a parsed discovery document for `issuer`: `issuer` must be exactly the configured
 * one (OIDC Discovery 4.3: otherwise an attacker's document could point us elsewhere), the
 * authorization and token endpoints must be https URLs (http on loopback only), and PKCE S256
 * must be supported when the provider lists its methods.
 */
export function toMetadata(value: unknown, issuer: string): OidcMetadata {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw failed('it is not a JSON object');
  }
  const body = value as Record<string, unknown>;
  if (body.issuer !== issuer) throw failed('its "issuer" is not the configured issuer');
  for (const field of ['authorization_endpoint', 'token_endpoint'] as const) {
    if (!isEndpoint(body[field])) throw failed(`"${field}" is missing or not an https URL`);
  }
  const methods = body.code_challenge_methods_supported;
  if (methods !== undefined && !(Array.isArray(methods) && methods.includes('S256'))) {
    throw failed('it does not support PKCE with S256');
  }
  const metadata: OidcMetadata = {
    issuer,
    authorization_endpoint: body.authorization_endpoint as string,
    token_endpoint: body.token_endpoint as string,
  };
  if (isEndpoint(body.end_session_endpoint)) {
    metadata.end_session_endpoint = body.end_session_endpoint;
  }
  if (Array.isArray(methods)) metadata.code_challenge_methods_supported = methods as string[];
  return metadata;
}

/**
 * GETs and validates the discovery document. A network failure is `network`; an HTTP error, an
 * HTML page, broken JSON or a document that fails {@link toMetadata} is `discovery-failed`.
 */
export async function fetchMetadata(
  issuer: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
  signal?: AbortSignal,
): Promise<OidcMetadata> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(discoveryUrl(issuer), {
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      signal,
    });
    text = await response.text();
  } catch (cause) {
    throw new FinesseError('network', 'The identity provider could not be reached.', { cause });
  }
  if (!response.ok) throw failed(`HTTP ${response.status}`, response.status);
  const contentType = response.headers.get('content-type') ?? '';
  if (/html/i.test(contentType) || text.trimStart().startsWith('<')) {
    throw failed('the server sent an HTML page');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw failed('it is not valid JSON');
  }
  return toMetadata(value, issuer);
}

/**
 * A {@link Discover} that keeps each issuer's metadata for the life of the page. A failure is
 * not kept: the next call tries again.
 */
export function createDiscovery(fetchImpl?: typeof fetch): Discover {
  const cache = new Map<string, Promise<OidcMetadata>>();
  return (issuer) => {
    let entry = cache.get(issuer);
    if (!entry) {
      entry = fetchMetadata(issuer, fetchImpl);
      cache.set(issuer, entry);
      entry.catch(() => cache.delete(issuer));
    }
    return entry;
  };
}

let shared: Discover | undefined;
/** The page-wide cache the sources share when none is passed. */
export const sharedDiscovery: Discover = (issuer) => (shared ??= createDiscovery())(issuer);
