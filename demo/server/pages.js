// @ts-check
/**
 * HTML pages of the project (the demo, test fixtures) served as they are on disk. Vite's HTML
 * transform would inject `/@vite/client`, which opens a WebSocket even with HMR off and
 * so breaks the demo's `connect-src 'self'`; the scripts the pages load still go through Vite.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { send } from './http-util.js';

/**
 * The demo page's policy: no inline script, no eval (the library must work under it).
 * `connect` adds sources to `connect-src`: the notification WebSocket (`ws://` on the page's
 * own host) and the secondary Finesse node.
 * @param {string[]} [connect]
 */
export function demoCsp(connect = []) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connect].join(' '),
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The policy without extra connect sources. */
export const DEMO_CSP = demoCsp();

/**
 * Serves `path` when it names an HTML page under `root` (a directory means its index.html).
 * Returns false when there is no such page, so the caller can hand the request on.
 * @param {string} root
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} pathname decoded URL path
 * @param {string} [csp] the demo's policy
 */
export async function servePage(root, req, res, pathname, csp = DEMO_CSP) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (!pathname.endsWith('/') && !pathname.endsWith('.html')) return false;
  const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
  if (!file.startsWith(root + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`)) {
    return false;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  /** @type {Record<string, string>} */
  const headers = { 'X-Content-Type-Options': 'nosniff' };
  if (pathname.startsWith('/demo/')) headers['Content-Security-Policy'] = csp;
  const html = await readFile(file, 'utf8');
  send(res, 200, 'text/html;charset=utf-8', html, headers); // Node drops the body for HEAD
  return true;
}

const UPLOAD_PREFIX = '/3rdpartygadget/files/finesse-sso/';
/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html;charset=utf-8',
  '.js': 'text/javascript;charset=utf-8',
  '.css': 'text/css;charset=utf-8',
  '.json': 'application/json',
};

/**
 * The doctor page's policy: the same strict script and style rules as the demo (no inline
 * script, no eval), and connections to any http(s) port, which its certificate probes need.
 */
export const DOCTOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https: http: wss: ws:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Stands in for the Finesse folder an administrator uploads to: `demo/hosted/` plus the built
 * `dist/finesse-sso.iife.js` and its parts (`finesse-sso-part-*.js`), under
 * `/3rdpartygadget/files/finesse-sso/`, with the strict CSP.
 * Proves the IIFE build works as it would on a real Finesse node. Needs `npm run build`.
 * @param {string} root
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} pathname decoded URL path
 * @param {string} [csp] the demo's policy
 */
export async function serveUploaded(root, req, res, pathname, csp = DEMO_CSP) {
  if (!pathname.startsWith(UPLOAD_PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) {
    return false;
  }
  const name = pathname.slice(UPLOAD_PREFIX.length) || 'index.html';
  const allowed = {
    'index.html': path.join(root, 'demo/hosted/index.html'),
    'hosted.js': path.join(root, 'demo/hosted/hosted.js'),
    'parts.html': path.join(root, 'demo/hosted/parts.html'),
    'parts.js': path.join(root, 'demo/hosted/parts.js'),
    'finesse-sso.iife.js': path.join(root, 'dist/finesse-sso.iife.js'),
    'finesse-sso-xmpp-worker.js': path.join(root, 'dist/finesse-sso-xmpp-worker.js'),
    'finesse-sso-keeper.js': path.join(root, 'dist/finesse-sso-keeper.js'),
    // The doctor, and the relay's allow-list it reads (`../relay/allowed-origins.json`).
    'doctor/doctor.html': path.join(root, 'dist/doctor/doctor.html'),
    'doctor/doctor.js': path.join(root, 'dist/doctor/doctor.js'),
    'doctor/doctor.css': path.join(root, 'dist/doctor/doctor.css'),
    'relay/allowed-origins.json': path.join(root, 'dist/relay/allowed-origins.json'),
  };
  // The parts the first script loads on demand, beside it (as uploaded).
  const part = /^finesse-sso-part-[a-z]+\.js$/.test(name) ? path.join(root, 'dist', name) : null;
  const file = part ?? /** @type {Record<string, string>} */ (allowed)[name];
  if (!file) return false;
  const body = await readFile(file, 'utf8').catch(() => null);
  if (body === null) {
    send(res, 404, 'text/plain;charset=utf-8', `${name} is missing: run npm run build\n`);
    return true;
  }
  send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', body, {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': name.startsWith('doctor/') ? DOCTOR_CSP : csp,
    'Cache-Control': 'no-store',
  });
  return true;
}
