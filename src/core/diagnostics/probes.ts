import type { Clock } from '../kernel/clock.ts';

/** The part of a WebSocket a probe uses (tests pass a stub). */
export interface ProbeSocket {
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(code?: number): void;
}

export interface ProbeTools {
  fetch: typeof fetch;
  /** Opens a WebSocket with a sub-protocol; absent where there is none. */
  createSocket?: (url: string, protocol: string) => ProbeSocket;
  clock: Clock;
  /** A probe that has not answered by then counts as unreachable. */
  timeoutMs: number;
}

/**
 * Does anything answer at `origin` over TLS? A `no-cors` HEAD of `origin/`: any answer at all
 * (an opaque response, a 404, a redirect) means the connection and its certificate are fine;
 * a TypeError means the browser could not connect (certificate, refused, DNS, CSP).
 */
export async function probeOrigin(origin: string, tools: ProbeTools): Promise<boolean> {
  const controller = new AbortController();
  const timer = tools.clock.setTimeout(() => controller.abort(), tools.timeoutMs);
  try {
    await tools.fetch(`${origin}/`, {
      method: 'HEAD',
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    return true;
  } catch {
    return false;
  } finally {
    tools.clock.clearTimeout(timer);
  }
}

/**
 * Does the WebSocket endpoint `url` open? Used for the notification service, whose port a
 * page may list in `connect-src` as `wss:` only (so a fetch probe would be blocked by CSP).
 * The socket is closed at once: no XMPP is spoken.
 */
export function probeSocket(url: string, tools: ProbeTools): Promise<boolean> {
  const create = tools.createSocket;
  if (!create) return Promise.resolve(false);
  return new Promise((resolve) => {
    let socket: ProbeSocket;
    try {
      socket = create(url, 'xmpp');
    } catch {
      resolve(false);
      return;
    }
    const done = (opened: boolean) => {
      tools.clock.clearTimeout(timer);
      socket.onopen = socket.onclose = socket.onerror = null;
      try {
        socket.close(1000);
      } catch {
        // already closed
      }
      resolve(opened);
    };
    const timer = tools.clock.setTimeout(() => done(false), tools.timeoutMs);
    socket.onopen = () => done(true);
    socket.onclose = () => done(false);
    socket.onerror = () => done(false);
  });
}

/**
 * Does Finesse at `origin` allow this page's origin (CORS)? A CORS-mode GET of
 * `/finesse/api/SystemInfo` without credentials: any answer (a 401 included) means the
 * allow-list lets this origin read it; a TypeError after the `no-cors` probe answered means
 * it does not. Call it only once `probeOrigin` answered.
 */
export async function probeCors(origin: string, tools: ProbeTools): Promise<boolean> {
  const controller = new AbortController();
  const timer = tools.clock.setTimeout(() => controller.abort(), tools.timeoutMs);
  try {
    await tools.fetch(`${origin}/finesse/api/SystemInfo`, {
      method: 'GET',
      mode: 'cors',
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    return true;
  } catch {
    return false;
  } finally {
    tools.clock.clearTimeout(timer);
  }
}
