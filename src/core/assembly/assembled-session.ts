/**
 * What the assembly room hands out: a managed session with the parts it built for it as
 * fields, so nothing is found through a module-level registry. The session engine knows none
 * of these; the element and hosts read them here.
 */
import type { AgentCarrier } from '../finesse/session-agent.ts';
import type { RelayFrameHost } from '../relay/relay-frame-host.ts';
import type { ManagedSession } from '../session/session-api.ts';

export interface AssembledSession extends ManagedSession, AgentCarrier {
  /** Relay mode: the relay whose frame the element shows (the Finesse server's own buttons). */
  readonly relay?: RelayFrameHost;
}
