import { FinesseError } from '../kernel/errors.ts';

export interface AuthorizedFetchOptions {
  /** Relative URLs resolve against this (the `finesse-url`). */
  baseUrl: string;
  /** Only these origins ever see the bearer token. */
  origins: string[];
  fetch: typeof fetch;
  getToken(): Promise<string>;
  /**
   * Called once after a 401 with the token that was refused, before the single retry. The
   * caller decides whether to refresh (see `unauthorized.ts`); without a new token there is
   * no retry and the 401 goes back to the caller.
   */
  onRejected(token: string): Promise<void>;
  /** The retry with a new token was refused too: that 401 is not about expiry. */
  onRetryRejected?(token: string): Promise<void> | void;
}

/**
 * `fetch` for the Finesse API: relative URLs against the Finesse node, `Authorization` only for
 * the configured Finesse origins (`foreign-origin` for any other), and on a 401 at most one
 * refresh (the caller decides: only for a current token that is not brand new) and one retry.
 * The request is cloned before the first send, so a body can be sent twice.
 */
export async function authorizedFetch(
  options: AuthorizedFetchOptions,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const url =
    input instanceof Request ? new URL(input.url) : new URL(String(input), options.baseUrl);
  if (!options.origins.includes(url.origin)) {
    throw new FinesseError(
      'foreign-origin',
      `Refusing to send the Finesse sign-in to ${url.origin}, which is not a configured Finesse node.`,
    );
  }
  const original = input instanceof Request ? new Request(input, init) : new Request(url, init);
  const send = (request: Request, token: string) => {
    const headers = new Headers(request.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return options.fetch(new Request(request, { headers }));
  };
  const token = await options.getToken();
  const response = await send(original.clone(), token);
  if (response.status !== 401) return response;

  await options.onRejected(token);
  const next = await options.getToken();
  if (next === token) return response; // nothing better to try: let the caller see the 401
  const retried = await send(original, next);
  if (retried.status === 401) await options.onRetryRejected?.(next);
  return retried;
}
