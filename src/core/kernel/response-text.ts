import { FinesseError } from './errors.ts';

/**
 * The body of an answer as text. A connection that breaks while the body arrives is `network`
 * (a transport failure: for a refresh, the server may already have rotated the pair).
 */
export async function responseText(response: Response, what = 'the answer'): Promise<string> {
  try {
    return await response.text();
  } catch (cause) {
    throw new FinesseError('network', `The connection broke while ${what} was arriving.`, {
      cause,
    });
  }
}
