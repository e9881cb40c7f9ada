import { FinesseError } from './errors.ts';

export interface AuthorizedFetchOptions {
  /** Relative URLs resolve against this (the `finesse-url`). */
  baseUrl: string;
  /** Only these origins ever see the bearer token. */
  origins: string[];
  fetch: typeof fetch;
  getToken(): Promise<string>;
  /** Called once after a 401 with the token that was refused, before the single retry. */
  onRejected(token: string): Promise<void>;
}

/**
 * `fetch` for the Finesse API: relative URLs against the Finesse node, `Authorization` only for
 * the configured Finesse origins (`foreign-origin` for any other), and on a 401 one refresh
 * (the caller refreshes only if the refused token is still the current one) and one retry.
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
  return send(original, next);
}
