/** Where the session listens for "the page woke up". */
export interface LifecycleTargets {
  window?: EventTarget;
  document?: EventTarget & { visibilityState?: DocumentVisibilityState };
}

/**
 * Calls `onWake(trigger)` whenever the page may have slept, been frozen or hidden, or lost the
 * network: `pageshow`, `focus`, `online`, `resume`, and `visibilitychange` to visible. Timers
 * alone cannot be trusted there. `onPageHide` runs when the page goes away. Returns the
 * function that removes every listener.
 */
export function watchLifecycle(
  targets: LifecycleTargets,
  onWake: (trigger: string) => void,
  onPageHide: () => void,
): () => void {
  const { window: win, document: doc } = targets;
  const removers: Array<() => void> = [];
  const add = (target: EventTarget | undefined, type: string, listener: () => void) => {
    target?.addEventListener(type, listener);
    removers.push(() => target?.removeEventListener(type, listener));
  };
  for (const type of ['pageshow', 'focus', 'online']) add(win, type, () => onWake(type));
  add(doc, 'resume', () => onWake('resume'));
  add(doc, 'visibilitychange', () => {
    if (doc?.visibilityState !== 'hidden') onWake('visibilitychange');
  });
  add(win, 'pagehide', onPageHide);
  return () => removers.forEach((remove) => remove());
}
