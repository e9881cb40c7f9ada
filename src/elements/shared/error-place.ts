import type { FinesseError } from '../../core/kernel/errors.ts';
import type { AgentApi } from '../../core/finesse/agent-api.ts';

/** An agent element as the error placement sees it. */
export interface ErrorHost extends Element {
  /** The model the element shows (its `agent`, or the session's). */
  readonly shownModel: AgentApi | undefined;
  requestUpdate(): void;
}

/** Connected agent elements, and which element's own command produced an error. */
const hosts = new Set<ErrorHost>();
const claims = new WeakMap<FinesseError, ErrorHost>();

function rerenderPeers(model: AgentApi | undefined): void {
  for (const host of hosts) if (host.shownModel === model) host.requestUpdate();
}

/**
 * An agent model has one `lastError`, and both agent elements used to show it: the agent read
 * it twice. Now exactly one element shows it: the element whose button caused it (it claimed
 * it), else the first element of that model in document order (errors of a load, of another
 * tab's request, or of a host's call).
 */
export function joinErrorPlace(host: ErrorHost): void {
  hosts.add(host);
  rerenderPeers(host.shownModel);
}

export function leaveErrorPlace(host: ErrorHost): void {
  hosts.delete(host);
  rerenderPeers(host.shownModel);
}

/** The element's own command failed with this error: it shows it, next to its controls. */
export function claimError(host: ErrorHost, error: FinesseError): void {
  claims.set(error, host);
  rerenderPeers(host.shownModel);
}

/** Whether this element is the one place the model's error shows. */
export function showsError(host: ErrorHost, error: FinesseError): boolean {
  const claimant = claims.get(error);
  if (claimant && hosts.has(claimant) && claimant.shownModel === host.shownModel) {
    return claimant === host;
  }
  let first: ErrorHost | undefined;
  for (const peer of hosts) {
    if (peer.shownModel !== host.shownModel) continue;
    // compareDocumentPosition: FOLLOWING means `peer` comes after `first`.
    if (!first || peer.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) {
      first = peer;
    }
  }
  return first === host;
}
