// @ts-check
/**
 * One Finesse node's HTTP side: the request log, CORS for the other node's origin (what
 * `utils finesse cors allowed_origin add` does on a real cluster), the out-of-service 503,
 * the token endpoint and the REST API; anything else goes to `more` (the primary's control
 * surface and pages) or is a 404.
 */
import { redact, send } from './http-util.js';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

/**
 * @param {{
 *   node: string,
 *   origin: () => string,
 *   peers: () => string[],
 *   outOfService: () => boolean,
 *   tokenEndpoint: { handle: (req: Req, res: Res, url: URL) => unknown },
 *   api: ReturnType<typeof import('./finesse-api.js').createFinesseApi>,
 *   faults: import('./faults.js').Faults,
 *   log: (line: string) => void,
 *   more?: (req: Req, res: Res, url: URL) => unknown,
 * }} deps
 * @returns {(req: Req, res: Res) => Promise<unknown>}
 */
export function createNodeHandler({
  node,
  origin,
  peers,
  outOfService,
  tokenEndpoint,
  api,
  faults,
  log,
  more,
}) {
  const label = node === 'primary' ? 'finesse' : `finesse ${node}`;

  /** Adds CORS headers for the other node's origin; answers a preflight. @param {Req} req @param {Res} res */
  function cors(req, res) {
    const from = req.headers.origin;
    if (!from || from === origin() || !peers().includes(from)) return false;
    res.setHeader('Access-Control-Allow-Origin', from);
    res.setHeader('Vary', 'Origin');
    if (req.method !== 'OPTIONS') return false;
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, requestId',
      'Access-Control-Max-Age': '600',
    });
    res.end();
    return true;
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', origin());
    const p = url.pathname;
    if (faults.resetArmed()) res.setHeader('Connection', 'close');
    const started = Date.now();
    const quietRequest = (p === '/sim/state' || p === '/sim/agent') && req.method === 'GET';
    const simulated =
      p === '/desktop/sso/token' || p.startsWith('/finesse/api/') || p.startsWith('/sim/');
    if (simulated && !quietRequest) {
      res.on('close', () => {
        const outcome = res.writableFinished ? String(res.statusCode) : 'connection closed';
        log(
          `[${label}] ${req.method} ${redact(p + url.search)} -> ${outcome} (${Date.now() - started} ms)`,
        );
      });
    }
    const finesse = p === '/desktop/sso/token' || p.startsWith('/finesse/api/');
    if (finesse && cors(req, res)) return;
    if (p === '/desktop/sso/token') return tokenEndpoint.handle(req, res, url);
    if (p.startsWith('/finesse/api/')) {
      return outOfService() ? api.outOfService(res) : api.handle(req, res, url);
    }
    if (more) return more(req, res, url);
    return send(res, 404, 'text/plain;charset=utf-8', 'Not found\n');
  };
}
