import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import type { Dialog, FinesseUser, Participant } from '../../core/finesse/models.ts';
import type { FinesseError } from '../../core/kernel/errors.ts';
import type { Lang, Messages } from '../../i18n/index.ts';
import {
  parseTime,
  renderError,
  renderHealth,
  renderLiveTime,
} from '../shared/agent-shared.templates.ts';
import type { Template } from '../shared/agent-shared.templates.ts';
import type { SessionHealth } from '../shared/session-health.ts';
import {
  DTMF_KEYS,
  callUp,
  directionOf,
  isRinging,
  isAllowed,
  isDialogBusy,
  otherParty,
  ownParticipant,
} from './dialog-controls.logic.ts';
import type { NumberCheck } from './dialog-controls.logic.ts';

/** The per-call actions with buttons of their own (consult, transfer and DTMF have fields). */
export type SimpleAction = 'ANSWER' | 'HOLD' | 'RETRIEVE' | 'DROP' | 'TRANSFER' | 'CONFERENCE';

/** What the templates read; computed by the element before each render. */
export interface DialogControlsView {
  snapshot: AgentSnapshot | null;
  /** The model's clock (epoch ms) at this render. */
  now: number;
  t: Messages;
  lang: Lang;
  /** What the session lets the controls do (blocked: every control disabled, times marked). */
  health: SessionHealth;
  /** The model's error when this element is the one place it shows (else null). */
  error: FinesseError | null;
  /** When the element first saw each call (the duration's start when Finesse gives none). */
  firstSeen: ReadonlyMap<string, number>;
  dial: string;
  dialProblem: NumberCheck | null;
  /** Per call: the consult/transfer number typed, its problem, whether "More actions" is open. */
  targets: Readonly<Record<string, string>>;
  targetProblems: Readonly<Record<string, NumberCheck | undefined>>;
  open: ReadonlySet<string>;
  onDialInput: (event: InputEvent) => void;
  onDialSubmit: (event: SubmitEvent) => void;
  onAction: (dialogId: string, action: SimpleAction) => void;
  onTargetInput: (dialogId: string, value: string) => void;
  onTarget: (dialogId: string, action: 'CONSULT_CALL' | 'TRANSFER_SST') => void;
  onMore: (dialogId: string) => void;
  onDigit: (dialogId: string, digit: string) => void;
  onDismiss: () => void;
}

type UserView = DialogControlsView & { snapshot: AgentSnapshot; user: FinesseUser };

/** Everything about one call that its template needs. */
interface CallView {
  dialog: Dialog;
  own: Participant | undefined;
  party: string;
  /** A request for it is in flight, or the session cannot act: its buttons wait. */
  busy: boolean;
}

/** Everything inside the shadow root. */
export function renderBase(view: DialogControlsView): TemplateResult {
  const { snapshot, t, health } = view;
  const user = snapshot?.user ?? null;
  return html`<div part="base" class="base">
    ${user ? renderHealth(health, t, view.lang) : nothing}
    ${renderError(view.error, t, view.onDismiss)}
    ${
      snapshot && user
        ? renderCalls({ ...view, snapshot, user })
        : html`<p part="status" class="quiet">${t.agent.notSignedIn}</p>`
    }
  </div>`;
}

/** The text of a number problem; text bindings keep a typed `<x>` as text. */
function problemText(t: Messages, check: NumberCheck | null | undefined): string {
  if (!check || check.ok) return '';
  return check.problem === 'invalid-number'
    ? t.dialog.problems['invalid-number'](check.typed)
    : t.dialog.problems[check.problem];
}

function renderCalls(view: UserView): TemplateResult {
  const { snapshot, user, t } = view;
  const calls = snapshot.dialogs.map((dialog) => ({
    dialog,
    own: ownParticipant(dialog, user.extension),
    party: otherParty(dialog, user.extension),
    busy: isDialogBusy(snapshot, dialog.id) || view.health.kind === 'blocked',
  }));
  return html`<section part="calls" class="calls" aria-label=${t.dialog.callsLabel}>
      ${
        calls.length === 0
          ? html`<p class="quiet">${t.dialog.noCalls}</p>`
          : html`<ul class="list">
              ${calls.map((call) => html`<li>${renderCall(view, call)}</li>`)}
            </ul>`
      }
    </section>
    ${renderMakeCall(view)}`;
}

