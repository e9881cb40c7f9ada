/**
 * The refresh protocol as a part: a `RefreshRunner` for the session and a companion that loads
 * the part (and registers the refresh keeper) when the session starts, long before the first
 * refresh is due. A part that cannot be loaded then is loaded again at the refresh; until it
 * loads, the refresh fails like a busy lock and is tried again shortly.
 */
import type { RefreshKeeperOptions } from '../keeper/keeper-client.ts';
import type { RefreshRunner } from '../session/refresh-outcome.ts';
import { loadPart } from './parts/index.ts';
import type { CorePart } from './parts/index.ts';

export type RefreshPart = Pick<CorePart<'refresh'>, 'RefreshKeeper' | 'refreshUnderLock'>;

export interface LazyRefresh {
  run: RefreshRunner;
  /** Started with the session: loads the part, off the first render's path. */
  companion: { start(): Promise<unknown>; dispose(): void };
}

/**
 * In the page, or through the refresh keeper when its options are given. `loadRefreshPart`
 * stands in for the part's file in tests.
 */
export function lazyRefresh(
  keeper?: RefreshKeeperOptions,
  loadRefreshPart: () => Promise<RefreshPart> = () => loadPart('refresh'),
): LazyRefresh {
  let runner: Promise<RefreshRunner> | undefined;
  const load = () =>
    (runner ??= loadRefreshPart().then(
      (part) => {
        if (!keeper) return part.refreshUnderLock;
        const client = new part.RefreshKeeper(keeper);
        void client.start();
        return client.run;
      },
      (error: unknown) => {
        runner = undefined;
        throw error;
      },
    ));
  return {
    run: (deps, request) => load().then((run) => run(deps, request)),
    companion: { start: () => load().catch(() => undefined), dispose() {} },
  };
}
