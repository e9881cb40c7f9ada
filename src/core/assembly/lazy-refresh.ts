/**
 * The refresh protocol as a part: a `RefreshRunner` for the session and a companion that loads
 * the part (and registers the refresh keeper) when the session has read the stored pair, long
 * before the first refresh is due. A part that cannot be loaded then is loaded again at the refresh; until it
 * loads, the refresh fails like a busy lock and is tried again shortly. Without the keeper it
 * is the session's own in-page runner (`session/in-page-refresh.ts`, as the OAuth sessions use).
 */
import type { RefreshKeeperOptions } from '../keeper/keeper-client.ts';
import type { RefreshRunner } from '../session/refresh-outcome.ts';
import { inPageRefresh, preloadProtocol } from '../session/in-page-refresh.ts';
import type * as RefreshPartModule from './parts/refresh-part.ts';

export type RefreshPart = Pick<typeof RefreshPartModule, 'RefreshKeeper'>;

export interface LazyRefresh {
  run: RefreshRunner;
  /** Started with the session: loads the part, off the first render's path. */
  companion: { start(): Promise<unknown>; dispose(): void };
}

/**
 * Through the refresh keeper when its options are given, else in the page. `loadRefreshPart`
 * loads the part (the assembly room's loader, or a stand-in for its file in tests).
 */
export function lazyRefresh(
  keeper: RefreshKeeperOptions | undefined,
  loadRefreshPart: () => Promise<RefreshPart>,
): LazyRefresh {
  if (!keeper) return { run: inPageRefresh, companion: preloadProtocol };
  let runner: Promise<RefreshRunner> | undefined;
  const load = () =>
    (runner ??= loadRefreshPart().then(
      (part) => {
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
