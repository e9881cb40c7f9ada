/** A listener for one event of a map; `detail` is that event's payload. */
export type Listener<Events, K extends keyof Events> = (detail: Events[K]) => void;

/**
 * A tiny typed event hub, generic over its event map so every layer can own one without
 * importing the session's types. A throwing listener is reported, never allowed to break the
 * emitter's owner.
 */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(detail: never) => void>>();

  on<K extends keyof Events>(type: K, listener: Listener<Events, K>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as (detail: never) => void);
    return () => set.delete(listener as (detail: never) => void);
  }

  emit<K extends keyof Events>(type: K, detail: Events[K]): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      try {
        (listener as Listener<Events, K>)(detail);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
