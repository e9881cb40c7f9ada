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
import { CONFIG_KEYS, DEFAULT_CONFIG, validateConfig, zeroCounters } from './config.js';
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
  /** @type {'primary' | 'secondary' | null} */
  let outOfService = null;
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
    systemInfo: () => ({
      primaryHost: new URL(finesseUrl).host,
      secondaryHost: secondaryUrl ? new URL(secondaryUrl).host : null,
      deployment: config.deployment,
      xmppDomain: XMPP_DOMAIN,
      xmppPubSubDomain: PUBSUB_DOMAIN,
    }),
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
      outOfService,
    };
  }

  /** @param {Record<string, unknown>} partial */
  function configure(partial) {
    config = { ...config, ...validateConfig(partial) };
    return { ...config };
  }

  /** Takes a node out of service (its REST answers 503, its XMPP streams end), or none. */
  function setOutOfService(/** @type {'primary' | 'secondary' | null} */ node) {
    outOfService = node;
    log(`[sim] out of service: ${node ?? 'none'}`);
    if (node) hub.closeNode(node);
  }

  /** @param {Record<string, unknown>} [overrides] */
  function reset(overrides = {}) {
    const next = { ...startConfig, ...validateConfig(overrides) };
    tokens.clear();
    faults.clear();
    idp.reset();
    presence.reset();
    hub.reset();
    cti.reset();
    outOfService = null;
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
          peers: () => [...(secondaryUrl ? [secondaryUrl] : []), ...(sites?.corsOrigins() ?? [])],
          outOfService: () => outOfService === 'primary',
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
            peers: () => [finesseUrl],
            outOfService: () => outOfService === 'secondary',
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
    outOfService: () => outOfService === 'primary',
    log,
  });
  if (secondaryServer) {
    attachXmpp(secondaryServer, {
      node: 'secondary',
      hub,
      outOfService: () => outOfService === 'secondary',
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
        outOfService: () => outOfService === 'primary',
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
