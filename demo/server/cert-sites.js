// @ts-check
/**
 * Certificate test equipment: a Finesse listener the browser does NOT trust, which becomes
 * trusted later without restarting the browser, and a desktop page that uses it in relay mode.
 *
 * Chromium trusts exactly one key here: `--ignore-certificate-errors-spki-list=<base64 SHA-256
 * of the trusted key's SubjectPublicKeyInfo>` (instead of `--ignore-certificate-errors`, which
 * trusts everything). Both listeners start with their own self-signed certificate for `*.test`;
 * the desktop's key is the trusted one, the Finesse listener's is not until `trustFinesse()`
 * switches it with `server.setSecureContext()` (new connections only; the browser keeps no
 * memory of the refusal). Checked with Chromium 156: a refused certificate gives the page a
 * bare `TypeError` (fetch) or close 1006 (WebSocket), and an iframe still fires `load`.
 *
 * Both listeners forward what they do not serve themselves to `upstream`, the simulator's
 * plain-http Finesse node (token page, REST, the relay files when the simulator runs with
 * `sites`, and the page scripts through Vite).
 */
import { createHash, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { send } from './http-util.js';
import { DESKTOP_HOST, FINESSE_HOST, selfSignedCertificate } from './sites.js';

const PAGE = '/demo/certificates/';

/**
 * The value `--ignore-certificate-errors-spki-list` takes for a certificate.
 * @param {Buffer | string} certPem
 */
export function spkiHash(certPem) {
  const der = createPublicKey(certPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
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
 * Forwards a request to `upstream` as it is (the Host header says `upstream`'s, so that Vite's
 * host check lets it through).
 * @param {string} upstream @param {http.IncomingMessage} req @param {http.ServerResponse} res
 */
function forward(upstream, req, res) {
  const target = new URL(req.url ?? '/', upstream);
  const outgoing = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  outgoing.on('error', () => {
    if (!res.headersSent) send(res, 502, 'text/plain', 'upstream unavailable\n');
    else res.destroy();
  });
  req.pipe(outgoing);
}

/**
 * The test page's policy: the Finesse listener allowed (`csp=open`, the default) or not at
 * all (`csp=strict`: a desktop whose CSP forgot Finesse).
 * @param {string} finesseOrigin @param {boolean} strict
 */
function pageCsp(finesseOrigin, strict) {
  const wss = finesseOrigin.replace(/^https:/, 'wss:');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    strict ? "connect-src 'self'" : `connect-src 'self' ${finesseOrigin} ${wss}`,
    strict ? "frame-src 'self'" : `frame-src ${finesseOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * @param {{ root: string, upstream: string }} options `upstream`: the simulator's http node,
 *   e.g. `sim.sites.controlUrl`.
 */
export async function createCertificateSites({ root, upstream }) {
  const trusted = selfSignedCertificate();
  const untrusted = selfSignedCertificate();
  /** @type {string} */
  let finesseOrigin = '';

  const desktopServer = https.createServer(trusted, async (req, res) => {
    const url = new URL(req.url ?? '/', 'https://desktop.invalid');
    if (url.pathname !== PAGE && url.pathname !== `${PAGE}index.html`) {
      return forward(upstream, req, res);
    }
    try {
      const html = await readFile(path.join(root, 'demo/certificates/index.html'), 'utf8');
      send(res, 200, 'text/html;charset=utf-8', html, {
        'Content-Security-Policy': pageCsp(finesseOrigin, url.searchParams.get('csp') === 'strict'),
        'X-Content-Type-Options': 'nosniff',
      });
    } catch (error) {
      send(res, 500, 'text/plain', String(error));
    }
  });
  const finesseServer = https.createServer(untrusted, (req, res) => forward(upstream, req, res));
  const desktopPort = await listen(desktopServer);
  const finessePort = await listen(finesseServer);
  finesseOrigin = `https://${FINESSE_HOST}:${finessePort}`;

  return {
    /** The desktop page's origin (trusted), e.g. `https://desk.test:41234`. */
    desktopOrigin: `https://${DESKTOP_HOST}:${desktopPort}`,
    /** The Finesse listener (untrusted until `trustFinesse()`), e.g. `https://fin.test:41235`. */
    finesseOrigin,
    /** The test page for a Finesse address; `strict` gives it a CSP without Finesse. */
    pageUrl(/** @type {{ strict?: boolean }} */ { strict = false } = {}) {
      const query = new URLSearchParams({ finesse: finesseOrigin });
      if (strict) query.set('csp', 'strict');
      return `https://${DESKTOP_HOST}:${desktopPort}${PAGE}?${query}`;
    },
    /** Chromium flags: the names, and trust for the trusted key only. */
    chromiumArgs: [
      '--host-resolver-rules=MAP *.test 127.0.0.1',
      `--ignore-certificate-errors-spki-list=${spkiHash(trusted.cert)}`,
    ],
    /** From now on the Finesse listener presents the trusted certificate (as if IT installed it). */
    trustFinesse() {
      finesseServer.setSecureContext(trusted);
    },
    close() {
      for (const server of [desktopServer, finesseServer]) {
        server.close();
        server.closeAllConnections();
      }
    },
  };
}