/**
 * One call. A ringing call leads with "Incoming call", the caller and the call variables (what
 * the agent needs to decide), then a large Answer. Only the actions Finesse lists for the
 * agent now are shown; consult, transfer and the keypad sit behind one "More actions" control.
 */
function renderCall(view: UserView, call: CallView): TemplateResult {
  const { t, user, now, firstSeen, snapshot, health } = view;
  const { dialog, own, party } = call;
  const state = own?.state || dialog.state;
  const stateLabel = (t.dialog.states as Record<string, string | undefined>)[state] ?? state;
  const start = parseTime(own?.startTime ?? '') ?? firstSeen.get(dialog.id) ?? null;
  const variables = Object.entries(dialog.callVariables).filter(([, value]) => value !== '');
  const ringing = isRinging(dialog, own);
  const stale = health.kind === 'blocked' || snapshot.notifications !== 'live';
  return html`<div
    part=${ringing ? 'call ringing' : 'call'}
    class="call"
    data-dialog=${dialog.id}
    ?data-ringing=${ringing}
    role="group"
    aria-label=${t.dialog.callWith(party)}
  >
    ${ringing ? html`<p part="ringing-heading" class="ringing-heading">${t.dialog.ringing}</p>` : nothing}
    <p class="row who">
      <span part="party" class="party">${party}</span>
      <span part="direction" class="direction"
        >${t.dialog.direction[directionOf(dialog, user.extension)]}</span
      >
      <span part="badge" class="badge" data-state=${state}>${stateLabel}</span>
      ${
        start === null
          ? nothing
          : html`<span class="visually-hidden">${t.dialog.durationLabel}</span>
              ${renderLiveTime(now - start, stale, t, 'duration')}`
      }
    </p>
    ${
      variables.length === 0
        ? nothing
        : html`<p class="visually-hidden">${t.dialog.variablesLabel}</p>
            <dl part="variables" class="variables">
              ${variables.map(
                ([name, value]) =>
                  html`<div>
                    <dt>${name}</dt>
                    <dd>${value}</dd>
                  </div>`,
              )}
            </dl>`
    }
    <div part="actions" class="actions" role="group" aria-label=${t.dialog.actionsLabel(party)}>
      ${actionButton(view, call, 'ANSWER', 'answer-button', t.dialog.answer)}
      ${actionButton(view, call, 'RETRIEVE', 'retrieve-button', t.dialog.retrieve)}
      ${actionButton(view, call, 'HOLD', 'hold-button', t.dialog.hold)}
      ${actionButton(view, call, 'TRANSFER', 'complete-transfer-button', t.dialog.completeTransfer)}
      ${actionButton(view, call, 'CONFERENCE', 'conference-button', t.dialog.conference)}
      ${actionButton(view, call, 'DROP', 'drop-button', t.dialog.drop)} ${moreButton(view, call)}
    </div>
    ${renderMore(view, call)}
  </div>`;
}

/** A button for an action Finesse allows the agent now; nothing at all for one it does not. */
function actionButton(
  view: UserView,
  { dialog, own, busy }: CallView,
  action: SimpleAction,
  name: string,
  label: string,
): Template {
  if (!isAllowed(own, action)) return nothing;
  const kind = action === 'DROP' ? 'danger' : action === 'ANSWER' ? 'answer' : '';
  return html`<button
    part=${`button ${name}`}
    class=${kind}
    type="button"
    ?disabled=${busy}
    @click=${() => view.onAction(dialog.id, action)}
  >
    ${label}
  </button>`;
}

/** Whether any of the actions behind "More actions" is allowed now. */
function hasMore(own: Participant | undefined): boolean {
  return (['CONSULT_CALL', 'TRANSFER_SST', 'SEND_DTMF'] as const).some((a) => isAllowed(own, a));
}

/** The one control that opens consult, transfer and the keypad (a disclosure). */
function moreButton(view: UserView, { dialog, own }: CallView): Template {
  if (!hasMore(own)) return nothing;
  const open = view.open.has(dialog.id);
  return html`<button
    part="button more-button"
    class="secondary"
    type="button"
    aria-expanded=${open ? 'true' : 'false'}
    aria-controls=${`more-${dialog.id}`}
    @click=${() => view.onMore(dialog.id)}
  >
    ${view.t.dialog.more}
  </button>`;
}

