/**
 * Finesse-shaped XML (FINESSE.md §4-5, docs/xmpp-wire.md) and fakes for the REST client and
 * agent model tests: a fake Finesse behind `fetch` that records every request, and a
 * NotificationService the test drives by hand.
 */
import type {
  NotificationService,
  NotificationStatus,
  RawUpdate,
} from '../../src/core/notifications/types.ts';

export const PRIMARY = 'https://fin1.test:8445';
export const SECONDARY = 'https://fin2.test:8445';

export interface UserFields {
  loginId?: string;
  loginName?: string;
  extension?: string;
  state?: string;
  reasonCodeId?: string;
}

export function userXml(fields: UserFields = {}): string {
  const f = {
    loginId: '1001',
    loginName: 'agent1',
    extension: '1001',
    state: 'NOT_READY',
    ...fields,
  };
  const reason =
    f.reasonCodeId && f.reasonCodeId !== '-1'
      ? `<ReasonCode><category>NOT_READY</category><uri>/finesse/api/ReasonCode/${f.reasonCodeId}</uri><code>32762</code><label>Lunch</label><forAll>true</forAll><id>${f.reasonCodeId}</id></ReasonCode>`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<User>
  <uri>/finesse/api/User/${f.loginId}</uri>
  <loginId>${f.loginId}</loginId>
  <loginName>${f.loginName}</loginName>
  <firstName>Alice</firstName>
  <lastName>Agent</lastName>
  <extension>${f.extension}</extension>
  <state>${f.state}</state>
  <stateChangeTime>2026-11-21T09:00:00.000Z</stateChangeTime>
  <pendingState></pendingState>
  <reasonCodeId>${f.reasonCodeId ?? '-1'}</reasonCodeId>
  ${reason}
  <roles><role>Agent</role><role>Supervisor</role></roles>
  <teamId>7</teamId>
  <teamName>Sales</teamName>
  <dialogs>/finesse/api/User/${f.loginId}/Dialogs</dialogs>
</User>`;
}

export function reasonCodesXml(category: 'NOT_READY' | 'LOGOUT', labels: string[]): string {
  const codes = labels
    .map(
      (label, i) =>
        `<ReasonCode><category>${category}</category><uri>/finesse/api/ReasonCode/${(category === 'LOGOUT' ? 20 : 10) + i}</uri><code>${100 + i}</code><label>${label}</label><forAll>true</forAll></ReasonCode>`,
    )
    .join('');
  return `<ReasonCodes>${codes}</ReasonCodes>`;
}

export interface DialogFields {
  id?: string;
  state?: string;
  from?: string;
  to?: string;
  /** The agent participant's state (extension 1001). */
  agentState?: string;
  actions?: string[];
}

/** A `<Dialog>` element; the agent is participant 1001, the other party 5551234. */
export function dialogXml(fields: DialogFields = {}): string {
  const f = {
    id: '16817',
    state: 'ACTIVE',
    from: '5551234',
    to: '1001',
    agentState: fields.state ?? 'ACTIVE',
    actions: ['HOLD', 'DROP', 'SEND_DTMF', 'CONSULT_CALL', 'TRANSFER_SST'],
    ...fields,
  };
  return `<Dialog>
  <associatedDialogUri></associatedDialogUri>
  <fromAddress>${f.from}</fromAddress>
  <id>${f.id}</id>
  <mediaProperties>
    <DNIS>1001</DNIS>
    <callType>ACD_IN</callType>
    <dialedNumber>1001</dialedNumber>
    <wrapUpReason></wrapUpReason>
    <callvariables>
      <CallVariable><name>callVariable1</name><value>  Acct 42  </value></CallVariable>
      <CallVariable><name>user.ECC.lang</name><value>ja</value></CallVariable>
    </callvariables>
  </mediaProperties>
  <mediaType>Voice</mediaType>
  <participants>
    <Participant>
      <actions>${f.actions.map((a) => `<action>${a}</action>`).join('')}</actions>
      <mediaAddress>1001</mediaAddress>
      <mediaAddressType>AGENT_DEVICE</mediaAddressType>
      <startTime>2026-11-21T09:01:00.000Z</startTime>
      <state>${f.agentState}</state>
      <stateCause></stateCause>
    </Participant>
    <Participant>
      <actions></actions>
      <mediaAddress>5551234</mediaAddress>
      <mediaAddressType></mediaAddressType>
      <startTime>2026-11-21T09:01:00.000Z</startTime>
      <state>ACTIVE</state>
    </Participant>
  </participants>
  <state>${f.state}</state>
  <toAddress>${f.to}</toAddress>
  <uri>/finesse/api/Dialog/${f.id}</uri>
</Dialog>`;
}

export const dialogsXml = (...dialogs: string[]) => `<Dialogs>${dialogs.join('')}</Dialogs>`;

export const SYSTEM_INFO_XML = `<SystemInfo>
  <currentTimestamp>2026-11-21T09:00:00.000Z</currentTimestamp>
  <deploymentType>UCCE</deploymentType>
  <primaryNode>
    <host>fin1.test</host><httpsPort>8445</httpsPort><xmppPort>5222</xmppPort><xmppSecurePort>5223</xmppSecurePort>
  </primaryNode>
  <secondaryNode>
    <host>fin2.test</host><httpsPort>8445</httpsPort><xmppPort>5222</xmppPort><xmppSecurePort>5223</xmppSecurePort>
  </secondaryNode>
  <status>IN_SERVICE</status>
  <statusReason></statusReason>
  <systemAuthMode>SSO</systemAuthMode>
  <uri>/finesse/api/SystemInfo</uri>
  <xmppDomain>fin1.test</xmppDomain>
  <xmppPubSubDomain>pubsub.fin1.test</xmppPubSubDomain>
</SystemInfo>`;

export const apiErrorsXml = (type: string, message: string) =>
  `<ApiErrors><ApiError><ErrorData>state</ErrorData><ErrorMessage>${message}</ErrorMessage><ErrorType>${type}</ErrorType></ApiError></ApiErrors>`;

/** A notification's `<Update>` document (the text inside `<notification>`). */
export function updateXml(
  data: string,
  event = 'PUT',
  requestId = '',
  source = '/finesse/api/User/1001',
): string {
  const inner = data.replace(/^<\?xml[^>]*\?>\s*/, '');
  return `<Update><data>${inner}</data><event>${event}</event><requestId>${requestId}</requestId><source>${source}</source></Update>`;
}

export const asyncErrorsXml = (type: string, message: string) =>
  `<apiErrors><apiError><errorData>1001</errorData><errorMessage>${message}</errorMessage><errorType>${type}</errorType><peripheralErrorCode>-1</peripheralErrorCode></apiError></apiErrors>`;

/** One request as the fake Finesse saw it. */
export interface Seen {
  url: string;
  /** Method and path with query, e.g. `PUT /finesse/api/User/1001`. */
  key: string;
  origin: string;
  method: string;
  body: string;
  contentType: string | null;
  requestId: string | null;
}

type Handler = (seen: Seen) => Response | Promise<Response>;

/** A Response whose text() settles in a microtask (a real body read can take a task). */
class XmlResponse extends Response {
  private readonly xmlText: string;
  constructor(body: string, status: number) {
    super(body, { status, headers: { 'Content-Type': 'application/xml' } });
    this.xmlText = body;
  }
  override text(): Promise<string> {
    return Promise.resolve(this.xmlText);
  }
}

/** An XML answer whose body reads in a microtask (keeps ManualClock steps deterministic). */
export const xml = (body: string, status = 200) => new XmlResponse(body, status);

/**
 * A Finesse behind `fetch`: answers the agent's reads from its fields (by loginName or loginId),
 * accepts commands with 202, and lets a test override any `METHOD /path` with `respond`.
 */
export class FakeFinesse {
  readonly seen: Seen[] = [];
  user: UserFields = {};
  dialogs: string[] = [];
  reasons = { NOT_READY: ['Lunch', 'Meeting'], LOGOUT: ['End of shift'] };
  systemInfo: string | null = SYSTEM_INFO_XML;
  private readonly overrides = new Map<string, Handler[]>();

  /** Answers `key` with `handler`; `once` handlers are used up in order before permanent ones. */
  respond(key: string, handler: Handler, once = false): void {
    const list = this.overrides.get(key) ?? [];
    const entry: Handler = once
      ? (seen) => {
          list.splice(list.indexOf(entry), 1);
          return handler(seen);
        }
      : handler;
    if (once) list.unshift(entry);
    else list.push(entry);
    this.overrides.set(key, list);
  }

  count(key: string): number {
    return this.seen.filter((s) => s.key === key).length;
  }

  readonly fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const method = init.method ?? 'GET';
    const seen: Seen = {
      url: url.href,
      key: `${method} ${url.pathname}${url.search}`,
      origin: url.origin,
      method,
      body: typeof init.body === 'string' ? init.body : '',
      contentType: headers.get('Content-Type'),
      requestId: headers.get('requestId'),
    };
    this.seen.push(seen);
    const override = this.overrides.get(seen.key)?.[0];
    if (override) return override(seen);
    return this.answer(seen);
  };

  private answer(seen: Seen): Response {
    const loginId = this.user.loginId ?? '1001';
    const loginName = this.user.loginName ?? 'agent1';
    const base = new RegExp(`^/finesse/api/User/(${loginId}|${loginName})`);
    const path = seen.key.slice(seen.method.length + 1);
    if (seen.method !== 'GET') return xml('', 202);
    if (path === '/finesse/api/SystemInfo') {
      return this.systemInfo ? xml(this.systemInfo) : xml(apiErrorsXml('Not Found', 'none'), 404);
    }
    const match = base.exec(path);
    if (!match) return xml(apiErrorsXml('Not Found', 'No such resource'), 404);
    const rest = path.slice(match[0].length);
    if (rest === '') return xml(userXml(this.user));
    if (rest === '/Dialogs') return xml(dialogsXml(...this.dialogs));
    const category = /^\/ReasonCodes\?category=(NOT_READY|LOGOUT)$/.exec(rest)?.[1];
    if (category === 'NOT_READY' || category === 'LOGOUT') {
      return xml(reasonCodesXml(category, this.reasons[category]));
    }
    return xml(apiErrorsXml('Not Found', 'No such resource'), 404);
  }
}

/** A NotificationService the test drives: `push` delivers an update, `setStatus` changes it. */
export class FakeNotifications implements NotificationService {
  status: NotificationStatus;
  isHolder = true;
  started = 0;
  stopped = 0;
  private readonly updates = new Set<(update: RawUpdate) => void>();
  private readonly statuses = new Set<(status: NotificationStatus) => void>();

  constructor(initial: NotificationStatus = 'connecting') {
    this.status = initial;
  }

  start(): void {
    this.started++;
  }

  stop(): void {
    this.stopped++;
  }

  onUpdate(listener: (update: RawUpdate) => void): () => void {
    this.updates.add(listener);
    return () => this.updates.delete(listener);
  }

  onStatus(listener: (status: NotificationStatus) => void): () => void {
    this.statuses.add(listener);
    return () => this.statuses.delete(listener);
  }

  get listening(): number {
    return this.updates.size + this.statuses.size;
  }

  push(xml: string, node = '/finesse/api/User/1001'): void {
    for (const listener of [...this.updates]) listener({ node, xml });
  }

  setStatus(status: NotificationStatus): void {
    this.status = status;
    for (const listener of [...this.statuses]) listener(status);
  }
}
