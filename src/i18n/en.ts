import { enAgent } from './en-agent.ts';
import { enConnection } from './en-connection.ts';
import { enEngine } from './en-engine.ts';
import { enGadget } from './en-gadget.ts';
import { enOAuth } from './en-oauth.ts';
import { enRelay } from './en-relay.ts';
import { enSession } from './en-session.ts';
import type { Messages } from './messages.ts';

/**
 * English, the fallback for every other language: the session's texts, the agent elements' and
 * every part's. The type checks that every error code has its text.
 */
export const en: Messages = {
  ...enSession,
  ...enEngine,
  ...enAgent,
  ...enOAuth,
  ...enConnection,
  headings: { ...enSession.headings, ...enEngine.headings },
  errors: {
    ...enSession.errors,
    ...enEngine.errors,
    ...enRelay.errors,
    ...enGadget.errors,
    ...enOAuth.errors,
  },
};
