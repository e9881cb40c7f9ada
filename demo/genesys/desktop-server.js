// @ts-check
/**
 * The Genesys Cloud demo: an agent desktop on `http://localhost:<port>/demo/genesys/` (the
 * library through Vite, the shipped callback page's script at `callback.html`) and the local
 * Genesys Cloud stand-in (demo/server/genesys-standin.js) on `http://127.0.0.1:<port>`, a
 * different origin as the real login and API hosts are. The desktop's CSP allows `connect-src`
 * to the stand-in only.
 *
 * Run: `node demo/genesys/desktop-server.js [--port 8447] [--lifetime 300] [--idle 900]
 *   [--grant pkce|implicit] [--form]` and open the URL it prints in several tabs.
 */
import http from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDemoVite } from '../server/demo-vite.js';
import { startGenesysStandin } from '../server/genesys-standin.js';
import { send } from '../server/http-util.js';
import { demoCsp, servePage } from '../server/pages.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLIENT_ID = 'finesse-sso-genesys-demo';

/**
 * @typedef {object} GenesysDemoOptions
 * @property {number} [port] the desktop's port (0, the default, picks one).
 * @property {number} [tokenLifetime] seconds (the OAuth client's Token Duration).
 * @property {number} [idleTimeout] the stand-in's idle timeout (seconds; none by default).
 * @property {boolean} [autoLogin] the stand-in signs in without its form (default true).
 * @property {boolean} [quiet] default true.
 */

/**
 * Starts the stand-in and the desktop. `pageUrl(query)` is the demo page with its settings.
 * @param {GenesysDemoOptions} [options]
 */
export async function startGenesysDemo(options = {}) {
  const { port = 0, quiet = true } = options;
  const demoVite = await createDemoVite({ root: ROOT, quiet });
  const { vite } = demoVite;
  let standinOrigin = '';
  const desktop = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    const handle = async () => {
      if (pathname === '/' || pathname === '/demo/genesys') {
        res.writeHead(302, { Location: '/demo/genesys/' });
        return res.end();
      }
      if (pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
      if (await servePage(ROOT, req, res, pathname, demoCsp([standinOrigin]))) return;
      vite.middlewares(req, res, () => send(res, 404, 'text/plain;charset=utf-8', 'Not found\n'));
    };
    handle().catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain;charset=utf-8', 'desktop error\n');
      else res.end();
    });
  });
  await new Promise((resolve) => desktop.listen(port, 'localhost', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (desktop.address());
  const origin = `http://localhost:${address.port}`;
  const redirectUri = `${origin}/demo/genesys/callback.html`;
  const standin = await startGenesysStandin({
    clientId: CLIENT_ID,
    redirectUris: [redirectUri],
    corsOrigins: [origin],
    tokenLifetime: options.tokenLifetime,
    idleTimeout: options.idleTimeout,
    autoLogin: options.autoLogin,
    quiet,
  });
  standinOrigin = standin.origin;

  return {
    /** The desktop's origin, `http://localhost:<port>`. */
    origin,
    redirectUri,
    standin,
    /**
     * The demo page with its settings in the query (`grant`, `idle` seconds, `region`).
     * @param {Record<string, string | number>} [query]
     */
    pageUrl(query = {}) {
      const params = new URLSearchParams({
        login: standin.origin,
        client: CLIENT_ID,
        ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      });
      return `${origin}/demo/genesys/?${params}`;
    },
    async close() {
      await demoVite.close();
      await standin.close();
      await new Promise((resolve) => {
        desktop.closeAllConnections();
        desktop.close(() => resolve(undefined));
      });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8447' },
      lifetime: { type: 'string', default: '300' },
      idle: { type: 'string' },
      grant: { type: 'string', default: 'pkce' },
      form: { type: 'boolean', default: false },
    },
  });
  const demo = await startGenesysDemo({
    port: Number(values.port),
    tokenLifetime: Number(values.lifetime),
    idleTimeout: values.idle === undefined ? undefined : Number(values.idle),
    autoLogin: !values.form,
    quiet: false,
  });
  const query = /** @type {Record<string, string>} */ ({ grant: values.grant });
  if (values.idle !== undefined) query.idle = values.idle;
  process.stdout.write(`Genesys Cloud stand-in: ${demo.standin.origin} (NOT Genesys Cloud)\n`);
  process.stdout.write(`Desktop: ${demo.pageUrl(query)}\n`);
  const stop = () => void demo.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
