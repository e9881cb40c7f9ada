/**
 * The demo page's own script: a status panel for this tab, an event log, a "who refreshed"
 * indicator shared by every tab, and the Simulator panel (counters, config, faults, and the
 * call and notification controls). The agent state and call controls are the library's own
 * elements in the status panel.
 * It only uses the public contract of `<finesse-sso-session>` (DESIGN.md) and works, in part,
 * before the element is defined.
 */

import { setUpLangSwitch } from './lang-switch.ts';

// Before the elements render: they read the document's language.
setUpLangSwitch();

/** The element's public surface, as the contract gives it. */
interface SessionElement extends HTMLElement {
  readonly state?: string;
  readonly expiresAt?: number | null;
  readonly refreshAt?: number | null;
  readonly user?: { userId: string; realm: string; userPrincipal: string } | null;
  readonly storage?: string;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  signIn(options?: { username?: string }): Promise<void>;
  signOut(options?: { agentLogout?: { reasonCodeId: string | number } }): Promise<void>;
}

interface SimState {
  config: { expiresIn: number; refreshExpiresIn: number; rememberIdp: boolean; coop: boolean };
  counters: Record<string, number>;
  acceptedPerIssuedPair: number | null;
  pairs: {
    id: string;
    user: string;
    via: string;
    expiresAt: number;
    refreshedTimes: number;
    retired: boolean;
  }[];
  faults: {
    id: number;
    type: string;
    ms?: number;
    status?: number;
    remaining: number | null;
    until: number | null;
    untilSignIn: boolean;
  }[];
}

/** `GET /sim/agent`: the simulator's view of the agent. */
interface SimAgent {
  user: string;
  loginId: string;
  extension: string;
  state: string;
  reasonCodeId: string;
  pendingState: string;
  dialogs: { id: string; state: string }[];
  present: boolean;
  presenceLogoutAt: string | null;
  connections: { node: string; phase: string; available: boolean }[];
}

interface RefreshedBy {
  tab: string;
  at: number;
}

const TAG = 'finesse-sso-session';
const TAB_KEY = 'finesse-sso-demo:tab-name';
const LAST_REFRESH_KEY = 'finesse-sso-demo:last-refresh-by';
const EVENTS = [
  'finesse-session-change',
  'finesse-token-refreshed',
  'finesse-signed-out',
  'finesse-user-changed',
  'finesse-session-error',
  'finesse-storage-degraded',
] as const;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`demo: #${id} is missing`);
  return el as T;
};

const session = $<SessionElement>('session');
let defined = false;

// ---------------------------------------------------------------------------------------------
// This tab's name: kept across reloads of this tab, new for a new tab (window.open copies
// sessionStorage, so a stored name is reused only on reload or back/forward).

function tabName(): string {
  const nav = performance.getEntriesByType('navigation')[0] as
    PerformanceNavigationTiming | undefined;
  const stored = sessionStorage.getItem(TAB_KEY);
  if (stored && (nav?.type === 'reload' || nav?.type === 'back_forward')) return stored;
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(2));
  const name = `Tab ${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}`;
  sessionStorage.setItem(TAB_KEY, name);
  return name;
}

const myName = tabName();
$('tab-name').textContent = myName;
$('tab-badge').textContent = myName;
document.title = `${myName} · finesse-sso demo`;

// ---------------------------------------------------------------------------------------------
// Formatting

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour12: false });

function countdown(ms: number): string {
  const s = Math.round((ms - Date.now()) / 1000);
  if (s <= 0) return s === 0 ? 'now' : `${-s} s ago`;
  const m = Math.floor(s / 60);
  return m ? `in ${m} min ${s % 60} s` : `in ${s} s`;
}

const whenAndCountdown = (ms: number | null | undefined) =>
  typeof ms === 'number' ? `${time(ms)} (${countdown(ms)})` : '—';

// ---------------------------------------------------------------------------------------------
// Status panel

