import type { ConnectionReporter } from '../session/connection-problem.ts';

/**
 * Wraps `fetch` so that every answer (any status) reports its address as working and every
 * transport failure (a `TypeError`: certificate, refused, DNS, CSP, CORS) reports it as
 * failing. Aborts are the caller's own doing and are not reported. The result is unchanged.
 */
export function reportingFetch(reporter: ConnectionReporter, inner: typeof fetch): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      if (error instanceof TypeError) reporter.reportFailure(url, 'fetch');
      throw error;
    }
    reporter.reportSuccess(url);
    return response;
  };
}
