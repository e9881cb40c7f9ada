/**
 * The refresh part: what renews or spends the pair. The refresh protocol, the page's side of
 * the refresh keeper, the reading of Finesse's refresh answers (`ids/refresh-imports.iife.ts`
 * takes them from here), token hand-out with authorised fetch (`session/access-imports.iife.ts`)
 * and LOGOUT at sign-out. The assembly room loads it when a session starts (the IIFE build:
 * `finesse-sso-part-refresh.js` beside the first script), so the first script shows the stored
 * pair without carrying them.
 */
export { RefreshKeeper } from '../../keeper/keeper-client.ts';
export { refreshUnderLock } from '../../session/refresh-protocol.ts';
export { readRefreshResponse, transportError } from '../../ids/refresh-response.ts';
export { fetchWithToken, tokenShownAs } from '../../session/token-access.ts';
export { logoutAgent } from '../../finesse/agent-logout.ts';
