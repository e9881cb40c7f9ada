import type { SessionListener } from '../session/session-api.ts';
import type { SessionEventMap } from '../session/types.ts';

/** A tiny typed event hub. A throwing listener is reported, never allowed to break the session. */
export class Emitter {
  private readonly listeners = new Map<keyof SessionEventMap, Set<(detail: never) => void>>();

  on<K extends keyof SessionEventMap>(type: K, listener: SessionListener<K>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as (detail: never) => void);
    return () => set.delete(listener as (detail: never) => void);
  }

  emit<K extends keyof SessionEventMap>(type: K, detail: SessionEventMap[K]): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      try {
        (listener as SessionListener<K>)(detail);
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
