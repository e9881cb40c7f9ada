// @ts-check
/**
 * The Finesse simulator: wires the Finesse origin (token endpoint, REST API, control surface,
 * and the demo page through Vite) and the IdS + IdP origin onto two HTTP servers.
 * Test equipment only; never shipped in `dist/`.
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createControl } from './control.js';
import { createFaults } from './faults.js';
import { createFinesseApi } from './finesse-api.js';
import { createLogger, redact, redirect, send, sendJson } from './http-util.js';
import { createIdentityProvider } from './idp.js';
import { servePage, serveUploaded } from './pages.js';
import { createTokenEndpoint } from './token-endpoint.js';
import { createTokenRegistry } from './tokens.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export { DEMO_CSP } from './pages.js';

/**
 * @typedef {{ expiresIn: number, refreshExpiresIn: number, rememberIdp: boolean, coop: boolean }} SimConfig
 * @typedef {{
 *   port?: number, idsPort?: number, host?: string, idsHost?: string,
 *   expiresIn?: number, refreshExpiresIn?: number, rememberIdp?: boolean, coop?: boolean,
 *   demo?: boolean, quiet?: boolean,
 * }} SimulatorOptions
 */

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
];

/** @returns {Record<string, number>} */
const zeroCounters = () => Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0]));

/**
 * Validates a partial config (from options, `/sim/config` or `/sim/reset`).
 * @param {Record<string, unknown>} partial
 * @returns {Partial<SimConfig>}
 */
function validateConfig(partial) {
  /** @type {Partial<SimConfig>} */
  const out = {};
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    if (key === 'expiresIn' || key === 'refreshExpiresIn') {
      if (typeof value !== 'number' || !(value > 0))
        throw badRequest(`${key} must be a positive number of seconds`);
      out[key] = value;
    } else if (key === 'rememberIdp' || key === 'coop') {
      if (typeof value !== 'boolean') throw badRequest(`${key} must be a boolean`);
      out[key] = value;
    } else {
      throw badRequest(`unknown config key ${JSON.stringify(key)}`);
    }
  }
  return out;
}

/** @param {string} message */
const badRequest = (message) => Object.assign(new Error(message), { status: 400 });

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
 * Starts the simulator. Rejects with an error whose `code` is `EADDRINUSE` (and `which` is
 * `finesse` or `ids`) when a fixed port is busy.
 * @param {SimulatorOptions} [options]
 */
