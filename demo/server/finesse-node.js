// @ts-check
/**
 * One Finesse node's HTTP side: the request log, CORS only for the origins configured per
 * path group (`corsOrigins`, what `utils finesse cors allowed_origin add` does on a real
 * node; none by default, as Cisco ships it), the out-of-service 503, the token endpoint and
 * the REST API; anything else goes to `more` (the primary's control surface and pages) or is
 * a 404.
 */
import { redact, send } from './http-util.js';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */
/**
 * A node out of service: every Finesse request answers 503 with `body`; SystemInfo answers
 * status OUT_OF_SERVICE (`systemInfo: 'answers'`) or 503 too (`'down'`, Tomcat gone).
 * @typedef {{ body: 'api-errors' | 'empty' | 'html', systemInfo: 'answers' | 'down', reason: string }} Outage
 */

/**
 * @param {{
 *   node: string,
 *   origin: () => string,
 *   corsOrigins: () => import('./config.js').CorsOrigins,
 *   outage: () => Outage | null,
 *   tokenEndpoint: { handle: (req: Req, res: Res, url: URL) => unknown },
 *   api: ReturnType<typeof import('./finesse-api.js').createFinesseApi>,
 *   faults: import('./faults.js').Faults,
 *   log: (line: string) => void,
 *   more?: (req: Req, res: Res, url: URL) => unknown,
 *   dateSkewMs?: () => number,
 * }} deps
 * @returns {(req: Req, res: Res) => Promise<unknown>}
 */
export function createNodeHandler({
  node,
  origin,
  dateSkewMs = () => 0,
  corsOrigins,
  outage,
  tokenEndpoint,
  api,
  faults,
  log,
  more,
}) {
  const label = node === 'primary' ? 'finesse' : `finesse ${node}`;

  /**
   * Adds CORS headers when the request's origin is on the group's allow-list; answers a
   * preflight. Nothing for any other origin: the browser then refuses the answer.
   * @param {Req} req @param {Res} res @param {'rest' | 'sso'} group
   */
  function cors(req, res, group) {
    const from = req.headers.origin;
    if (!from || from === origin() || !corsOrigins()[group].includes(from)) return false;
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
    // A node whose clock is off (the doctor's clock-skew check): only its Date header says so.
    const skew = dateSkewMs();
    if (skew) res.setHeader('Date', new Date(Date.now() + skew).toUTCString());
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
    const group = p.startsWith('/desktop/sso/')
      ? 'sso'
      : p.startsWith('/finesse/api/')
        ? 'rest'
        : null;
    if (group && cors(req, res, group)) return;
    const down = group ? outage() : null;
    if (down && !(p === '/finesse/api/SystemInfo' && down.systemInfo === 'answers')) {
      return api.outOfService(res, down.body, url);
    }
    if (p === '/desktop/sso/token') return tokenEndpoint.handle(req, res, url);
    if (p.startsWith('/finesse/api/')) return api.handle(req, res, url, node);
    if (more) return more(req, res, url);
    return send(res, 404, 'text/plain;charset=utf-8', 'Not found\n');
  };
}
