// @ts-check
/**
 * Gadget mode's equipment: what a Finesse node serves around a third-party gadget.
 *
 * - `/gadgets/ifr?url=<spec>`: renders the gadget spec's `<Content>` into a page, as the Finesse
 *   desktop's gadget container (Shindig) does, with the `gadgets.*` stand-in in front of it;
 * - `/3rdpartygadget/files/finesse-sso/FinesseSSO.xml` and the gadget script, from `dist/gadget/`
 *   (run `node scripts/build-gadget.js` after `npm run build`);
 * - `/desktop/assets/js/finesse.js` and `jquery.min.js`: stand-ins for Finesse's own files:
 *   finesse.js builds `finesse.gadget.Config` from the desktop's gadget prefs as the real one
 *   does (demo/gadget/desktop/config-from-prefs.ts) and takes the header and ClientServices
 *   from the stand-in desktop;
 * - `POST /sim/container-pair {user}`: mints a pair for the stand-in desktop directly (the
 *   desktop's own sign-in is not under test); it refreshes through the real token endpoint;
 * - `GET /sim/gadget-traffic`: every request that came from the gadget's frame (by its
 *   Referer), with whether its bearer was the newest access token at that moment.
 * Test equipment only; never shipped in `dist/`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readJson, send, sendJson } from './http-util.js';
import { REALM } from './tokens.js';
import { PUBSUB_DOMAIN, XMPP_DOMAIN } from './xmpp-hub.js';

export const GADGET_FRAME_PATH = '/gadgets/ifr';
const UPLOADED = '/3rdpartygadget/files/finesse-sso/';
const SPEC = `${UPLOADED}FinesseSSO.xml`;
const JS = 'text/javascript;charset=utf-8';

/**
 * @param {{
 *   root: string,
 *   tokens: import('./tokens.js').TokenRegistry,
 *   counters: Record<string, number>,
 *   log: (line: string) => void,
 * }} deps
 */
export function createGadgetStandin({ root, tokens, counters, log }) {
  /** @type {{ at: number, method: string, path: string, scheme: string, tokenIndex: number, current: boolean, behind: number, staleMs: number }[]} */
  let traffic = [];
  let newest = '';
  let newestSince = Date.now();

  /** Files this module serves as they are: URL path → file under the project. */
  /** @type {Record<string, [string, string]>} */
  const files = {
    [SPEC]: ['dist/gadget/FinesseSSO.xml', 'application/xml;charset=utf-8'],
    [`${UPLOADED}finesse-sso-gadget.js`]: ['dist/gadget/finesse-sso-gadget.js', JS],
    [`${UPLOADED}finesse-sso-gadget.css`]: [
      'dist/gadget/finesse-sso-gadget.css',
      'text/css;charset=utf-8',
    ],
    '/desktop/assets/js/finesse.js': ['demo/gadget/desktop/finesse-standin.js', JS],
    '/desktop/assets/js/jquery.min.js': ['demo/gadget/desktop/jquery-standin.js', JS],
    '/gadgets/features.js': ['demo/gadget/desktop/gadget-features.js', JS],
  };

  const accessTokens = () => tokens.allTokens().filter((t) => t.startsWith('at-'));

  /** Notes when the newest access token changed (the desktop rotated). */
  function track() {
    const all = accessTokens();
    const last = all[all.length - 1] ?? '';
    if (last !== newest) {
      newest = last;
      newestSince = Date.now();
    }
    return all;
  }

  /** @param {import('node:http').IncomingMessage} req */
  function fromGadget(req) {
    const referer = req.headers.referer;
    if (!referer) return false;
    try {
      return new URL(referer).pathname === GADGET_FRAME_PATH;
    } catch {
      return false;
    }
  }

  /** @param {import('node:http').IncomingMessage} req */
  function note(req) {
    const all = track();
    const auth = req.headers.authorization ?? '';
    const [scheme = '', value = ''] = auth.split(/\s+/, 2);
    const index = scheme.toLowerCase() === 'bearer' ? all.indexOf(value) : -1;
    const behind = index < 0 ? -1 : all.length - 1 - index;
    traffic.push({
      at: Date.now(),
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      scheme,
      tokenIndex: index,
      current: behind === 0,
      behind,
      staleMs: behind === 0 ? 0 : Date.now() - newestSince,
    });
  }

  /**
   * Wraps a node handler to record the gadget's requests (never the token itself).
   * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown} handler
   */
  function record(handler) {
    return (
      /** @type {import('node:http').IncomingMessage} */ req,
      /** @type {import('node:http').ServerResponse} */ res,
    ) => {
      if (fromGadget(req)) note(req);
      res.once('finish', track);
      return handler(req, res);
    };
  }

  /** The `<Content type="html">` of a gadget spec. @param {string} xml */
  function contentOf(xml) {
    const match =
      /<Content\b[^>]*type="html"[^>]*>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/Content>/.exec(xml);
    return match?.[1] ?? null;
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   * @param {string} csp the demo's policy
   * @returns {Promise<boolean>} whether the request was handled
   */
  async function handle(req, res, url, csp) {
    const p = url.pathname;
    if (p === '/sim/container-pair' && req.method === 'POST') {
      const body = /** @type {{ user?: unknown }} */ (await readJson(req));
      const user = typeof body.user === 'string' && body.user ? body.user : 'agent1';
      const pair = tokens.mint(user, 'sign-in');
      counters.pairsIssued += 1;
      track();
      log(`[gadget] container pair ${pair.id} for ${user}`);
      sendJson(res, 200, {
        token: pair.access,
        refresh_token: pair.refresh,
        expires_in: pair.expiresIn,
        user_id: pair.user,
        realm: REALM,
        user_principal: `${pair.name}@${REALM}`,
        xmppDomain: XMPP_DOMAIN,
        pubsubDomain: PUBSUB_DOMAIN,
      });
      return true;
    }
    if (p === '/sim/gadget-traffic') {
      if (req.method === 'POST') traffic = [];
      sendJson(res, 200, { requests: traffic });
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const headers = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    if (p === GADGET_FRAME_PATH) {
      if (url.searchParams.get('url') !== SPEC) {
        send(res, 404, 'text/plain;charset=utf-8', 'Unknown gadget\n');
        return true;
      }
      const spec = await readFile(path.join(root, 'dist/gadget/FinesseSSO.xml'), 'utf8').catch(
        () => null,
      );
      const content = spec === null ? null : contentOf(spec);
      if (content === null) {
        send(res, 404, 'text/plain;charset=utf-8', 'dist/gadget is missing: build the gadget\n');
        return true;
      }
      const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>gadget</title>
<script src="/gadgets/features.js"></script></head>
<body>${content}</body></html>
`;
      send(res, 200, 'text/html;charset=utf-8', page, {
        ...headers,
        'Content-Security-Policy': csp,
      });
      return true;
    }
    const entry = files[p];
    if (!entry) return false;
    const body = await readFile(path.join(root, entry[0]), 'utf8').catch(() => null);
    if (body === null) {
      send(res, 404, 'text/plain;charset=utf-8', `${entry[0]} is missing\n`);
      return true;
    }
    send(res, 200, entry[1], body, headers);
    return true;
  }

  return { handle, record };
}
