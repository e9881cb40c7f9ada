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
 *   xmppMechanisms: XmppMechanism[], xmppPassword: 'access-token' | 'bearer',
 *   xmppPingDeadlineMs: number,
 * }} SimConfig
 * @typedef {'PLAIN' | 'X-OAUTH2' | 'OAUTHBEARER'} XmppMechanism
 */

/**
 * The SASL mechanisms the simulated notification service can offer (Cisco does not publish
 * which one Finesse uses in SSO mode: each is an assumption the library can be switched to).
 */
export const XMPP_MECHANISMS = ['PLAIN', 'X-OAUTH2', 'OAUTHBEARER'];

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
  /** The SASL mechanisms offered and accepted; any other gets <failure><invalid-mechanism/>. */
  xmppMechanisms: ['PLAIN'],
  /** The XMPP password accepted: the access token, or `Bearer <access token>`. */
  xmppPassword: 'access-token',
  /**
   * A bound stream with no client ping for longer than this ends with the stream error
   * `connection-timeout` (Finesse expects one at least every 20 s); 0 turns the check off.
   */
  xmppPingDeadlineMs: 0,
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
  'xmppMechanismRefused',
  'xmppPingTimeouts',
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
      case 'xmppPingDeadlineMs':
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
      case 'xmppMechanisms':
        if (
          !Array.isArray(value) ||
          value.length === 0 ||
          !value.every((name) => XMPP_MECHANISMS.includes(name))
        ) {
          throw badRequest(
            `xmppMechanisms must be a non-empty list of ${XMPP_MECHANISMS.join(', ')}`,
          );
        }
        out[key] = [...new Set(value)];
        continue;
      case 'xmppPassword':
        if (value !== 'access-token' && value !== 'bearer')
          throw badRequest('xmppPassword must be access-token or bearer');
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
