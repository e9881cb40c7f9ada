// @ts-check
/**
 * The OpenID Connect demo's routes in the simulator (dev only, through Vite):
 * - the pages of `/demo/oidc/` with a CSP that lets the page reach the issuer named in its query;
 * - `/oauth/callback.html` and `/oauth/callback.js`: the callback page from src/oauth-callback,
 *   at the redirect URI the demo registers, as `dist/oauth/` ships it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { send } from '../server/http-util.js';
import { demoCsp, servePage } from '../server/pages.js';

/** The callback page's own policy: its script, nothing else (it only posts messages). */
const CALLBACK_CSP = "default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'";

/** The origin of the `issuer` query parameter, when it is a plain http(s) URL. @param {URL} url */
function issuerOrigin(url) {
  try {
    const issuer = new URL(url.searchParams.get('issuer') ?? '');
    return issuer.protocol === 'http:' || issuer.protocol === 'https:' ? issuer.origin : null;
  } catch {
    return null;
  }
}

/**
 * Serves the demo page and the callback page; false when the request is not one of them.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {{ root: string, vite: import('vite').ViteDevServer | null }} options
 */
export async function serveOidcDemo(req, res, url, { root, vite }) {
  if (!vite || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const p = decodeURIComponent(url.pathname);
  if (p === '/demo/oidc/' || (p.startsWith('/demo/oidc/') && p.endsWith('.html'))) {
    const origin = issuerOrigin(url);
    return servePage(root, req, res, p, demoCsp(origin ? [origin] : []));
  }
  if (p === '/oauth/callback.html') {
    const html = await readFile(path.join(root, 'src/oauth-callback/callback.html'), 'utf8');
    send(res, 200, 'text/html;charset=utf-8', html, {
      'Content-Security-Policy': CALLBACK_CSP,
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    return true;
  }
  if (p === '/oauth/callback.js') {
    req.url = '/src/oauth-callback/callback.ts';
    vite.middlewares(req, res, () => send(res, 404, 'text/plain;charset=utf-8', 'Not found\n'));
    return true;
  }
  return false;
}