/** Consult and single-step transfer (sharing one number field) and the DTMF keypad. */
function renderMore(view: UserView, call: CallView): Template {
  const { dialog, own } = call;
  if (!hasMore(own) || !view.open.has(dialog.id)) return nothing;
  return html`<div id=${`more-${dialog.id}`} part="more" class="more">
    ${renderTarget(view, call)} ${renderKeypad(view, call)}
  </div>`;
}

/** The number field shared by consult call and single-step transfer; shown when either is allowed. */
function renderTarget(view: UserView, { dialog, own, busy }: CallView): Template {
  const { t, targets, targetProblems, onTargetInput, onTarget } = view;
  const consult = isAllowed(own, 'CONSULT_CALL');
  const transfer = isAllowed(own, 'TRANSFER_SST');
  if (!consult && !transfer) return nothing;
  const id = `target-${dialog.id}`;
  const problem = problemText(t, targetProblems[dialog.id]);
  return html`<div class="row target">
    <label for=${id}>${t.dialog.targetLabel}</label>
    <input
      id=${id}
      part="target-input"
      inputmode="tel"
      autocomplete="off"
      .value=${targets[dialog.id] ?? ''}
      ?disabled=${busy}
      aria-invalid=${problem ? 'true' : 'false'}
      aria-describedby=${problem ? `${id}-problem` : nothing}
      @input=${(event: InputEvent) =>
        onTargetInput(dialog.id, (event.target as HTMLInputElement).value)}
    />
    ${
      consult
        ? html`<button
            part="button consult-button"
            type="button"
            ?disabled=${busy}
            @click=${() => onTarget(dialog.id, 'CONSULT_CALL')}
          >
            ${t.dialog.consult}
          </button>`
        : nothing
    }
    ${
      transfer
        ? html`<button
            part="button transfer-button"
            type="button"
            ?disabled=${busy}
            @click=${() => onTarget(dialog.id, 'TRANSFER_SST')}
          >
            ${t.dialog.transfer}
          </button>`
        : nothing
    }
    ${
      problem
        ? html`<p id=${`${id}-problem`} part="problem" class="problem" role="alert">${problem}</p>`
        : nothing
    }
  </div>`;
}

/** The DTMF keypad (a 3×4 grid of keys), when Finesse allows SEND_DTMF. */
function renderKeypad(view: UserView, { dialog, own, party, busy }: CallView): Template {
  const { t, onDigit } = view;
  if (!isAllowed(own, 'SEND_DTMF')) return nothing;
  return html`<div
    part="keypad"
    class="keypad"
    role="group"
    aria-label=${t.dialog.keypadLabel(party)}
  >
    ${DTMF_KEYS.map(
      (key) =>
        html`<button
          part="button key"
          type="button"
          ?disabled=${busy}
          @click=${() => onDigit(dialog.id, key)}
        >
          ${key}
        </button>`,
    )}
  </div>`;
}

/**
 * The make-call field: labelled, `inputmode="tel"`, checked before anything is sent. Call is
 * disabled while a call is up (Finesse would refuse it; a consult is the way), with a hint.
 */
function renderMakeCall(view: UserView): TemplateResult {
  const { snapshot, user, t, dial, dialProblem, onDialInput, onDialSubmit, health } = view;
  const problem = problemText(t, dialProblem);
  const during = callUp(snapshot.dialogs);
  const disabled =
    snapshot.busy.has('make-call') ||
    user.state === 'LOGOUT' ||
    during ||
    health.kind === 'blocked';
  const described = [problem ? 'dial-problem' : '', during ? 'dial-hint' : ''].filter(Boolean);
  return html`<form part="make-call" class="row make-call" novalidate @submit=${onDialSubmit}>
    <label for="dial">${t.dialog.dialLabel}</label>
    <input
      id="dial"
      part="make-call-input"
      name="number"
      inputmode="tel"
      autocomplete="off"
      .value=${dial}
      aria-invalid=${problem ? 'true' : 'false'}
      aria-describedby=${described.length ? described.join(' ') : nothing}
      @input=${onDialInput}
    />
    <button part="button make-call-button" type="submit" ?disabled=${disabled}>
      ${t.dialog.call}
    </button>
    ${
      during
        ? html`<p id="dial-hint" part="hint" class="hint">${t.dialog.callDuringCall}</p>`
        : nothing
    }
    ${
      problem
        ? html`<p id="dial-problem" part="problem" class="problem" role="alert">${problem}</p>`
        : nothing
    }
  </form>`;
}
