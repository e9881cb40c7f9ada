// @ts-check
/**
 * `npm start`: runs the Finesse simulator with the demo page.
 *
 *   node demo/server/start.js [--port 8445] [--ids-port 8553] [--expires-in 300]
 *                             [--refresh-expires-in 7200] [--no-remember-idp] [--coop] [--quiet]
 *                             [--secondary] [--secondary-port 8446] [--deployment UCCX|UCCE]
 *                             [--presence-grace-ms 120000] [--wrap-up-seconds 60] [--no-wrap-up]
 *                             [--no-require-reasons] [--require-fresh-token]
 *                             [--refresh-answer-without-refresh-token=kept|retired]
 *                             [--xmpp-mechanisms PLAIN,X-OAUTH2,OAUTHBEARER]
 *                             [--xmpp-password access-token|bearer] [--xmpp-ping-deadline-ms 0]
 *                             [--cors-origin [rest=|notifications=|sso=]<origin>]...
 *
 * PORT and IDS_PORT in the environment set the defaults. A busy port falls back to a free one.
 */
import { parseArgs } from 'node:util';
import { startGenesysDemo } from '../genesys/desktop-server.js';
import { XMPP_MECHANISMS } from './config.js';
import { startOidcServer } from './oidc-server.js';
import { SITES_CHROMIUM_ARGS } from './sites.js';
import { startSimulator } from './simulator.js';

const HELP = `Usage: node demo/server/start.js [options]
  --port <n>                Finesse origin port (env PORT, default 8445)
  --ids-port <n>            IdS + IdP origin port (env IDS_PORT, default 8553)
  --expires-in <s>          access token lifetime in seconds (default 300)
  --refresh-expires-in <s>  refresh token lifetime in seconds (default 7200)
  --no-remember-idp         show the IdP login form at every sign-in
  --coop                    the IdP pages send Cross-Origin-Opener-Policy: same-origin
  --sites                   relay mode: the desktop on https://desk.test, Finesse on https://fin.test
  --secondary               also run a secondary Finesse node (token endpoint, REST, /ws)
  --secondary-port <n>      its port (env SECONDARY_PORT, default 8446)
  --deployment <UCCX|UCCE>  UCCE: numeric loginIds (agent1 -> 5001) (default UCCX)
  --presence-grace-ms <ms>  log an agent out (reason 255) this long after its XMPP presence
                            is gone (default 120000)
  --wrap-up-seconds <s>     wrap-up (WORK) after a call lasts this long (default 60)
  --no-wrap-up              no wrap-up: back to NOT_READY after a call
  --no-require-reasons      NOT_READY and LOGOUT without a reason code are accepted
  --require-fresh-token     end an XMPP stream when the token it authenticated with expires
  --refresh-answer-without-refresh-token=<kept|retired>
                            refresh answers carry no refresh_token (Cisco's published example):
                            kept: the old refresh token stays valid (IdS does not rotate);
                            retired: IdS rotates, so the old one is refused at its next use
                            (default off: answers carry the new refresh_token)
  --xmpp-mechanisms <list>  SASL mechanisms the notification service offers and accepts, comma
                            separated: PLAIN, X-OAUTH2, OAUTHBEARER (default PLAIN)
  --xmpp-password <form>    XMPP password it accepts: access-token (default) or bearer
                            ("Bearer <access token>")
  --xmpp-ping-deadline-ms <ms>  end a stream with no client ping for this long
                            (connection-timeout; Finesse expects one every 20 s; default 0: off)
  --cors-origin <origin>    allow a page of <origin> to call the REST API and open the
                            notification WebSocket (what \`utils finesse cors allowed_origin add
                            <origin>\` does on a node); repeatable. Without it no CORS header is
                            sent anywhere, as Cisco ships Finesse. rest=<origin>,
                            notifications=<origin> or sso=<origin> allow one path group only
                            (sso: /desktop/sso/*, which Cisco does not document as covered).
                            --secondary and --sites add what their demos need and print it.
  --no-providers            do not start the OpenID Connect server and the Genesys stand-in
  --quiet                   no request log
`;