export async function startSimulator(options = {}) {
  const { port = 0, idsPort = 0, host = 'localhost', idsHost = '127.0.0.1' } = options;
  const { demo = true, quiet = false } = options;
  /** @type {SimConfig} */
  const startConfig = {
    expiresIn: 300,
    refreshExpiresIn: 7200,
    rememberIdp: true,
    coop: false,
    ...validateConfig({
      expiresIn: options.expiresIn,
      refreshExpiresIn: options.refreshExpiresIn,
      rememberIdp: options.rememberIdp,
      coop: options.coop,
    }),
  };
  let config = { ...startConfig };
  /** One object for the life of the simulator: modules keep a reference, reset zeroes it. */
  const counters = zeroCounters();
  let finesseUrl = '';
  let idsUrl = '';
  const log = createLogger(quiet);

  const tokens = createTokenRegistry(() => config);
  const faults = createFaults();
  const deps = {
    finesseUrl: () => finesseUrl,
    idsUrl: () => idsUrl,
    config: () => config,
    counters,
    log,
    tokens,
    faults,
  };
  const idp = createIdentityProvider(deps);
  const tokenEndpoint = createTokenEndpoint({ ...deps, idp });
  const api = createFinesseApi(deps);

  function state() {
    const pairs = tokens.list();
    const refreshed = pairs.filter((p) => p.refreshedTimes > 0).length;
    return {
      config: { ...config },
      counters: { ...counters },
      acceptedPerIssuedPair: refreshed ? counters.refreshAccepted / refreshed : null,
      pairs,
      faults: faults.list(),
    };
  }

  /** @param {Record<string, unknown>} partial */
  function configure(partial) {
    config = { ...config, ...validateConfig(partial) };
    return { ...config };
  }

  /** @param {Record<string, unknown>} [overrides] */
  function reset(overrides = {}) {
    const next = { ...startConfig, ...validateConfig(overrides) };
    tokens.clear();
    faults.clear();
    idp.reset();
    api.reset();
    Object.assign(counters, zeroCounters());
    config = next;
  }

  /** @param {Record<string, unknown>} spec */
  function addFault(spec) {
    const fault = faults.add(spec);
    // A client resends a request that failed on a reused keep-alive socket, which would hide
    // the reset. Drop idle sockets now; while armed, every answer closes its connection.
    if (faults.resetArmed()) finesseServer.closeIdleConnections();
    return fault;
  }

  const control = createControl({
    state,
    configure,
    addFault,
    clearFaults: () => faults.clear(),
    reset,
    expire: () => tokens.expireAll(),
    forgetIdpSessions: () => idp.forgetSessions(),
    tokens: () => tokens.allTokens(),
  });

  /** @type {import('vite').ViteDevServer | null} */
  let vite = null;
  let cacheDir = '';

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function onFinesse(req, res) {
    const url = new URL(req.url ?? '/', finesseUrl);
    const p = url.pathname;
    if (faults.resetArmed()) res.setHeader('Connection', 'close');
    const started = Date.now();
    const quietRequest = p === '/sim/state' && req.method === 'GET';
    const simulated =
      p === '/desktop/sso/token' || p.startsWith('/finesse/api/') || p.startsWith('/sim/');
    if (simulated && !quietRequest) {
      res.on('close', () => {
        const outcome = res.writableFinished ? String(res.statusCode) : 'connection closed';
        log(
          `[finesse] ${req.method} ${redact(p + url.search)} -> ${outcome} (${Date.now() - started} ms)`,
        );
      });
    }
    if (p === '/desktop/sso/token') return tokenEndpoint.handle(req, res, url);
    if (p.startsWith('/finesse/api/')) return api.handle(req, res, url);
    if (p.startsWith('/sim/')) return control.handle(req, res, url);
    if (p === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (await serveUploaded(PROJECT_ROOT, req, res, decodeURIComponent(p))) return;
    if (!vite) return send(res, 404, 'text/plain;charset=utf-8', 'Not found\n');
    if (p === '/' || p === '/demo') return redirect(res, '/demo/');
    if (await servePage(PROJECT_ROOT, req, res, decodeURIComponent(p))) return;
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

  const finesseServer = http.createServer(guarded(onFinesse));
  const idsServer = http.createServer(guarded(idp.handle));

  try {
    finesseUrl = originOf(host, await listen(finesseServer, port, host, 'finesse'));
    idsUrl = originOf(idsHost, await listen(idsServer, idsPort, idsHost, 'ids'));
    if (demo) {
      const { createServer } = await import('vite');
      cacheDir = await mkdtemp(path.join(tmpdir(), 'finesse-sso-vite-'));
      vite = await createServer({
        root: PROJECT_ROOT,
        configFile: false,
        appType: 'mpa',
        cacheDir,
        logLevel: quiet ? 'silent' : 'info',
        clearScreen: false,
        server: { middlewareMode: true, hmr: false, ws: false },
        // Serve dependencies as they are: no pre-bundling, no "optimized deps changed" reloads.
        optimizeDeps: { noDiscovery: true, include: [] },
        // Lit decorators: TypeScript's experimentalDecorators + useDefineForClassFields false.
        // Vite reads them from tsconfig.json only for files that tsconfig includes (not demo/
        // or test/e2e), so say it here for every file.
        oxc: {
          decorator: { legacy: true },
          assumptions: { setPublicClassFields: true },
          typescript: { removeClassFieldsWithoutInitializer: true },
        },
      });
    }
  } catch (error) {
    await Promise.all([closeServer(finesseServer), closeServer(idsServer)]);
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
    throw error;
  }

  let closed = false;
  return {
    /** Finesse origin, e.g. `http://localhost:8445` (no trailing slash). */
    url: finesseUrl,
    /** IdS + IdP origin, e.g. `http://127.0.0.1:8553`. */
    idsUrl,
    /** The demo page (when `demo`). */
    demoUrl: `${finesseUrl}/demo/`,
    state,
    reset,
    configure,
    addFault,
    clearFaults: () => faults.clear(),
    expireAccessTokens: () => tokens.expireAll(),
    forgetIdpSessions: () => idp.forgetSessions(),
    tokens: () => tokens.allTokens(),
    async close() {
      if (closed) return;
      closed = true;
      await vite?.close();
      await Promise.all([closeServer(finesseServer), closeServer(idsServer)]);
      if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator */
