// @ts-check
/**
 * Finesse's presence rule: when an agent that had XMPP presence has no available resource
 * left for longer than the grace period, the agent is logged out (reason 255). Presence coming
 * back within the grace period cancels it.
 */

/**
 * @param {{
 *   graceMs: () => number,
 *   isLoggedOut: (loginName: string) => boolean,
 *   logout: (loginName: string) => void,
 *   log: (line: string) => void,
 * }} deps
 */
export function createPresenceWatch({ graceMs, isLoggedOut, logout, log }) {
  /** @type {Map<string, { timer: NodeJS.Timeout, endsAt: number }>} */
  const pending = new Map();

  /** @param {string} loginName */
  function cancel(loginName) {
    const entry = pending.get(loginName);
    if (entry) clearTimeout(entry.timer);
    pending.delete(loginName);
  }

  /**
   * The agent's presence changed (any available resource on any node, or none).
   * @param {string} loginName @param {boolean} present
   */
  function changed(loginName, present) {
    cancel(loginName);
    if (present) return;
    if (isLoggedOut(loginName)) return;
    const ms = graceMs();
    log(`[presence] ${loginName}: no presence; logout in ${ms} ms unless it returns`);
    const timer = setTimeout(() => {
      pending.delete(loginName);
      if (!isLoggedOut(loginName)) logout(loginName);
    }, ms);
    timer.unref?.();
    pending.set(loginName, { timer, endsAt: Date.now() + ms });
  }

  /** When the pending presence logout of this agent happens (epoch ms), or null. */
  const endsAt = (/** @type {string} */ loginName) => pending.get(loginName)?.endsAt ?? null;

  function reset() {
    for (const { timer } of pending.values()) clearTimeout(timer);
    pending.clear();
  }

  return { changed, endsAt, reset };
}
