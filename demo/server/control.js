// @ts-check
/**
 * The control surface for tests and the demo's Simulator panel: `/sim/*` on the Finesse origin,
 * JSON in and out, same origin only (no CORS).
 */
import { readJson, send, sendJson } from './http-util.js';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

/**
 * @param {{
 *   state: () => unknown,
 *   configure: (partial: Record<string, unknown>) => unknown,
 *   addFault: (spec: Record<string, unknown>) => unknown,
 *   clearFaults: () => void,
 *   reset: (overrides?: Record<string, unknown>) => void,
 *   expire: () => number,
 *   forgetIdpSessions: () => void,
 *   tokens: () => string[],
 * }} sim
 * @param {Record<string, (req: Req, url: URL) => Promise<unknown> | unknown>} [more] further
 *   routes (`'METHOD /sim/path'`)
 */
export function createControl(sim, more = {}) {
  /** @type {Record<string, (req: Req, url: URL) => Promise<unknown> | unknown>} */
  const routes = {
    'GET /sim/state': () => sim.state(),
    'GET /sim/tokens': () => ({ tokens: sim.tokens() }),
    'POST /sim/config': async (req) => ({ config: sim.configure(await readJson(req)) }),
    'POST /sim/fault': async (req) => ({ fault: sim.addFault(await readJson(req)) }),
    'POST /sim/faults/clear': () => {
      sim.clearFaults();
      return { ok: true };
    },
    'POST /sim/reset': async (req) => {
      sim.reset(await readJson(req));
      return { ok: true };
    },
    'POST /sim/expire': () => ({ expired: sim.expire() }),
    'POST /sim/idp/logout': () => {
      sim.forgetIdpSessions();
      return { ok: true };
    },
    ...more,
  };

  /**
   * Handles `/sim/*`.
   * @param {Req} req @param {Res} res @param {URL} url
   */
  async function handle(req, res, url) {
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) {
      send(res, 404, 'application/json', JSON.stringify({ error: 'no such control endpoint' }));
      return;
    }
    sendJson(res, 200, await route(req, url));
  }

  return { handle };
}
