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
 *   corsOrigins: CorsOrigins,
 * }} SimConfig
 */

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
  corsOrigins: { rest: [], notifications: [], sso: [] },
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
