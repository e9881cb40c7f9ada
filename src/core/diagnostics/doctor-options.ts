/** How the connection doctor is set up: its addresses, what it runs on, and its timing. */
import type { Clock } from '../kernel/clock.ts';
import type { ProbeSocket } from './probes.ts';

/** How often and how long the doctor looks. */
export interface DoctorTiming {
  /** First re-check of a failing address; doubles up to `maxRecheckMs`. Also the least time between two probes of one address. */
  firstRecheckMs: number;
  maxRecheckMs: number;
  /** A probe with no answer by then counts as unreachable. */
  probeTimeoutMs: number;
  /** An address that answered this recently counts as working. */
  answeredFreshMs: number;
}

export const DEFAULT_DOCTOR_TIMING: DoctorTiming = {
  firstRecheckMs: 5_000,
  maxRecheckMs: 60_000,
  probeTimeoutMs: 10_000,
  answeredFreshMs: 5 * 60_000,
};

export type EventTargetLike = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface ConnectionDoctorOptions {
  /**
   * This session's addresses (Finesse nodes, notification service, relay page). A CSP block
   * is reported only for these hosts (or hosts that reported a failure), not for whatever
   * else the page loads.
   */
  endpoints?: ReadonlyArray<string | undefined>;
  /** The page's own origin: it answered (the page loaded), so it is a working port of its host. */
  pageOrigin?: string;
  fetch?: typeof fetch;
  /** Opens a WebSocket (the notification service's probe); without it, sockets are probed by fetch. */
  createSocket?: (url: string, protocol: string) => ProbeSocket;
  clock?: Clock;
  /** Where `securitypolicyviolation` events arrive: the document. */
  document?: EventTargetLike;
  /** Where `online` arrives: the window. */
  window?: EventTargetLike;
  timing?: Partial<DoctorTiming>;
}