function renderStatus() {
  if (!defined) return;
  const state = session.state ?? '—';
  const stateEl = $('state');
  stateEl.textContent = state;
  stateEl.dataset.state = state;
  const user = session.user;
  $('user').textContent = user ? `${user.userId} (${user.userPrincipal})` : '—';
  $('refresh-at').textContent = whenAndCountdown(session.refreshAt);
  $('expires-at').textContent = whenAndCountdown(session.expiresAt);
  $('storage').textContent = session.storage ?? '—';
}

// "Last refresh by": the refreshing tab announces itself; every tab shows it.
const channel = new BroadcastChannel('finesse-sso-demo');

function showRefreshedBy(info: RefreshedBy | null) {
  $('last-refresh-by').textContent = info
    ? `${info.tab}${info.tab === myName ? ' (this tab)' : ''} at ${time(info.at)}`
    : '—';
}

function readRefreshedBy(): RefreshedBy | null {
  try {
    const value = JSON.parse(localStorage.getItem(LAST_REFRESH_KEY) ?? 'null') as unknown;
    const info = value as RefreshedBy | null;
    return info && typeof info.tab === 'string' && typeof info.at === 'number' ? info : null;
  } catch {
    return null;
  }
}

channel.addEventListener('message', (event: MessageEvent<{ type?: string } & RefreshedBy>) => {
  if (event.data?.type === 'refreshed-by') showRefreshedBy(event.data);
});
showRefreshedBy(readRefreshedBy());

// ---------------------------------------------------------------------------------------------
// Event log (details never carry tokens, by contract; they are shown as they are)

function logEvent(type: string, detail: unknown) {
  const item = document.createElement('li');
  const stamp = document.createElement('time');
  stamp.textContent = time(Date.now());
  const name = document.createElement('strong');
  name.textContent = type.replace(/^finesse-/, '');
  const body = document.createElement('code');
  body.textContent = detail === undefined || detail === null ? '' : JSON.stringify(detail);
  item.append(stamp, ' ', name, ' ', body);
  const log = $('event-log');
  log.prepend(item);
  while (log.children.length > 40) log.lastElementChild?.remove();
}

for (const type of EVENTS) {
  session.addEventListener(type, (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    logEvent(type, detail);
    if (type === 'finesse-token-refreshed' && (detail as { byThisTab?: boolean })?.byThisTab) {
      const info: RefreshedBy = { tab: myName, at: Date.now() };
      localStorage.setItem(LAST_REFRESH_KEY, JSON.stringify(info));
      channel.postMessage({ type: 'refreshed-by', ...info });
      showRefreshedBy(info);
    }
    renderStatus();
  });
}

// ---------------------------------------------------------------------------------------------
// Buttons of the status panel

function showResult(text: string, kind: 'ok' | 'error' = 'ok') {
  const el = $('api-result');
  el.textContent = text;
  el.dataset.kind = kind;
}

function xmlText(doc: Document, tag: string): string {
  return doc.getElementsByTagName(tag)[0]?.textContent?.trim() ?? '';
}

async function callApi() {
  if (!defined) return showResult('The session element is not loaded yet.', 'error');
  const user = session.user;
  if (!user) return showResult('Not signed in.', 'error');
  showResult('Calling GET /finesse/api/User/…');
  try {
    const res = await session.fetch(`/finesse/api/User/${encodeURIComponent(user.userId)}`);
    const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
    if (!res.ok) {
      const type = xmlText(doc, 'ErrorType') || res.statusText;
      const message = xmlText(doc, 'ErrorMessage');
      return showResult(`HTTP ${res.status}: ${type}${message ? ` (${message})` : ''}`, 'error');
    }
    const name = `${xmlText(doc, 'firstName')} ${xmlText(doc, 'lastName')}`.trim();
    const ext = xmlText(doc, 'extension');
    showResult(
      `${name || user.userId}: ${xmlText(doc, 'state') || 'unknown state'}, extension ${ext}`,
    );
  } catch (error) {
    const err = error as { code?: string; name?: string; message?: string };
    showResult(`${err.code ?? err.name ?? 'Error'}: ${err.message ?? String(error)}`, 'error');
  }
}

$('call-api').addEventListener('click', () => void callApi());
$('open-tab').addEventListener('click', () => {
  window.open(location.href, '_blank');
});

