// @ts-check
/**
 * Two sites over https for relay mode (test equipment): site A serves the desktop demo
 * (`demo/relay/index.html`, scripts through Vite), site B is the Finesse node (the simulator's
 * own handler: token endpoint, REST, `/ws`) plus the uploaded relay files `dist/relay/` under
 * `/3rdpartygadget/files/finesse-sso/`, with an `allowed-origins.json` that lists site A.
 *
 * Both listen on 127.0.0.1 with one self-signed certificate for `*.test`; the browser maps the
 * names with `--host-resolver-rules="MAP *.test 127.0.0.1"` and, in tests, trusts the
 * certificate with `--ignore-certificate-errors` (see `SITES_CHROMIUM_ARGS`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { send } from './http-util.js';

export const DESKTOP_HOST = 'desk.test';
export const FINESSE_HOST = 'fin.test';
/** Chromium flags for the two sites (added to scripts/chromium.js's). */
export const SITES_CHROMIUM_ARGS = [
  '--host-resolver-rules=MAP *.test 127.0.0.1',
  '--ignore-certificate-errors',
];

/**
 * Firefox's equivalent (test/e2e/cross-browser-relay.test.js): `network.dns.localDomains` makes
 * the names resolve to the loopback address, and puppeteer's `acceptInsecureCerts` (WebDriver
 * BiDi's capability of that name) accepts the self-signed certificate.
 */
export const SITES_FIREFOX_PREFS = {
  'network.dns.localDomains': 'desk.test,fin.test,other.test',
};

const RELAY_PREFIX = '/3rdpartygadget/files/finesse-sso/';
const RELAY_FILES = /** @type {Record<string, string>} */ ({
  'relay.html': 'text/html;charset=utf-8',
  'relay.js': 'text/javascript;charset=utf-8',
  'relay.css': 'text/css;charset=utf-8',
});
const RELAY_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A self-signed certificate for `*.test` (openssl), valid for a day. */
export function selfSignedCertificate() {
  const dir = mkdtempSync(path.join(tmpdir(), 'finesse-sso-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        '/CN=finesse-sso.test',
        '-addext',
        'subjectAltName=DNS:*.test,DNS:desk.test,DNS:fin.test,DNS:other.test',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {https.Server} server @returns {Promise<number>} */
function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/**
 * @param {{
 *   root: string,
 *   finesseHandler: import('node:http').RequestListener,
 *   vite: () => import('vite').ViteDevServer | null,
 * }} deps
 */
export async function createSites({ root, finesseHandler, vite }) {
  const tls = selfSignedCertificate();
  /** @type {string[] | null} null = serve the listing of site A */
  let allowed = null;
  let allowedText = /** @type {string | null} */ (null);

  const finesseServer = https.createServer(tls, finesseHandler);
  const desktopServer = https.createServer(tls, async (req, res) => {
    try {
      await desktopPage(req, res);
    } catch (error) {
      if (!res.headersSent) send(res, 500, 'text/plain', String(error));
    }
  });
  const desktopPort = await listen(desktopServer);
  const finessePort = await listen(finesseServer);
  const desktopOrigin = `https://${DESKTOP_HOST}:${desktopPort}`;
  const finesseOrigin = `https://${FINESSE_HOST}:${finessePort}`;

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function desktopPage(req, res) {
    const url = new URL(req.url ?? '/', desktopOrigin);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const relayPath = url.searchParams.get('relay') ?? `${RELAY_PREFIX}relay.html`;
      if (!/^\/[\w./-]*$/.test(relayPath)) return send(res, 400, 'text/plain', 'bad relay\n');
      const html = (await readFile(path.join(root, 'demo/relay/index.html'), 'utf8'))
        .replaceAll('%FINESSE_ORIGIN%', finesseOrigin)
        .replaceAll('%RELAY_URL%', finesseOrigin + relayPath);
      return send(res, 200, 'text/html;charset=utf-8', html, {
        'Content-Security-Policy': [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          `connect-src 'self' ${finesseOrigin} ${finesseOrigin.replace('https', 'wss')}`,
          `frame-src ${finesseOrigin}`,
          "object-src 'none'",
          "base-uri 'none'",
        ].join('; '),
        'X-Content-Type-Options': 'nosniff',
      });
    }
    const server = vite();
    if (!server) return send(res, 404, 'text/plain', 'Not found\n');
    // Vite answers only the hosts it knows (DNS rebinding guard): the scripts are the same.
    req.headers.host = 'localhost';
    server.middlewares(req, res, () => send(res, 404, 'text/plain', 'Not found\n'));
  }

  return {
    desktopServer,
    finesseServer,
    /** Site A, e.g. `https://desk.test:41234`. */
    desktopOrigin,
    /** Site B (the Finesse node), e.g. `https://fin.test:41235`. */
    finesseOrigin,
    /**
     * What `allowed-origins.json` says from now on: a list of origins, a raw text (to test
     * malformed files), or null for the default (site A only).
     * @param {string[] | string | null} value
     */
    setAllowedOrigins(value) {
      allowed = Array.isArray(value) ? value : null;
      allowedText = typeof value === 'string' ? value : null;
    },
    /**
     * Serves the uploaded relay files; false when `pathname` is not one of them.
     * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
     * @param {string} pathname
     */
    async serveRelay(req, res, pathname) {
      if (!pathname.startsWith(RELAY_PREFIX)) return false;
      const name = pathname.slice(RELAY_PREFIX.length);
      if (name === 'allowed-origins.json') {
        const body = allowedText ?? JSON.stringify({ origins: allowed ?? [desktopOrigin] });
        send(res, 200, 'application/json', body, { 'Cache-Control': 'no-store' });
        return true;
      }
      const type = RELAY_FILES[name];
      if (!type) return false;
      const body = await readFile(path.join(root, 'dist/relay', name), 'utf8').catch(() => null);
      if (body === null) {
        send(res, 404, 'text/plain', `${name} is missing: run node scripts/build-relay.js\n`);
        return true;
      }
      send(res, 200, type, body, {
        'Content-Security-Policy': RELAY_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      return true;
    },
    close() {
      for (const server of [desktopServer, finesseServer]) {
        server.close();
        server.closeAllConnections();
      }
    },
  };
}
