// @ts-check
/**
 * Fault injection for the refresh endpoint (never the interactive sign-in). Several faults may
 * be active at once; each one lasts for `count` requests, for `durationMs`, until the next
 * interactive sign-in (`idp-page`, `redirect`), or until cleared.
 */

/**
 * @typedef {'delay' | 'delay-after' | 'server-error' | 'invalid-token-500' | 'idp-page' | 'redirect' | 'reset-before' | 'reset-after'} FaultType
 * @typedef {{
 *   id: number, type: FaultType, ms?: number, status?: number,
 *   remaining: number | null, until: number | null, untilSignIn: boolean, hits: number,
 * }} Fault
 */

/** @type {Record<FaultType, { count?: number, untilSignIn?: boolean }>} */
const DEFAULTS = {
  delay: {},
  // Rotates, then holds the answer: the browser may be gone before it arrives.
  'delay-after': {},
  'server-error': {},
  'invalid-token-500': {},
  'idp-page': { untilSignIn: true },
  redirect: { untilSignIn: true },
  'reset-before': { count: 1 },
  'reset-after': { count: 1 },
};

export const FAULT_TYPES = /** @type {FaultType[]} */ (Object.keys(DEFAULTS));

/** @param {unknown} value @param {string} name */
function optionalPositive(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw Object.assign(new Error(`${name} must be a non-negative number`), { status: 400 });
  }
  return value;
}

/** @param {() => number} [now] */
export function createFaults(now = Date.now) {
  /** @type {Fault[]} */
  let faults = [];
  let seq = 0;

  const alive = (/** @type {Fault} */ f) =>
    (f.remaining === null || f.remaining > 0) && (f.until === null || f.until > now());

  function prune() {
    faults = faults.filter(alive);
  }

  /**
   * Adds a fault from a control-surface spec such as `{ type: 'server-error', status: 503, count: 2 }`.
   * @param {Record<string, unknown>} spec
   * @returns {Fault}
   */
  function add(spec) {
    const type = /** @type {FaultType} */ (spec.type);
    if (!FAULT_TYPES.includes(type)) {
      throw Object.assign(
        new Error(
          `unknown fault type ${JSON.stringify(spec.type)}; one of ${FAULT_TYPES.join(', ')}`,
        ),
        { status: 400 },
      );
    }
    const defaults = DEFAULTS[type];
    const count = optionalPositive(spec.count, 'count') ?? defaults.count;
    const durationMs = optionalPositive(spec.durationMs, 'durationMs');
    /** @type {Fault} */
    const fault = {
      id: ++seq,
      type,
      remaining: count ?? null,
      until: durationMs === undefined ? null : now() + durationMs,
      untilSignIn: Boolean(defaults.untilSignIn),
      hits: 0,
    };
    if (type === 'delay' || type === 'delay-after')
      fault.ms = optionalPositive(spec.ms, 'ms') ?? 10_000;
    if (type === 'server-error') {
      const status = optionalPositive(spec.status, 'status') ?? 503;
      if (status < 500 || status > 599) {
        throw Object.assign(new Error('status must be 5xx'), { status: 400 });
      }
      fault.status = status;
    }
    faults.push(fault);
    return fault;
  }

  /**
   * Consumes one use of the oldest active fault of this type, if any.
   * @param {FaultType} type
   * @returns {Fault | null}
   */
  function take(type) {
    prune();
    const fault = faults.find((f) => f.type === type);
    if (!fault) return null;
    fault.hits += 1;
    if (fault.remaining !== null) fault.remaining -= 1;
    prune();
    return fault;
  }

  /** Whether a connection-reset fault is armed (the server then closes idle keep-alive sockets). */
  function resetArmed() {
    prune();
    return faults.some((f) => f.type === 'reset-before' || f.type === 'reset-after');
  }

  /** A new interactive sign-in ends the "until next sign-in" faults. */
  function signedIn() {
    faults = faults.filter((f) => !f.untilSignIn);
  }

  function clear() {
    faults = [];
  }

  function list() {
    prune();
    return faults.map((f) => ({ ...f }));
  }

  return { add, take, resetArmed, signedIn, clear, list };
}

/** @typedef {ReturnType<typeof createFaults>} Faults */
