import type { ManagedSession, SessionConfig } from './session-api.ts';

/** Builds the session for a config: picks the mode and token source, wires browser services. */
export function createSession(config: SessionConfig): ManagedSession {
  void config;
  throw new Error('createSession: not implemented yet');
}
