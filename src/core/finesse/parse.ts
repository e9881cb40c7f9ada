/**
 * Finesse XML → typed models (FINESSE.md §4-5), with the browser's DOMParser. Tolerant of
 * missing elements (empty strings, empty arrays: Finesse versions differ in what they send),
 * strict about the document itself: a broken, truncated, DOCTYPE-carrying or wrongly rooted
 * document throws `FinesseError('api-error')` (see xml-read.ts).
 */
import type {
  AgentState,
  ApiError,
  Dialog,
  FinesseNodeInfo,
  FinesseUpdate,
  FinesseUser,
  Participant,
  ReasonCategory,
  ReasonCode,
  SystemInfo,
} from './models.ts';
import { childNamed, childrenNamed, lastSegment, readXml, textOf } from './xml-read.ts';

const AGENT_STATES: ReadonlySet<string> = new Set<AgentState>([
  'LOGOUT',
  'NOT_READY',
  'READY',
  'RESERVED',
  'RESERVED_OUTBOUND',
  'RESERVED_OUTBOUND_PREVIEW',
  'TALKING',
  'HOLD',
  'WORK',
  'WORK_READY',
  'UNKNOWN',
]);

/** A state this library does not know (a newer Finesse) reads as UNKNOWN rather than failing. */
function agentState(text: string): AgentState {
  return AGENT_STATES.has(text) ? (text as AgentState) : 'UNKNOWN';
}

function reasonCategory(text: string, fallback: ReasonCategory): ReasonCategory {
  return text === 'NOT_READY' || text === 'LOGOUT' ? text : fallback;
}

function reasonCodeFrom(el: Element, fallback: ReasonCategory = 'NOT_READY'): ReasonCode {
  const uri = textOf(el, 'uri');
  return {
    id: textOf(el, 'id') || lastSegment(uri),
    uri,
    category: reasonCategory(textOf(el, 'category'), fallback),
    code: textOf(el, 'code'),
    label: textOf(el, 'label'),
    forAll: textOf(el, 'forAll') === 'true',
  };
}

function userFrom(el: Element): FinesseUser {
  const reason = childNamed(el, 'ReasonCode');
  return {
    loginId: textOf(el, 'loginId'),
    loginName: textOf(el, 'loginName'),
    firstName: textOf(el, 'firstName'),
    lastName: textOf(el, 'lastName'),
    extension: textOf(el, 'extension'),
    state: agentState(textOf(el, 'state')),
    stateChangeTime: textOf(el, 'stateChangeTime'),
    pendingState: textOf(el, 'pendingState'),
    reasonCodeId: textOf(el, 'reasonCodeId') || '-1',
    reasonCode: reason && reason.children.length > 0 ? reasonCodeFrom(reason) : null,
    roles: childrenNamed(childNamed(el, 'roles'), 'role').map((r) => r.textContent?.trim() ?? ''),
    teamId: textOf(el, 'teamId'),
    teamName: textOf(el, 'teamName'),
    dialogsUri: textOf(el, 'dialogs'),
  };
}

function participantFrom(el: Element): Participant {
  return {
    mediaAddress: textOf(el, 'mediaAddress'),
    mediaAddressType: textOf(el, 'mediaAddressType'),
    state: textOf(el, 'state'),
    actions: childrenNamed(childNamed(el, 'actions'), 'action')
      .map((a) => a.textContent?.trim() ?? '')
      .filter(Boolean),
    startTime: textOf(el, 'startTime'),
  };
}

/**
 * `mediaProperties`: `callvariables/CallVariable{name,value}` become call variables (values
 * untrimmed: they are the customer's data); every other leaf becomes a media property.
 * Object.fromEntries defines own properties, so a name like `__proto__` cannot reach a prototype.
 */
function mediaFrom(el: Element | null): {
  callVariables: Record<string, string>;
  mediaProperties: Record<string, string>;
} {
  const variables: [string, string][] = [];
  const properties: [string, string][] = [];
  for (const child of Array.from(el?.children ?? [])) {
    if (child.localName.toLowerCase() === 'callvariables') {
      for (const variable of childrenNamed(child, 'CallVariable')) {
        const name = textOf(variable, 'name');
        if (name) variables.push([name, childNamed(variable, 'value')?.textContent ?? '']);
      }
    } else if (child.children.length === 0) {
      properties.push([child.localName, child.textContent?.trim() ?? '']);
    }
  }
  return {
    callVariables: Object.fromEntries(variables),
    mediaProperties: Object.fromEntries(properties),
  };
}