// ---------------------------------------------------------------------------------------------
// Simulator panel

const COUNTER_LABELS: Record<string, string> = {
  interactiveSignIns: 'Interactive sign-ins',
  loginFormsShown: 'IdP login forms shown',
  loginFormsSubmitted: 'IdP login forms submitted',
  pairsIssued: 'Pairs issued',
  refreshRequests: 'Refresh requests (POST / GET)',
  refreshAccepted: 'Refreshes accepted',
  refreshRefused: 'Refreshes refused',
  apiCalls: 'API calls',
  apiExpiredToken: 'API calls with an expired token',
  apiUnknownToken: 'API calls with an unknown token',
  tokenEndpointCalls: 'Token endpoint calls',
  restCommands: 'REST commands (PUT / POST)',
};

const XMPP_LABELS: Record<string, string> = {
  xmppActive: 'Connections open now',
  xmppConnections: 'Connections opened',
  xmppAuthenticated: 'Authenticated',
  xmppAuthFailures: 'Authentication failures',
  xmppMechanismRefused: 'SASL mechanisms refused',
  xmppPingTimeouts: 'Streams ended for want of a ping',
  xmppMaxActivePerUser: 'Most at once for one agent',
  xmppPings: 'Pings answered',
  updatesPushed: 'Updates pushed',
  presenceLogouts: 'Presence logouts (reason 255)',
};

async function sim(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    cache: 'no-store',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const value = (await res.json()) as { error?: string };
  if (!res.ok) throw new Error(value.error ?? `HTTP ${res.status}`);
  return value;
}

function row(label: string, value: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = label;
  const td = document.createElement('td');
  td.textContent = value;
  tr.append(th, td);
  return tr;
}

function describeFault(f: SimState['faults'][number]): string {
  const parts: string[] = [f.type];
  if (f.ms !== undefined) parts.push(`${f.ms / 1000} s`);
  if (f.status !== undefined) parts.push(String(f.status));
  if (f.remaining !== null) parts.push(`${f.remaining} left`);
  if (f.until !== null) parts.push(`ends ${countdown(f.until)}`);
  if (f.untilSignIn) parts.push('until the next sign-in');
  return parts.join(' · ');
}

let configShown = false;

