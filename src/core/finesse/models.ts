/**
 * Typed Finesse REST models (FINESSE.md §4), parsed from XML with the browser's DOMParser
 * (see parse.ts). Strings stay strings where Finesse sends ids and codes; times are ISO text.
 */

export type AgentState =
  | 'LOGOUT'
  | 'NOT_READY'
  | 'READY'
  | 'RESERVED'
  | 'RESERVED_OUTBOUND'
  | 'RESERVED_OUTBOUND_PREVIEW'
  | 'TALKING'
  | 'HOLD'
  | 'WORK'
  | 'WORK_READY'
  | 'UNKNOWN';

export type ReasonCategory = 'NOT_READY' | 'LOGOUT';

export interface ReasonCode {
  /** The last segment of `uri`: the value to send as `reasonCodeId`. */
  id: string;
  uri: string;
  category: ReasonCategory;
  code: string;
  label: string;
  forAll: boolean;
}

export interface FinesseUser {
  loginId: string;
  loginName: string;
  firstName: string;
  lastName: string;
  extension: string;
  state: AgentState;
  /** ISO time of the last state change, or '' when Finesse sent none. */
  stateChangeTime: string;
  pendingState: string;
  /** '-1' when none. */
  reasonCodeId: string;
  reasonCode: ReasonCode | null;
  roles: string[];
  teamId: string;
  teamName: string;
  dialogsUri: string;
}

export type DialogState =
  | 'ALERTING'
  | 'INITIATING'
  | 'INITIATED'
  | 'ACTIVE'
  | 'HELD'
  | 'DROPPED'
  | 'FAILED'
  | 'WRAP_UP'
  | 'ACCEPTED'
  | string;

export type DialogAction =
  | 'ANSWER'
  | 'HOLD'
  | 'RETRIEVE'
  | 'DROP'
  | 'CONSULT_CALL'
  | 'TRANSFER_SST'
  | 'TRANSFER'
  | 'CONFERENCE'
  | 'SEND_DTMF'
  | string;

export interface Participant {
  mediaAddress: string;
  mediaAddressType: string;
  state: DialogState;
  /** The actions the server allows this participant right now. */
  actions: DialogAction[];
  /** ISO time the participant's current state began, or ''. */
  startTime: string;
}

export interface Dialog {
  id: string;
  uri: string;
  mediaType: string;
  fromAddress: string;
  toAddress: string;
  state: DialogState;
  /** e.g. AGENT_INSIDE, OUT, ACD_IN, CONSULT… as Finesse sends it ('' when absent). */
  callType: string;
  /** mediaProperties/callvariables as name → value (callVariable1…10 and ECC variables). */
  callVariables: Record<string, string>;
  /** Other mediaProperties (dnis, wrapUpReason…) as name → text. */
  mediaProperties: Record<string, string>;
  participants: Participant[];
}

/** One node of a Finesse cluster as SystemInfo names it (ports as text; '' when not sent). */
export interface FinesseNodeInfo {
  host: string;
  /** The REST API and desktop (8445); on 12.6+ also the notification WebSocket. */
  httpsPort: string;
  xmppPort: string;
  xmppSecurePort: string;
}

export interface SystemInfo {
  /** SSO, NON_SSO or HYBRID. */
  systemAuthMode: string;
  xmppDomain: string;
  xmppPubSubDomain: string;
  deploymentType: string;
  /** IN_SERVICE, PARTIAL_SERVICE or OUT_OF_SERVICE. */
  status: string;
  /** Why the node is not in service, as Finesse words it ('' when none). */
  statusReason: string;
  primaryNodeHost: string;
  secondaryNodeHost: string;
  /** Null when SystemInfo names no such node (single-node deployments have no secondary). */
  primaryNode: FinesseNodeInfo | null;
  secondaryNode: FinesseNodeInfo | null;
}

/** One `<ApiError>` (sync) or `<apiError>` (async, in a notification). */
export interface ApiError {
  errorType: string;
  errorMessage: string;
  errorData: string;
}

/** A Finesse `<Update>` from a notification, parsed. */
export type FinesseUpdate =
  | { kind: 'user'; event: string; requestId: string; source: string; user: FinesseUser }
  | { kind: 'dialog'; event: string; requestId: string; source: string; dialog: Dialog }
  | { kind: 'dialogs'; event: string; requestId: string; source: string; dialogs: Dialog[] }
  | { kind: 'api-errors'; event: string; requestId: string; source: string; errors: ApiError[] }
  | { kind: 'unknown'; event: string; requestId: string; source: string };
