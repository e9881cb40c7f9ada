/**
 * The refresh protocol run in the page, for sessions without the refresh keeper (relay mode,
 * the OAuth providers): a runner that loads the protocol, and a companion that loads it when the session
 * starts, long before the first refresh is due. A protocol that cannot be loaded fails the
 * refresh like a busy lock: the pair is kept and the tab looks again shortly.
 */
import type { RefreshRunner } from './refresh-outcome.ts';
import { importProtocol } from './protocol-imports.ts';

export const inPageRefresh: RefreshRunner = (deps, request) =>
  importProtocol().then((protocol) => protocol.refreshUnderLock(deps, request));

export const preloadProtocol = {
  start: (): Promise<unknown> => importProtocol().catch(() => undefined),
  dispose(): void {},
};
