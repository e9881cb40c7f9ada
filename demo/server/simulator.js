// @ts-check
/**
 * The Finesse simulator: wires the Finesse origin (token endpoint, REST API, XMPP on `/ws`,
 * control surface, and the demo page through Vite), optionally a secondary Finesse node, and
 * the IdS + IdP origin onto HTTP servers that share one state.
 * Test equipment only; never shipped in `dist/`.
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CONFIG_KEYS,
  CORS_GROUPS,
  DEFAULT_CONFIG,
  validateConfig,
  zeroCounters,
} from './config.js';
import { agentRoutes } from './control-agents.js';
import { createControl } from './control.js';
import { createCti } from './cti.js';
import { createDemoVite } from './demo-vite.js';
import { createFaults } from './faults.js';
import { createFinesseApi } from './finesse-api.js';
import { createGadgetStandin } from './gadget-standin.js';
import { createNodeHandler } from './finesse-node.js';
import { createLogger, redact, redirect, send, sendJson } from './http-util.js';
import { createIdentityProvider } from './idp.js';
import { createIdsTokenEndpoint, IDS_TOKEN_PATH } from './ids-token.js';
import { createSites } from './sites.js';
import { demoCsp, servePage, serveUploaded } from './pages.js';
import { serveOidcDemo } from '../oidc/oidc-routes.js';
import { createPresenceWatch } from './presence.js';
import { createTokenEndpoint } from './token-endpoint.js';
import { createTokenRegistry } from './tokens.js';
import { createXmppHub, PUBSUB_DOMAIN, XMPP_DOMAIN } from './xmpp-hub.js';
import { attachXmpp } from './xmpp-server.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export { DEMO_CSP } from './pages.js';

/**
 * @typedef {import('./config.js').SimConfig} SimConfig
 * @typedef {Partial<SimConfig> & {
 *   port?: number, idsPort?: number, host?: string, idsHost?: string,
 *   secondary?: boolean, secondaryPort?: number,
 *   demo?: boolean, quiet?: boolean,
 *   sites?: boolean,
 * }} SimulatorOptions
 */

/**
 * @param {http.Server} server @param {number} port @param {string} host @param {string} which
 * @returns {Promise<number>} the bound port
 */
