import { enAgent } from './en-agent.ts';
import { enSession } from './en-session.ts';
import type { Messages } from './messages.ts';

/** English, the fallback for every other language: the session's texts and the agent elements'. */
export const en: Messages = { ...enSession, ...enAgent };
