/**
 * Loads the agent elements when a page uses them: the session element watches its own
 * subtree for an undefined `<finesse-agent-state>` or `<finesse-dialog-controls>`.
 */
import { FinesseError, isFinesseError } from '../../core/kernel/errors.ts';
import { importAgentElements } from '../agent-imports.ts';

const UNDEFINED_AGENT = ':is(finesse-agent-state, finesse-dialog-controls):not(:defined)';
let loading: Promise<void> | undefined;

/**
 * Loads and registers the agent elements once (already there in the ES `finesse-sso` entry and
 * `finesse-sso/agent`). Call it yourself for agent elements the session element cannot see
 * (inside another component's shadow root). Rejects with `part-unavailable`.
 */
export function loadAgentElements(): Promise<void> {
  loading ??= importAgentElements().then(
    () => undefined,
    (error: unknown) => {
      loading = undefined;
      throw isFinesseError(error)
        ? error
        : new FinesseError('part-unavailable', 'The agent elements could not be loaded.', {
            cause: error,
          });
    },
  );
  return loading;
}

/** Watches `host`'s subtree until an agent element shows up, then loads them; returns a stop. */
export function watchForAgentElements(
  host: Element,
  onError: (error: FinesseError) => void,
): () => void {
  const check = (): void => {
    if (!host.querySelector(UNDEFINED_AGENT)) return;
    observer.disconnect();
    loadAgentElements().catch(onError);
  };
  const observer = new MutationObserver(check);
  if (customElements.get('finesse-agent-state') && customElements.get('finesse-dialog-controls')) {
    return () => undefined;
  }
  observer.observe(host, { childList: true, subtree: true });
  check();
  return () => observer.disconnect();
}
