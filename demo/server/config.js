// @ts-check
/**
 * The simulator's run-time configuration (start options, `/sim/config`, `/sim/reset`) and its
 * counters.
 */

/**
 * @typedef {{
 *   expiresIn: number, refreshExpiresIn: number, rememberIdp: boolean, coop: boolean,
 *   deployment: 'UCCX' | 'UCCE', requireReasons: boolean, wrapUp: boolean, wrapUpSeconds: number,
 *   presenceGraceMs: number, requireFreshToken: boolean,
 *   refreshAnswerWithoutRefreshToken: import('./ids-token.js').WithoutRefreshToken,
 * }} SimConfig
 */

/** @type {SimConfig} */
export const DEFAULT_CONFIG = {
  expiresIn: 300,
  refreshExpiresIn: 7200,
  rememberIdp: true,
  coop: false,
  deployment: 'UCCX',
  requireReasons: true,
  wrapUp: true,
  wrapUpSeconds: 60,
  presenceGraceMs: 120_000,
  requireFreshToken: false,
  // Refresh answers carry refresh_token (see ids-token.js for `kept` and `retired`).
  refreshAnswerWithoutRefreshToken: 'off',
};

export const CONFIG_KEYS = /** @type {(keyof SimConfig)[]} */ (Object.keys(DEFAULT_CONFIG));

const COUNTER_NAMES = [
  'interactiveSignIns',
  'loginFormsShown',
  'loginFormsSubmitted',
  'pairsIssued',
  'refreshRequests',
  'refreshPost',
  'refreshGet',
  'refreshAccepted',
  'refreshRefused',
  'apiCalls',
  'apiExpiredToken',
  'apiUnknownToken',
  'tokenEndpointCalls',
  'restCommands',
  'xmppConnections',
  'xmppAuthenticated',
  'xmppActive',
  'xmppMaxActivePerUser',
  'refreshSecondary',
  'xmppAuthFailures',
  'xmppPings',
  'updatesPushed',
  'presenceLogouts',
  // IdS refused a refresh token sent with another pair's access token (FINESSE.md §1).
  'refreshPairMismatch',
  // Direct calls to IdS's /ids/v1/oauth/access_token (Finesse's own calls are in-process).
  'idsTokenCalls',
];

/** @returns {Record<string, number>} */
export const zeroCounters = () => Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0]));

/** @param {string} message */
export const badRequest = (message) => Object.assign(new Error(message), { status: 400 });

/**
 * Validates a partial config (from options, `/sim/config` or `/sim/reset`).
 * @param {Record<string, unknown>} partial
 * @returns {Partial<SimConfig>}
 */
export function validateConfig(partial) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    switch (key) {
      case 'expiresIn':
      case 'refreshExpiresIn':
      case 'wrapUpSeconds':
        if (typeof value !== 'number' || !(value > 0)) {
          throw badRequest(`${key} must be a positive number of seconds`);
        }
        break;
      case 'presenceGraceMs':
        if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
          throw badRequest(`${key} must be a number of milliseconds`);
        }
        break;
      case 'rememberIdp':
      case 'coop':
      case 'requireReasons':
      case 'wrapUp':
      case 'requireFreshToken':
        if (typeof value !== 'boolean') throw badRequest(`${key} must be a boolean`);
        break;
      case 'refreshAnswerWithoutRefreshToken':
        if (value !== 'off' && value !== 'kept' && value !== 'retired') {
          throw badRequest('refreshAnswerWithoutRefreshToken must be off, kept or retired');
        }
        break;
      case 'deployment':
        if (value !== 'UCCX' && value !== 'UCCE')
          throw badRequest('deployment must be UCCX or UCCE');
        break;
      default:
        throw badRequest(`unknown config key ${JSON.stringify(key)}`);
    }
    out[key] = value;
  }
  return /** @type {Partial<SimConfig>} */ (out);
}
