// @ts-check
/**
 * IdS's token endpoint, `POST /ids/v1/oauth/access_token` on the IdS origin, and the same
 * refresh as a function Finesse's `/desktop/sso/token` calls in-process.
 *
 * Cisco's Finesse refreshes at IdS with
 * `grant_type=refresh_token&access_token=<access token>&refresh_token=<refresh token>`
 * (seeds/002's Finesse server log). IdS checks that the refresh token belongs with the access
 * token (the access token carries `rt`, its refresh token's id); the seed's refusal is a newer
 * refresh token sent with an older access token: IdS logs "refresh token id mismatch..
 * refresh token id in refresh token is B; in access token is A" and answers
 * `401 {"error":"Invalid Token","error_description":"Invalid Token"}`. Every such refusal
 * counts in `refreshPairMismatch`.
 *
 * Assumed, not published: the success body (`access_token`, `refresh_token`, `token_type`,
 * `expires_in`, OAuth's names), and the body of a request that is not a refresh (400
 * `invalid_request`).
 */
import { readBody, send, sendJson } from './http-util.js';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

export const INVALID_TOKEN = { error: 'Invalid Token', error_description: 'Invalid Token' };
export const IDS_TOKEN_PATH = '/ids/v1/oauth/access_token';

/**
 * What a refresh answer without `refresh_token` means (FINESSE.md §9: Cisco's only published
 * refresh example has none). `off`: IdS rotates and Finesse passes the new refresh token on
 * (the default); `kept`: IdS does not rotate, the old refresh token stays valid, Finesse's
 * answer has no `refresh_token`; `retired`: IdS rotates but Finesse drops the new refresh
 * token from its answer, so the browser's one is refused at its next use.
 * @typedef {'off' | 'kept' | 'retired'} WithoutRefreshToken
 */

/**
 * @param {{
 *   tokens: import('./tokens.js').TokenRegistry,
 *   config: () => { refreshAnswerWithoutRefreshToken: WithoutRefreshToken },
 *   counters: Record<string, number>,
 *   log: (line: string) => void,
 * }} deps
 */
export function createIdsTokenEndpoint({ tokens, config, counters, log }) {
  /**
   * IdS's refresh with both tokens (and, for Finesse's GET form, the cc_username to match).
   * @param {{ accessToken: string, refreshToken: string, user?: string }} input
   * @returns {import('./tokens.js').RefreshOutcome}
   */
  function refresh({ accessToken, refreshToken, user }) {
    const rotate = config().refreshAnswerWithoutRefreshToken !== 'kept';
    const outcome = tokens.refresh({ refreshToken, token: accessToken, user }, { rotate });
    if (!outcome.ok) {
      if (outcome.mismatch) counters.refreshPairMismatch += 1;
      log(`[ids]       refresh refused: ${outcome.reason}`);
    }
    return outcome;
  }

  /**
   * `POST /ids/v1/oauth/access_token` (form body), as Finesse calls it.
   * @param {Req} req @param {Res} res
   */
  async function handle(req, res) {
    if (req.method !== 'POST') {
      send(res, 405, 'text/plain;charset=utf-8', 'Method not allowed\n', { Allow: 'POST' });
      return;
    }
    counters.idsTokenCalls += 1;
    const params = new URLSearchParams(await readBody(req));
    if (params.get('grant_type') !== 'refresh_token') {
      sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'grant_type must be refresh_token',
      });
      return;
    }
    const outcome = refresh({
      accessToken: params.get('access_token') ?? '',
      refreshToken: params.get('refresh_token') ?? '',
    });
    if (!outcome.ok) {
      sendJson(res, 401, INVALID_TOKEN);
      return;
    }
    counters.pairsIssued += 1;
    const { pair } = outcome;
    sendJson(res, 200, {
      access_token: pair.access,
      refresh_token: pair.refresh,
      token_type: 'Bearer',
      expires_in: pair.expiresIn,
    });
  }

  return { refresh, handle };
}

/** @typedef {ReturnType<typeof createIdsTokenEndpoint>} IdsTokenEndpoint */