function renderSim(s: SimState) {
  const c = s.counters;
  const rows = Object.entries(COUNTER_LABELS).map(([key, label]) =>
    row(
      label,
      key === 'refreshRequests'
        ? `${c.refreshRequests} (${c.refreshPost} / ${c.refreshGet})`
        : String(c[key] ?? 0),
    ),
  );
  const ratio = s.acceptedPerIssuedPair;
  rows.push(row('Accepted refreshes per refreshed pair', ratio === null ? '—' : ratio.toFixed(2)));
  $('counters').replaceChildren(...rows);
  $('xmpp-counters').replaceChildren(
    ...Object.entries(XMPP_LABELS).map(([key, label]) => row(label, String(c[key] ?? 0))),
  );

  if (!configShown) {
    $<HTMLInputElement>('expires-in').value = String(s.config.expiresIn);
    configShown = true;
  }
  $<HTMLInputElement>('remember-idp').checked = s.config.rememberIdp;

  $('active-faults').replaceChildren(
    ...s.faults.map((f) => {
      const li = document.createElement('li');
      li.textContent = describeFault(f);
      return li;
    }),
  );

  $('pairs').replaceChildren(
    ...s.pairs
      .slice(-6)
      .reverse()
      .map((p) => {
        const tr = document.createElement('tr');
        const status = p.retired ? `refreshed ×${p.refreshedTimes}` : 'current';
        for (const text of [p.id, p.user, p.via, whenAndCountdown(p.expiresAt), status]) {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
  );
}

async function pollSim() {
  try {
    const state = (await sim('/sim/state')) as SimState;
    renderSim(state);
    void pollAgent(state);
    const { expiresIn, refreshExpiresIn } = state.config;
    $('sim-status').textContent =
      `Connected · access tokens ${expiresIn} s, refresh tokens ${refreshExpiresIn} s · ${time(Date.now())}`;
  } catch {
    $('sim-status').textContent = 'The simulator is not reachable.';
  }
}

function describeAgent(a: SimAgent): string {
  const calls = a.dialogs.length;
  const open = a.connections.filter((c) => c.phase !== 'closed').length;
  const parts = [
    `${a.user} (loginId ${a.loginId}, extension ${a.extension}): ${a.state}`,
    a.pendingState ? `pending ${a.pendingState}` : '',
    `${calls} call${calls === 1 ? '' : 's'}`,
    `${open} XMPP connection${open === 1 ? '' : 's'}${a.present ? ', present' : ', no presence'}`,
    a.presenceLogoutAt ? `logout (255) ${countdown(Date.parse(a.presenceLogoutAt))}` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

async function pollAgent(state: SimState) {
  const el = $('sim-agent');
  if (state.pairs.length === 0) {
    el.textContent = 'Nobody has signed in yet.';
    return;
  }
  try {
    el.textContent = describeAgent((await sim('/sim/agent')) as SimAgent);
  } catch (error) {
    el.textContent = `Agent: ${(error as Error).message}`;
  }
}

async function simAction(label: string, path: string, body: unknown = {}) {
  try {
    await sim(path, body);
    $('sim-action').textContent = `${time(Date.now())} ${label}`;
  } catch (error) {
    $('sim-action').textContent = `${label} failed: ${(error as Error).message}`;
  }
  await pollSim();
}

$('config-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const expiresIn = Number($<HTMLInputElement>('expires-in').value);
  void simAction(`expires_in set to ${expiresIn} s`, '/sim/config', { expiresIn });
});
$<HTMLInputElement>('remember-idp').addEventListener('change', (event) => {
  const rememberIdp = (event.target as HTMLInputElement).checked;
  void simAction(`Remember IdP session: ${rememberIdp ? 'on' : 'off'}`, '/sim/config', {
    rememberIdp,
  });
});
$('fault-buttons').addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-fault]');
  if (!button?.dataset.fault) return;
  const spec = JSON.parse(button.dataset.fault) as { type: string };
  void simAction(`Fault added: ${button.textContent?.trim() ?? spec.type}`, '/sim/fault', spec);
});
$('clear-faults').addEventListener('click', () => {
  void simAction('Faults cleared', '/sim/faults/clear');
});
$('expire-now').addEventListener('click', () => {
  void simAction('Access tokens expired', '/sim/expire');
});
$('idp-logout').addEventListener('click', () => {
  void simAction('IdP session ended', '/sim/idp/logout');
});

// Calls and notifications: these act on the most recently signed-in agent.
let callers = 0;
$('sim-ring').addEventListener('click', () => {
  callers += 1;
  const from = `555${String(1230 + callers).padStart(4, '0')}`;
  void simAction(`Ringing the agent (caller ${from})`, '/sim/call', {
    from,
    variables: {
      callVariable1: callers % 2 ? 'gold' : 'silver',
      callVariable2: `ACCT-${1000 + callers}`,
    },
  });
});
$('sim-hangup').addEventListener('click', () => {
  void simAction('The caller hung up', '/sim/hangup');
});
$('sim-fail-next').addEventListener('click', () => {
  void simAction('The next request will fail asynchronously', '/sim/fail-next', {
    errorType: 'CTI_ERROR',
    errorMessage: 'The CTI server rejected the request (simulated).',
  });
});
$('sim-drop-socket').addEventListener('click', () => {
  void simAction('Notification socket dropped', '/sim/drop-socket');
});

// ---------------------------------------------------------------------------------------------
// Start: the simulator panel at once, the session panel once the element is defined.

void pollSim();
setInterval(() => {
  renderStatus();
  void pollSim();
}, 1000);

const notice = $('element-status');
const slow = setTimeout(() => {
  notice.textContent = `The <${TAG}> element is not defined yet: did /src/index.ts load? (see the console)`;
  notice.dataset.kind = 'error';
}, 5000);

void customElements.whenDefined(TAG).then(() => {
  clearTimeout(slow);
  defined = true;
  notice.hidden = true;
  renderStatus();
});