function listen(server, port, host, which) {
  return new Promise((resolve, reject) => {
    const onError = (/** @type {NodeJS.ErrnoException} */ err) =>
      reject(Object.assign(err, { which, port, host }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** @param {string} host @param {number} port */
const originOf = (host, port) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** @param {http.Server} server */
function closeServer(server) {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve(undefined));
    server.closeAllConnections();
  });
}

/**
 * A node as SystemInfo names it: host name and the port of its origin (`httpsPort`, even on
 * the simulator's plain http). @param {string} origin
 */
function simNode(origin) {
  const url = new URL(origin);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { host: url.hostname.replace(/^\[|\]$/g, ''), httpsPort: Number(port) };
}

/** `ws://host:port` for `http://host:port`. @param {string} origin */
const wsOrigin = (origin) => origin.replace(/^http/, 'ws');

/**
 * Starts the simulator. Rejects with an error whose `code` is `EADDRINUSE` (and `which` is
 * `finesse`, `secondary` or `ids`) when a fixed port is busy.
 * @param {SimulatorOptions} [options]
 */
export async function startSimulator(options = {}) {
  const { port = 0, idsPort = 0, host = 'localhost', idsHost = '127.0.0.1' } = options;
  const { secondary = false, secondaryPort = 0, demo = true, quiet = false } = options;
  /** @type {SimConfig} */
  const startConfig = {
    ...DEFAULT_CONFIG,
    ...validateConfig(Object.fromEntries(CONFIG_KEYS.map((key) => [key, options[key]]))),
  };
  let config = { ...startConfig };
  /** One object for the life of the simulator: modules keep a reference, reset zeroes it. */
  const counters = zeroCounters();
  let finesseUrl = '';
  let secondaryUrl = '';
  let idsUrl = '';
  /** Nodes out of service, and how (see finesse-node.js). @type {Map<'primary' | 'secondary', import('./finesse-node.js').Outage>} */
  const outages = new Map();
  /** The primary's own http origin (in `sites` mode `finesseUrl` is site B's instead). */
  let primaryHttpOrigin = '';
  const log = createLogger(quiet);
  /** Relay mode's two https sites (`sites: true`), see sites.js. @type {Awaited<ReturnType<typeof createSites>> | null} */
  let sites = null;

  const tokens = createTokenRegistry(() => config);
  const faults = createFaults();
  const hub = createXmppHub({
    tokens,
    config: () => config,
    counters,
    log,
    onPresence: (user, present) => presence.changed(user, present),
  });
  const cti = createCti({ config: () => config, counters, log, publish: hub.publish });
  const presence = createPresenceWatch({
    graceMs: () => config.presenceGraceMs,
    isLoggedOut: cti.isLoggedOut,
    logout: cti.presenceLogout,
    log,
  });
  const deps = {
    finesseUrl: () => finesseUrl,
    idsUrl: () => idsUrl,
    config: () => config,
    counters,
    log,
    tokens,
    faults,
  };
  const idp = createIdentityProvider({
    ...deps,
    finesseUrls: () => [finesseUrl, secondaryUrl].filter(Boolean),
  });
  const ids = createIdsTokenEndpoint(deps);
  const tokenEndpoint = createTokenEndpoint({ ...deps, idp, ids });
  const gadget = createGadgetStandin({ root: PROJECT_ROOT, tokens, counters, log });
  const secondaryTokenEndpoint = createTokenEndpoint({
    ...deps,
    finesseUrl: () => secondaryUrl,
    idp,
    ids,
    node: 'secondary',
  });
  const api = createFinesseApi({
    tokens,
    counters,
    config: () => config,
    cti,
    systemInfo: (node) => {
      const down = outages.get(node === 'secondary' ? 'secondary' : 'primary');
      return {
        primary: simNode(finesseUrl),
        secondary: secondaryUrl ? simNode(secondaryUrl) : null,
        deployment: config.deployment,
        xmppDomain: XMPP_DOMAIN,
        xmppPubSubDomain: PUBSUB_DOMAIN,
        status: down ? 'OUT_OF_SERVICE' : 'IN_SERVICE',
        statusReason: down?.reason ?? '',
      };
    },
  });

  function state() {
    const pairs = tokens.list();
    const refreshed = pairs.filter((p) => p.refreshedTimes > 0).length;
    return {
      config: { ...config },
      counters: { ...counters },
      acceptedPerIssuedPair: refreshed ? counters.refreshAccepted / refreshed : null,
      pairs,
      faults: faults.list(),
      secondaryUrl: secondaryUrl || null,
      outOfService: Object.fromEntries(outages),
    };
  }

  /** @param {Record<string, unknown>} partial */
  function configure(partial) {
    config = { ...config, ...validateConfig(partial) };
    return { ...config };
  }

  /**
   * Takes a node out of service (its REST and token endpoint answer 503, its XMPP streams end
   * and new ones are refused; SystemInfo says OUT_OF_SERVICE unless `systemInfo: 'down'`), or
   * with `node: null` puts every node back in service.
   * @param {'primary' | 'secondary' | null} node
   * @param {Partial<import('./finesse-node.js').Outage>} [how]
   */
  function setOutOfService(node, how = {}) {
    if (!node) {
      outages.clear();
      log('[sim] out of service: none');
      return;
    }
    const { body = 'api-errors', systemInfo = 'answers', reason = 'CTI_DOWN' } = how;
    outages.set(node, { body, systemInfo, reason });
    log(`[sim] out of service: ${node} (503 body ${body}, SystemInfo ${systemInfo})`);
    hub.closeNode(node);
  }

  /**
   * Adds origins to the CORS allow-list per group, as `utils finesse cors allowed_origin add`
   * does on a node: it stays across `reset()` (for origins known only after the start, such
   * as relay mode's desktop site). Returns the whole list.
   * @param {Partial<import('./config.js').CorsOrigins>} add
   */
  function allowOrigins(add) {
    const merged = validateConfig({
      corsOrigins: Object.fromEntries(
        CORS_GROUPS.map((g) => [g, [...new Set([...config.corsOrigins[g], ...(add[g] ?? [])])]]),
      ),
    }).corsOrigins;
    const startMerged = Object.fromEntries(
      CORS_GROUPS.map((g) => [g, [...new Set([...startConfig.corsOrigins[g], ...(add[g] ?? [])])]]),
    );
    startConfig.corsOrigins = /** @type {import('./config.js').CorsOrigins} */ (startMerged);
    config = { ...config, corsOrigins: /** @type {import('./config.js').CorsOrigins} */ (merged) };
    log(`[sim] CORS allow-list: ${JSON.stringify(config.corsOrigins)}`);
    return config.corsOrigins;
  }

  /** Puts one node back in service. @param {'primary' | 'secondary'} node */
  function setInService(node) {
    outages.delete(node);
    log(`[sim] in service again: ${node}`);
  }

  /** Whether a page of `origin` may open the WebSocket of the node at `own`. */
  const wsAllowed = (/** @type {string[]} */ own, /** @type {string} */ origin) =>
    own.includes(origin) || config.corsOrigins.notifications.includes(origin);

  /** @param {Record<string, unknown>} [overrides] */
  function reset(overrides = {}) {
    const next = { ...startConfig, ...validateConfig(overrides) };
    tokens.clear();
    faults.clear();
    idp.reset();
    presence.reset();
    hub.reset();
    cti.reset();
    outages.clear();
    Object.assign(counters, zeroCounters());
    config = next;
  }

  /** @param {Record<string, unknown>} spec */
  function addFault(spec) {
    const fault = faults.add(spec);
    // A client resends a request that failed on a reused keep-alive socket, which would hide
    // the reset. Drop idle sockets now; while armed, every answer closes its connection.
    if (faults.resetArmed()) {
      finesseServer.closeIdleConnections();
      secondaryServer?.closeIdleConnections();
    }
    return fault;
  }

  const control = createControl(
    {
      state,
      configure,
      addFault,
      clearFaults: () => faults.clear(),
      reset,
      expire: () => tokens.expireAll(),
      forgetIdpSessions: () => idp.forgetSessions(),
      tokens: () => tokens.allTokens(),
    },
    agentRoutes({
      cti,
      hub,
      presence,
      tokens,
      setOutOfService,
      setInService,
      hasSecondary: () => Boolean(secondaryUrl),
    }),
  );

  /** @type {import('vite').ViteDevServer | null} */
  let vite = null;
  /** @type {Awaited<ReturnType<typeof createDemoVite>> | null} */
  let demoVite = null;

  /**
   * The demo's CSP for this request: the notification WebSocket on the host the page was
   * loaded from, and the secondary node (REST, token endpoint and WebSocket).
   * @param {http.IncomingMessage} req
   */
  function pageCsp(req) {
    const hostHeader = req.headers.host ?? '';
    const own = /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(hostHeader)
      ? `ws://${hostHeader}`
      : wsOrigin(finesseUrl);
    return demoCsp(secondaryUrl ? [own, secondaryUrl, wsOrigin(secondaryUrl)] : [own]);
  }

  /** The primary's own routes: control surface and pages. */
  async function primaryMore(
    /** @type {http.IncomingMessage} */ req,
    /** @type {http.ServerResponse} */ res,
    /** @type {URL} */ url,
  ) {
    const p = url.pathname;
    if (sites && (await sites.serveRelay(req, res, decodeURIComponent(p)))) return;
    if (await gadget.handle(req, res, url, pageCsp(req))) return;
    if (p.startsWith('/sim/')) return control.handle(req, res, url);
    if (p === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    const csp = pageCsp(req);
    if (await serveUploaded(PROJECT_ROOT, req, res, decodeURIComponent(p), csp)) return;
    if (!vite) return send(res, 404, 'text/plain;charset=utf-8', 'Not found\n');
    if (p === '/' || p === '/demo') return redirect(res, '/demo/');
    if (await serveOidcDemo(req, res, url, { root: PROJECT_ROOT, vite })) return;
    if (await servePage(PROJECT_ROOT, req, res, decodeURIComponent(p), csp)) return;
    vite.middlewares(req, res, () => send(res, 404, 'text/plain;charset=utf-8', 'Not found\n'));
  }

  /**
   * @param {(req: http.IncomingMessage, res: http.ServerResponse) => unknown} handler
   * @returns {http.RequestListener}
   */
  const guarded = (handler) => async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      const err = /** @type {Error & { status?: number }} */ (error);
      const status =
        err.status ?? (err instanceof SyntaxError || err instanceof URIError ? 400 : 500);
      if (status === 500) console.error('[sim] handler error:', redact(err.stack ?? String(err)));
      if (!res.headersSent) sendJson(res, status, { error: redact(err.message) });
      else res.destroy();
    }
  };

  const finesseServer = http.createServer(
    guarded(
      // gadget.record: notes the gadget frame's requests (gadget mode tests).
      gadget.record(
        createNodeHandler({
          node: 'primary',
          origin: () => finesseUrl,
          corsOrigins: () => config.corsOrigins,
          dateSkewMs: () => config.dateSkewMs,
          outage: () => outages.get('primary') ?? null,
          tokenEndpoint,
          api,
          faults,
          log,
          more: primaryMore,
        }),
      ),
    ),
  );
  const secondaryServer = secondary
    ? http.createServer(
        guarded(
          createNodeHandler({
            node: 'secondary',
            origin: () => secondaryUrl,
            corsOrigins: () => config.corsOrigins,
            outage: () => outages.get('secondary') ?? null,
            tokenEndpoint: secondaryTokenEndpoint,
            api,
            faults,
            log,
          }),
        ),
      )
    : null;
  const idsServer = http.createServer(
    guarded((req, res) =>
      new URL(req.url ?? '/', idsUrl).pathname === IDS_TOKEN_PATH
        ? ids.handle(req, res)
        : idp.handle(req, res),
    ),
  );
  const servers = [finesseServer, idsServer, ...(secondaryServer ? [secondaryServer] : [])];

  attachXmpp(finesseServer, {
    node: 'primary',
    hub,
    outOfService: () => outages.has('primary'),
    allowOrigin: (origin) => wsAllowed([primaryHttpOrigin, finesseUrl], origin),
    log,
  });
  if (secondaryServer) {
    attachXmpp(secondaryServer, {
      node: 'secondary',
      hub,
      outOfService: () => outages.has('secondary'),
      allowOrigin: (origin) => wsAllowed([secondaryUrl], origin),
      log,
    });
  }

  const closeAll = async () => {
    sites?.close();
    hub.close();
    presence.reset();
    cti.reset();
    await Promise.all(servers.map(closeServer));
  };

  try {
    finesseUrl = originOf(host, await listen(finesseServer, port, host, 'finesse'));
    primaryHttpOrigin = finesseUrl;
    if (secondaryServer) {
      const bound = await listen(secondaryServer, secondaryPort, host, 'secondary');
      secondaryUrl = originOf(host, bound);
    }
    idsUrl = originOf(idsHost, await listen(idsServer, idsPort, idsHost, 'ids'));
    if (options.sites) {
      // Site B answers with the primary's own handler; the sign-in comes back to site B.
      const handler = /** @type {http.RequestListener} */ (finesseServer.listeners('request')[0]);
      sites = await createSites({ root: PROJECT_ROOT, finesseHandler: handler, vite: () => vite });
      attachXmpp(sites.finesseServer, {
        node: 'primary',
        hub,
        outOfService: () => outages.has('primary'),
        allowOrigin: (origin) => wsAllowed([finesseUrl], origin),
        log,
      });
      finesseUrl = sites.finesseOrigin;
    }
    if (demo) {
      demoVite = await createDemoVite({ root: PROJECT_ROOT, quiet });
      vite = demoVite.vite;
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  let closed = false;
  return {
    /** Finesse origin, e.g. `http://localhost:8445` (no trailing slash). */
    url: finesseUrl,
    /** The secondary Finesse node's origin (when `secondary`), else null. */
    secondaryUrl: secondaryUrl || null,
    /** IdS + IdP origin, e.g. `http://127.0.0.1:8553`. */
    idsUrl,
    /** Relay mode (`sites`): site A (desktop) and site B (Finesse) https origins; `controlUrl` for /sim/ from Node. */
    sites: sites && {
      desktopOrigin: sites.desktopOrigin,
      finesseOrigin: sites.finesseOrigin,
      controlUrl: originOf(
        host,
        /** @type {import('node:net').AddressInfo} */ (finesseServer.address()).port,
      ),
      setAllowedOrigins: sites.setAllowedOrigins,
    },
    /** The demo page (when `demo`). */
    demoUrl: `${finesseUrl}/demo/`,
    state,
    reset,
    configure,
    addFault,
    setOutOfService,
    setInService,
    allowOrigins,
    clearFaults: () => faults.clear(),
    expireAccessTokens: () => tokens.expireAll(),
    forgetIdpSessions: () => idp.forgetSessions(),
    tokens: () => tokens.allTokens(),
    async close() {
      if (closed) return;
      closed = true;
      await demoVite?.close();
      await closeAll();
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator */
