import { createContext } from '@lit/context';
import type { SessionApi } from '../../core/session/session-api.ts';

/**
 * The session `<finesse-sso-session>` provides to the elements inside it (`@consume` it).
 * `Symbol.for` keeps the key equal across two copies of the library on one page.
 * `undefined` until the providing element is connected and has a session.
 */
export const sessionContext = createContext<SessionApi | undefined>(
  Symbol.for('finesse-sso-session'),
);
