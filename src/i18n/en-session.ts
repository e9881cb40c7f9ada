import type { SessionEnglish } from './messages.ts';

/**
 * The first script's English: what the session element shows before the engine part is there
 * (why it could not be loaded). The session's own texts are in `en-engine.ts`, which comes with
 * the engine part; the agent elements' English is in `en-agent.ts`, loaded with them; a mode's
 * or provider's own texts come with its part (`en-relay.ts`, `en-gadget.ts`, `en-oauth.ts`,
 * `en-connection.ts`); `en.ts` is all.
 */
export const enSession: SessionEnglish = {
  headings: { 'cannot-start': 'Sign-in cannot start on this page' },
  errors: {
    'part-unavailable':
      'A part of the sign-in could not be loaded from the server. Check your network connection and reload the page; if it keeps happening, tell your administrator.',
  },
};
