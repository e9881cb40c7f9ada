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
 *   corsOrigins: CorsOrigins,
 *   dateSkewMs: number,
 * }} SimConfig
 * @typedef {'PLAIN' | 'X-OAUTH2' | 'OAUTHBEARER'} XmppMechanism
 */

/**
 * The SASL mechanisms the simulated notification service can offer (Cisco does not publish
 * which one Finesse uses in SSO mode: each is an assumption the library can be switched to).
 */
export const XMPP_MECHANISMS = ['PLAIN', 'X-OAUTH2', 'OAUTHBEARER'];

/**
 * Finesse's CORS allow-list (`utils finesse cors allowed_origin add <origin>` on each node),
 * per path group: `rest` (/finesse/api/*), `notifications` (the XMPP WebSocket /ws) and `sso`
 * (/desktop/sso/*, which Cisco does not say the list covers). Empty: no CORS headers at all,
 * as Cisco ships it. Exact origins only (no wildcards, as the CLI).
 * @typedef {{ rest: string[], notifications: string[], sso: string[] }} CorsOrigins
 */

export const CORS_GROUPS = /** @type {const} */ (['rest', 'notifications', 'sso']);

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
  corsOrigins: { rest: [], notifications: [], sso: [] },
  /**
   * How far the Finesse node's `Date` header is ahead of the real time (negative: behind), to
   * test the doctor's clock-skew check. Only the header moves: tokens and timers do not.
   */
  dateSkewMs: 0,
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
  // The most milliseconds past expiry at which an expired token reached the API.
  'apiExpiredLateMaxMs',
  // Calls stamped by the e2e pages (X-Sent-At) whose token was valid when sent and expired on
  // the way: the machine's latency, not a token handed out late.
  'apiExpiredInTransit',
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
  'systemInfoCalls',
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
      case 'dateSkewMs':
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw badRequest('dateSkewMs must be a number of milliseconds');
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
      case 'corsOrigins':
        out[key] = corsOrigins(value);
        continue;
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

/**
 * Validates `corsOrigins`: groups `rest`, `notifications`, `sso`, each a list of exact
 * origins (`https://desk.example.com:8443`); a missing group is empty.
 * @param {unknown} value @returns {CorsOrigins}
 */
function corsOrigins(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('corsOrigins must be an object: { rest, notifications, sso }');
  }
  /** @type {CorsOrigins} */
  const out = { rest: [], notifications: [], sso: [] };
  for (const [group, list] of Object.entries(value)) {
    if (!CORS_GROUPS.includes(/** @type {any} */ (group))) {
      throw badRequest(`corsOrigins: unknown group ${JSON.stringify(group)}`);
    }
    if (!Array.isArray(list)) throw badRequest(`corsOrigins.${group} must be a list of origins`);
    out[/** @type {keyof CorsOrigins} */ (group)] = list.map((origin) => {
      let parsed = null;
      try {
        parsed = new URL(String(origin));
      } catch {
        // reported below
      }
      if (!parsed || parsed.origin !== origin || origin.includes('*')) {
        throw badRequest(`corsOrigins.${group}: ${JSON.stringify(origin)} is not an exact origin`);
      }
      return origin;
    });
  }
  return out;
}