function dialogFrom(el: Element): Dialog {
  const uri = textOf(el, 'uri');
  const media = childNamed(el, 'mediaProperties');
  return {
    id: textOf(el, 'id') || lastSegment(uri),
    uri,
    mediaType: textOf(el, 'mediaType'),
    fromAddress: textOf(el, 'fromAddress'),
    toAddress: textOf(el, 'toAddress'),
    state: textOf(el, 'state'),
    callType: textOf(media, 'callType'),
    ...mediaFrom(media),
    participants: childrenNamed(childNamed(el, 'participants'), 'Participant').map(participantFrom),
  };
}

function apiErrorsFrom(el: Element): ApiError[] {
  return Array.from(el.children)
    .filter((child) => child.localName.toLowerCase() === 'apierror')
    .map((child) => ({
      errorType: textOf(child, 'errorType', true),
      errorMessage: textOf(child, 'errorMessage', true),
      errorData: textOf(child, 'errorData', true),
    }));
}

/** `GET /finesse/api/User/<id>` → the agent. */
export function parseUser(xml: string): FinesseUser {
  return userFrom(readXml(xml, ['User']));
}

/** `GET …/ReasonCodes?category=…` → the codes; `category` fills in a code that omits its own. */
export function parseReasonCodes(
  xml: string,
  category: ReasonCategory = 'NOT_READY',
): ReasonCode[] {
  return childrenNamed(readXml(xml, ['ReasonCodes']), 'ReasonCode').map((el) =>
    reasonCodeFrom(el, category),
  );
}

/** `GET /finesse/api/User/<id>/Dialogs` → the calls (`<Dialogs>`, or `<dialogs>` as in updates). */
export function parseDialogs(xml: string): Dialog[] {
  return childrenNamed(readXml(xml, ['Dialogs', 'dialogs']), 'Dialog').map(dialogFrom);
}

/** One `<Dialog>` document. */
export function parseDialog(xml: string): Dialog {
  return dialogFrom(readXml(xml, ['Dialog']));
}

function nodeFrom(el: Element | null): FinesseNodeInfo | null {
  const host = textOf(el, 'host');
  if (!el || !host) return null;
  return {
    host,
    httpsPort: textOf(el, 'httpsPort'),
    xmppPort: textOf(el, 'xmppPort'),
    xmppSecurePort: textOf(el, 'xmppSecurePort'),
  };
}

/** `GET /finesse/api/SystemInfo`, with each node's host and ports. */
export function parseSystemInfo(xml: string): SystemInfo {
  const el = readXml(xml, ['SystemInfo']);
  const primaryNode = nodeFrom(childNamed(el, 'primaryNode'));
  const secondaryNode = nodeFrom(childNamed(el, 'secondaryNode'));
  return {
    systemAuthMode: textOf(el, 'systemAuthMode'),
    xmppDomain: textOf(el, 'xmppDomain'),
    xmppPubSubDomain: textOf(el, 'xmppPubSubDomain'),
    deploymentType: textOf(el, 'deploymentType'),
    status: textOf(el, 'status'),
    statusReason: textOf(el, 'statusReason'),
    primaryNodeHost: primaryNode?.host ?? '',
    secondaryNodeHost: secondaryNode?.host ?? '',
    primaryNode,
    secondaryNode,
  };
}

/** `<ApiErrors><ApiError><ErrorType>…` (sync) or `<apiErrors><apiError><errorType>…` (async). */
export function parseApiErrors(xml: string): ApiError[] {
  return apiErrorsFrom(readXml(xml, ['ApiErrors', 'apiErrors']));
}

/**
 * A notification's `<Update>`: `event`, `requestId`, `source`, and in `data` one of `<User>`,
 * `<Dialog>`, `<dialogs>` / `<Dialogs>` or `<apiErrors>`; anything else is `unknown`.
 */
export function parseUpdate(xml: string): FinesseUpdate {
  const root = readXml(xml, ['Update']);
  const head = {
    event: textOf(root, 'event'),
    requestId: textOf(root, 'requestId'),
    source: textOf(root, 'source'),
  };
  const data = childNamed(root, 'data');
  const payload = data?.firstElementChild ?? null;
  switch (payload?.localName.toLowerCase()) {
    case 'user':
      return { kind: 'user', ...head, user: userFrom(payload!) };
    case 'dialog':
      return { kind: 'dialog', ...head, dialog: dialogFrom(payload!) };
    case 'dialogs':
      return {
        kind: 'dialogs',
        ...head,
        dialogs: childrenNamed(payload, 'Dialog').map(dialogFrom),
      };
    case 'apierrors':
      return { kind: 'api-errors', ...head, errors: apiErrorsFrom(payload!) };
    default:
      return { kind: 'unknown', ...head };
  }
}

/** Reads ApiErrors from an error answer without throwing: [] when it is not one. */
export function readApiErrors(text: string): ApiError[] {
  if (!/apierror/i.test(text)) return [];
  try {
    return parseApiErrors(text);
  } catch {
    return [];
  }
}