/** @param {string | undefined} value @param {string} name @param {number} fallback */
function number(value, name, fallback) {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`finesse-sso demo: ${name} must be a number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

/**
 * @param {string | undefined} value
 * @returns {import('./ids-token.js').WithoutRefreshToken}
 */
function withoutRefreshToken(value) {
  if (value === undefined) return 'off';
  if (value === 'off' || value === 'kept' || value === 'retired') return value;
  console.error(
    `finesse-sso demo: --refresh-answer-without-refresh-token must be kept, retired or off, got ${JSON.stringify(value)}`,
  );
  process.exit(2);
}

/** @param {string | undefined} value */
function mechanisms(value) {
  if (value === undefined || value === '') return undefined;
  const list = value.split(',').map((name) => name.trim().toUpperCase());
  if (!list.every((name) => XMPP_MECHANISMS.includes(name))) {
    console.error(
      `finesse-sso demo: --xmpp-mechanisms takes ${XMPP_MECHANISMS.join(', ')}, got ${JSON.stringify(value)}`,
    );
    process.exit(2);
  }
  return /** @type {import('./config.js').XmppMechanism[]} */ (list);
}

/** @param {string | undefined} value @returns {'access-token' | 'bearer' | undefined} */
function xmppPassword(value) {
  if (value === undefined || value === 'access-token' || value === 'bearer') return value;
  console.error(
    `finesse-sso demo: --xmpp-password must be access-token or bearer, got ${JSON.stringify(value)}`,
  );
  process.exit(2);
}

/**
 * `--cors-origin` values: `<origin>` (REST and notifications, what Cisco's CLI covers) or
 * `<group>=<origin>`.
 * @param {string[]} values
 */
function corsOrigins(values) {
  /** @type {{ rest: string[], notifications: string[], sso: string[] }} */
  const out = { rest: [], notifications: [], sso: [] };
  for (const value of values) {
    const match = /^(rest|notifications|sso)=(.*)$/.exec(value);
    const groups = match
      ? [/** @type {'rest' | 'notifications' | 'sso'} */ (match[1])]
      : /** @type {const} */ (['rest', 'notifications']);
    const origin = match ? match[2] : value;
    for (const group of groups) out[group].push(origin);
  }
  return out;
}

/** @param {string | undefined} value @returns {'UCCX' | 'UCCE'} */
function deployment(value) {
  if (value === 'UCCX' || value === 'UCCE') return value;
  console.error(
    `finesse-sso demo: --deployment must be UCCX or UCCE, got ${JSON.stringify(value)}`,
  );
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'ids-port': { type: 'string' },
    'expires-in': { type: 'string' },
    'refresh-expires-in': { type: 'string' },
    'no-remember-idp': { type: 'boolean', default: false },
    coop: { type: 'boolean', default: false },
    sites: { type: 'boolean', default: false },
    secondary: { type: 'boolean', default: false },
    'secondary-port': { type: 'string' },
    deployment: { type: 'string', default: 'UCCX' },
    'presence-grace-ms': { type: 'string' },
    'wrap-up-seconds': { type: 'string' },
    'no-wrap-up': { type: 'boolean', default: false },
    'no-require-reasons': { type: 'boolean', default: false },
    'require-fresh-token': { type: 'boolean', default: false },
    'refresh-answer-without-refresh-token': { type: 'string' },
    'xmpp-mechanisms': { type: 'string' },
    'xmpp-password': { type: 'string' },
    'xmpp-ping-deadline-ms': { type: 'string' },
    'no-providers': { type: 'boolean', default: false },
    'cors-origin': { type: 'string', multiple: true, default: [] },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const options = {
  port: number(values.port ?? process.env.PORT, '--port', 8445),
  idsPort: number(values['ids-port'] ?? process.env.IDS_PORT, '--ids-port', 8553),
  expiresIn: number(values['expires-in'], '--expires-in', 300),
  refreshExpiresIn: number(values['refresh-expires-in'], '--refresh-expires-in', 7200),
  rememberIdp: !values['no-remember-idp'],
  coop: values.coop,
  sites: values.sites,
  secondary: values.secondary,
  secondaryPort: number(
    values['secondary-port'] ?? process.env.SECONDARY_PORT,
    '--secondary-port',
    8446,
  ),
  deployment: deployment(values.deployment),
  presenceGraceMs: number(values['presence-grace-ms'], '--presence-grace-ms', 120_000),
  wrapUpSeconds: number(values['wrap-up-seconds'], '--wrap-up-seconds', 60),
  wrapUp: !values['no-wrap-up'],
  requireReasons: !values['no-require-reasons'],
  requireFreshToken: values['require-fresh-token'],
  refreshAnswerWithoutRefreshToken: withoutRefreshToken(
    values['refresh-answer-without-refresh-token'],
  ),
  xmppMechanisms: mechanisms(values['xmpp-mechanisms']),
  xmppPassword: xmppPassword(values['xmpp-password']),
  xmppPingDeadlineMs: number(values['xmpp-ping-deadline-ms'], '--xmpp-ping-deadline-ms', 0),
  corsOrigins: corsOrigins(values['cors-origin'] ?? []),
  quiet: values.quiet,
};

/** Starts, moving a busy port to a free one (at most once per origin). */
async function start() {
  for (;;) {
    try {
      return await startSimulator(options);
    } catch (error) {
      const err = /** @type {NodeJS.ErrnoException & { which?: string, port?: number }} */ (error);
      if (err.code !== 'EADDRINUSE' || !err.port) throw err;
      /** @type {Record<string, ['idsPort' | 'secondaryPort' | 'port', string]>} */
      const which = { ids: ['idsPort', 'IdS'], secondary: ['secondaryPort', 'secondary Finesse'] };
      const [key, label] = which[err.which ?? ''] ?? ['port', 'Finesse'];
      console.warn(
        `finesse-sso demo: port ${err.port} (${label}) is busy; using a free port instead.`,
      );
      options[key] = 0;
    }
  }
}

let sim;
try {
  sim = await start();
} catch (error) {
  const err = /** @type {Error & { status?: number }} */ (error);
  if (err.status !== 400) throw err;
  console.error(`finesse-sso demo: ${err.message}`);
  process.exit(2);
}
// The demos that cross origins get the allow-list entries they need, said out loud: the
// failover demo's page (on the primary) calls the secondary node, relay mode's desktop (site
// A) calls Finesse (site B).
const needed = [];
if (sim.secondaryUrl) {
  sim.allowOrigins({ rest: [sim.url], notifications: [sim.url], sso: [sim.url] });
  needed.push(`secondary node allows ${sim.url} (rest, notifications, sso)`);
}
if (sim.sites) {
  const desk = sim.sites.desktopOrigin;
  sim.allowOrigins({ rest: [desk], notifications: [desk] });
  needed.push(`Finesse allows ${desk} (rest, notifications)`);
}
// The other providers of the same element: a real OpenID provider (oidc-provider) and a
// Genesys Cloud stand-in, each on its own origin like the real servers.
const OIDC_CLIENT = 'finesse-sso-demo';
const oidc = values['no-providers']
  ? null
  : await startOidcServer({
      accessTokenTtl: options.expiresIn,
      clientId: OIDC_CLIENT,
      redirectUris: [`${sim.url}/oauth/callback.html`],
      corsOrigins: [sim.url],
    });
const genesys = values['no-providers']
  ? null
  : await startGenesysDemo({ tokenLifetime: options.expiresIn, autoLogin: false });
console.log('');
console.log(`finesse-sso demo: ${sim.url}/  (simulated Finesse + IdS; open it in several tabs)`);
console.log(`  IdS + IdP:       ${sim.idsUrl}/`);
if (sim.secondaryUrl) console.log(`  secondary node:  ${sim.secondaryUrl}/`);
console.log(
  `  notifications:   ${sim.url.replace(/^http/, 'ws')}/ws (XMPP, ${options.deployment})`,
);
console.log(
  `  access tokens:   ${options.expiresIn} s, refresh tokens: ${options.refreshExpiresIn} s`,
);
console.log(`  control surface: ${sim.url}/sim/state`);
const cors = sim.state().config.corsOrigins;
const anyCors = cors.rest.length + cors.notifications.length + cors.sso.length > 0;
console.log(`  CORS allow-list: ${anyCors ? JSON.stringify(cors) : 'none (as Cisco ships it)'}`);
for (const line of needed) console.log(`    ${line}`);
console.log(
  `  gadget mode:     ${sim.url}/demo/gadget/desktop/?user=agent1  (stand-in Finesse desktop)`,
);
if (sim.sites) {
  console.log(
    `  relay mode:      ${sim.sites.desktopOrigin}/demo/relay/  (desktop on site A, Finesse on site B)`,
  );
  console.log(
    `    open it in a Chromium started with: ${SITES_CHROMIUM_ARGS.map((a) => `'${a}'`).join(' ')}`,
  );
} else {
  console.log('  relay mode:      npm start -- --sites  (two https sites)');
}
if (oidc) {
  const query = new URLSearchParams({ issuer: oidc.issuer, client: OIDC_CLIENT });
  console.log(
    `  OpenID Connect:  ${sim.url}/demo/oidc/?${query}  (oidc-provider; any user name and password)`,
  );
}
if (genesys) {
  console.log(
    `  Genesys Cloud:   ${genesys.pageUrl({ idle: 900 })}  (local stand-in, not Genesys)`,
  );
}
console.log('');

let stopping = false;
/** @param {NodeJS.Signals} signal */
async function stop(signal) {
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`\nfinesse-sso demo: ${signal}, stopping.`);
  await Promise.all([sim.close(), oidc?.close(), genesys?.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
