import { ConnectionDoctor } from './connection-doctor.ts';
import type { DoctorTiming } from './doctor-options.ts';

/**
 * Test pages shorten the re-checks with `<html data-finesse-sso-recheck-ms="500">` (first
 * re-check and probe timeout; the backoff cap becomes 4×). Not a public attribute: agents'
 * desktops keep the defaults (5 s → 60 s).
 */
export function recheckOverride(root: Element | null | undefined): Partial<DoctorTiming> {
  const value = Number(root?.getAttribute('data-finesse-sso-recheck-ms'));
  if (!Number.isFinite(value) || value < 50) return {};
  return { firstRecheckMs: value, maxRecheckMs: 4 * value, probeTimeoutMs: Math.max(value, 1_000) };
}

/**
 * The doctor of a browser session: the page's own origin, the real `fetch` and `WebSocket`,
 * CSP violations from the document and `online` from the window. `endpoints` are the
 * session's configured addresses (relative ones resolve against the page).
 */
export function createSessionDoctor(
  endpoints: ReadonlyArray<string | undefined>,
): ConnectionDoctor {
  const absolute = endpoints.flatMap((endpoint) => {
    if (!endpoint) return [];
    try {
      return [new URL(endpoint, location.href).href];
    } catch {
      return [];
    }
  });
  return new ConnectionDoctor({
    endpoints: absolute,
    pageOrigin: location.origin,
    fetch: globalThis.fetch.bind(globalThis),
    createSocket:
      typeof WebSocket === 'function' ? (url, protocol) => new WebSocket(url, protocol) : undefined,
    document,
    window,
    timing: recheckOverride(document.documentElement),
  });
}
