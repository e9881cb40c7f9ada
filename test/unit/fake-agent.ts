import { fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import type {
  AgentApi,
  AgentSnapshot,
  DialogActionParams,
} from '../../src/core/finesse/agent-api.ts';
import type {
  AgentState,
  Dialog,
  DialogAction,
  FinesseUser,
  Participant,
  ReasonCode,
} from '../../src/core/finesse/models.ts';
import '../../src/elements/agent-state/finesse-agent-state.ts';
import type { FinesseAgentState } from '../../src/elements/agent-state/agent-state.component.ts';
import '../../src/elements/dialog-controls/finesse-dialog-controls.ts';
import type { FinesseDialogControls } from '../../src/elements/dialog-controls/dialog-controls.component.ts';

/** One recorded command: the method name and its arguments. */
export interface AgentCall {
  method: 'setState' | 'loginPhone' | 'makeCall' | 'dialogAction' | 'reload' | 'clearError';
  args: unknown[];
}

/** Start of the fake's clock: 2026-11-21 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);

/** ISO text of a time `ms` before T0 (what Finesse sends as stateChangeTime or startTime). */
export function isoBefore(ms: number): string {
  return new Date(T0 - ms).toISOString();
}

export const LUNCH: ReasonCode = {
  id: '12',
  uri: '/finesse/api/ReasonCode/12',
  category: 'NOT_READY',
  code: '32762',
  label: 'Lunch',
  forAll: true,
};
export const MEETING: ReasonCode = {
  ...LUNCH,
  id: '13',
  uri: '/finesse/api/ReasonCode/13',
  label: 'Meeting',
};
export const END_OF_SHIFT: ReasonCode = {
  id: '2',
  uri: '/finesse/api/ReasonCode/2',
  category: 'LOGOUT',
  code: '1',
  label: 'End of shift',
  forAll: true,
};

/** Agent 1001, Jane Doe, READY for 65 s. */
export function user(patch: Partial<FinesseUser> = {}): FinesseUser {
  return {
    loginId: '1001',
    loginName: 'jdoe',
    firstName: 'Jane',
    lastName: 'Doe',
    extension: '1001',
    state: 'READY',
    stateChangeTime: isoBefore(65_000),
    pendingState: '',
    reasonCodeId: '-1',
    reasonCode: null,
    roles: ['Agent'],
    teamId: '1',
    teamName: 'Support',
    dialogsUri: '/finesse/api/User/1001/Dialogs',
    ...patch,
  };
}

/** A participant; `actions` are what the server allows it right now. */
export function participant(
  mediaAddress: string,
  actions: DialogAction[] = [],
  patch: Partial<Participant> = {},
): Participant {
  return {
    mediaAddress,
    mediaAddressType: 'AGENT_DEVICE',
    state: 'ACTIVE',
    actions,
    startTime: '',
    ...patch,
  };
}

/**
 * An incoming call from 5551234 to agent 1001, whose participant has these actions; both
 * participants are in the dialog's state unless `patch.participants` says otherwise.
 */
export function dialog(patch: Partial<Dialog> = {}, actions: DialogAction[] = []): Dialog {
  const state = patch.state ?? 'ACTIVE';
  return {
    id: '16777217',
    uri: '/finesse/api/Dialog/16777217',
    mediaType: 'Voice',
    fromAddress: '5551234',
    toAddress: '1001',
    state: 'ACTIVE',
    callType: 'ACD_IN',
    callVariables: {},
    mediaProperties: {},
    participants: [participant('5551234', [], { state }), participant('1001', actions, { state })],
    ...patch,
  };
}

/** A snapshot with a signed-in READY agent, reason codes, live notifications, no calls. */
export function snapshot(patch: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return {
    user: user(),
    dialogs: [],
    reasonCodes: { NOT_READY: [LUNCH, MEETING], LOGOUT: [END_OF_SHIFT] },
    reasonRequired: { NOT_READY: true, LOGOUT: true },
    notifications: 'live',
    node: 'primary',
    lastError: null,
    busy: new Set(),
    ...patch,
  };
}

/** An `api-error` as the model sets it in `lastError`. */
export function apiError(errorType: string, errorMessage: string): FinesseError {
  return new FinesseError('api-error', `Finesse refused the request: ${errorMessage}`, {
    details: { status: 400, errorType, errorMessage },
  });
}

/**
 * An `AgentApi` for element tests: the test sets the snapshot (`set`/`patch` notify the
 * subscribers, as the model does), moves the clock, and reads the recorded calls. Commands
 * resolve at once unless `reject` is set.
 */
export class FakeAgent implements AgentApi {
  snapshot: AgentSnapshot;
  /** What `now()` returns; tests move it instead of waiting. */
  time = T0;
  /** When set, every command rejects with it. */
  reject: FinesseError | null = null;
  readonly calls: AgentCall[] = [];
  private readonly listeners = new Set<(snapshot: AgentSnapshot) => void>();

  constructor(initial: AgentSnapshot = snapshot()) {
    this.snapshot = initial;
  }

  /** Number of live subscriptions. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Replaces the snapshot and notifies every subscriber. */
  set(next: AgentSnapshot): void {
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  /** Replaces some fields of the snapshot and notifies. */
  patch(patch: Partial<AgentSnapshot>): void {
    this.set({ ...this.snapshot, ...patch });
  }

  /** Moves the agent to a state (stateChangeTime = now) and notifies. */
  moveTo(state: AgentState, patch: Partial<FinesseUser> = {}): void {
    const stateChangeTime = new Date(this.time).toISOString();
    this.patch({ user: { ...this.snapshot.user!, state, stateChangeTime, ...patch } });
  }

  /** Calls recorded for one method. */
  callsOf(method: AgentCall['method']): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  subscribe(listener: (snapshot: AgentSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  now(): number {
    return this.time;
  }

  setState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string): Promise<void> {
    return this.record('setState', reasonCodeId === undefined ? [state] : [state, reasonCodeId]);
  }

  loginPhone(extension: string): Promise<void> {
    return this.record('loginPhone', [extension]);
  }

  makeCall(toAddress: string): Promise<void> {
    return this.record('makeCall', [toAddress]);
  }

  dialogAction(dialogId: string, action: DialogAction, params?: DialogActionParams): Promise<void> {
    return this.record(
      'dialogAction',
      params === undefined ? [dialogId, action] : [dialogId, action, params],
    );
  }

  reload(): Promise<void> {
    return this.record('reload', []);
  }

  clearError(): void {
    this.calls.push({ method: 'clearError', args: [] });
    this.patch({ lastError: null });
  }

  private record(method: AgentCall['method'], args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    return this.reject ? Promise.reject(this.reject) : Promise.resolve();
  }
}

/** A fake model whose agent has these user fields (a state, say). */
export function agentIn(patch: Partial<FinesseUser>): FakeAgent {
  return new FakeAgent(snapshot({ user: user(patch) }));
}

/** A fake model with these calls, the agent TALKING. */
export function withCalls(...dialogs: Dialog[]): FakeAgent {
  return new FakeAgent(snapshot({ user: user({ state: 'TALKING' }), dialogs }));
}

/** Mounts `<finesse-agent-state>` driven by a fake model. */
export function mountState(
  agent: FakeAgent | undefined,
  lang?: string,
): Promise<FinesseAgentState> {
  return fixture<FinesseAgentState>(
    html`<finesse-agent-state lang=${ifDefined(lang)} .agent=${agent}></finesse-agent-state>`,
  );
}

/** Mounts `<finesse-dialog-controls>` driven by a fake model. */
export function mountDialogs(
  agent: FakeAgent | undefined,
  lang?: string,
): Promise<FinesseDialogControls> {
  return fixture<FinesseDialogControls>(
    html`<finesse-dialog-controls
      lang=${ifDefined(lang)}
      .agent=${agent}
    ></finesse-dialog-controls>`,
  );
}

/** The first element carrying this part name, in an element's shadow root or a card. */
export function part<T extends HTMLElement = HTMLElement>(
  root: HTMLElement,
  name: string,
): T | null {
  return (root.shadowRoot ?? root).querySelector<T>(`[part~="${name}"]`);
}

/**
 * Whether an element carries this part. Assert on this rather than on `part()` being null: a
 * failing assertion on an element makes the runner serialise it, which can hang.
 */
export function has(root: HTMLElement, name: string): boolean {
  return part(root, name) !== null;
}

/** Every element carrying this part name. */
export function parts<T extends HTMLElement = HTMLElement>(root: HTMLElement, name: string): T[] {
  return [...(root.shadowRoot ?? root).querySelectorAll<T>(`[part~="${name}"]`)];
}

/** Visible text of a node, whitespace collapsed. */
export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The call cards of `<finesse-dialog-controls>`. */
export function cards(el: HTMLElement): HTMLElement[] {
  return parts(el, 'call');
}

/** The enabled buttons of the first call card, by part name. */
export function enabledButtons(el: HTMLElement): string[] {
  return [...cards(el)[0]!.querySelectorAll<HTMLButtonElement>('button')]
    .filter((button) => !button.disabled)
    .map((button) => button.getAttribute('part')!.replace('button ', ''));
}

/** Types into a field as a user would (value, then an input event). */
export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Chooses an option of a select as a user would. */
export function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Re-renders after the test moved the fake's clock (what a tick does). */
export async function rerender(
  el: HTMLElement & { updateComplete: Promise<boolean> },
): Promise<void> {
  (el as unknown as { requestUpdate(): void }).requestUpdate();
  await el.updateComplete;
}
