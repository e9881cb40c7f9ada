import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import type { Dialog, FinesseUser, Participant } from '../../core/finesse/models.ts';
import type { Messages } from '../../i18n/index.ts';
import { formatElapsed, parseTime, renderError } from '../agent-state/agent-shared.templates.ts';
import type { Template } from '../agent-state/agent-shared.templates.ts';
import {
  DTMF_KEYS,
  directionOf,
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
  /** When the element first saw each call (the duration's start when Finesse gives none). */
  firstSeen: ReadonlyMap<string, number>;
  dial: string;
  dialProblem: NumberCheck | null;
  /** Per call: the consult/transfer number typed, its problem, whether the keypad is open. */
  targets: Readonly<Record<string, string>>;
  targetProblems: Readonly<Record<string, NumberCheck | undefined>>;
  keypads: ReadonlySet<string>;
  onDialInput: (event: InputEvent) => void;
  onDialSubmit: (event: SubmitEvent) => void;
  onAction: (dialogId: string, action: SimpleAction) => void;
  onTargetInput: (dialogId: string, value: string) => void;
  onTarget: (dialogId: string, action: 'CONSULT_CALL' | 'TRANSFER_SST') => void;
  onKeypad: (dialogId: string) => void;
  onDigit: (dialogId: string, digit: string) => void;
  onDismiss: () => void;
}

type UserView = DialogControlsView & { snapshot: AgentSnapshot; user: FinesseUser };

/** Everything about one call that its template needs. */
interface CallView {
  dialog: Dialog;
  own: Participant | undefined;
  party: string;
  busy: boolean;
}

/** Everything inside the shadow root. */
export function renderBase(view: DialogControlsView): TemplateResult {
  const { snapshot, t } = view;
  const user = snapshot?.user ?? null;
  return html`<div part="base" class="base">
    ${renderError(snapshot?.lastError ?? null, t, view.onDismiss)}
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
    busy: isDialogBusy(snapshot, dialog.id),
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

function renderCall(view: UserView, call: CallView): TemplateResult {
  const { t, user, now, firstSeen } = view;
  const { dialog, own, party } = call;
  const state = own?.state || dialog.state;
  const stateLabel = (t.dialog.states as Record<string, string | undefined>)[state] ?? state;
  const start = parseTime(own?.startTime ?? '') ?? firstSeen.get(dialog.id) ?? null;
  const variables = Object.entries(dialog.callVariables).filter(([, value]) => value !== '');
  return html`<div part="call" class="call" role="group" aria-label=${t.dialog.callWith(party)}>
    <p class="row">
      <span part="direction" class="direction"
        >${t.dialog.direction[directionOf(dialog, user.extension)]}</span
      >
      <span part="party" class="party">${party}</span>
      <span part="badge" class="badge" data-state=${state}>${stateLabel}</span>
      ${
        start === null
          ? nothing
          : html`<span class="visually-hidden">${t.dialog.durationLabel}</span>
              <span part="duration" class="duration" role="timer"
                >${formatElapsed(now - start)}</span
              >`
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
      ${actionButton(view, call, 'HOLD', 'hold-button', t.dialog.hold)}
      ${actionButton(view, call, 'RETRIEVE', 'retrieve-button', t.dialog.retrieve)}
      ${actionButton(view, call, 'CONFERENCE', 'conference-button', t.dialog.conference)}
      ${actionButton(view, call, 'TRANSFER', 'complete-transfer-button', t.dialog.completeTransfer)}
      ${actionButton(view, call, 'DROP', 'drop-button', t.dialog.drop)}
    </div>
    ${renderTarget(view, call)} ${renderKeypad(view, call)}
  </div>`;
}

/** A button enabled only when the server lists its action for the agent's participant. */
function actionButton(
  view: UserView,
  { dialog, own, busy }: CallView,
  action: SimpleAction,
  name: string,
  label: string,
): TemplateResult {
  return html`<button
    part=${`button ${name}`}
    class=${action === 'DROP' ? 'danger' : ''}
    type="button"
    ?disabled=${busy || !isAllowed(own, action)}
    @click=${() => view.onAction(dialog.id, action)}
  >
    ${label}
  </button>`;
}

/** The number field shared by consult call and single-step transfer. */
function renderTarget(view: UserView, { dialog, own, busy }: CallView): TemplateResult {
  const { t, targets, targetProblems, onTargetInput, onTarget } = view;
  const consult = !busy && isAllowed(own, 'CONSULT_CALL');
  const transfer = !busy && isAllowed(own, 'TRANSFER_SST');
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
      ?disabled=${!consult && !transfer}
      aria-invalid=${problem ? 'true' : 'false'}
      aria-describedby=${problem ? `${id}-problem` : nothing}
      @input=${(event: InputEvent) =>
        onTargetInput(dialog.id, (event.target as HTMLInputElement).value)}
    />
    <button
      part="button consult-button"
      type="button"
      ?disabled=${!consult}
      @click=${() => onTarget(dialog.id, 'CONSULT_CALL')}
    >
      ${t.dialog.consult}
    </button>
    <button
      part="button transfer-button"
      type="button"
      ?disabled=${!transfer}
      @click=${() => onTarget(dialog.id, 'TRANSFER_SST')}
    >
      ${t.dialog.transfer}
    </button>
    ${
      problem
        ? html`<p id=${`${id}-problem`} part="problem" class="problem" role="alert">${problem}</p>`
        : nothing
    }
  </div>`;
}

/** The DTMF keypad: a toggle enabled only with SEND_DTMF, and a 3×4 grid of keys. */
function renderKeypad(view: UserView, { dialog, own, party, busy }: CallView): Template {
  const { t, keypads, onKeypad, onDigit } = view;
  const allowed = isAllowed(own, 'SEND_DTMF');
  const open = allowed && keypads.has(dialog.id);
  const id = `keypad-${dialog.id}`;
  return html`<button
      part="button keypad-button"
      class="secondary"
      type="button"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${open ? id : nothing}
      ?disabled=${!allowed}
      @click=${() => onKeypad(dialog.id)}
    >
      ${t.dialog.keypad}
    </button>
    ${
      open
        ? html`<div
            id=${id}
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
          </div>`
        : nothing
    }`;
}

/** The make-call field: labelled, `inputmode="tel"`, checked before anything is sent. */
function renderMakeCall(view: UserView): TemplateResult {
  const { snapshot, user, t, dial, dialProblem, onDialInput, onDialSubmit } = view;
  const problem = problemText(t, dialProblem);
  const disabled = snapshot.busy.has('make-call') || user.state === 'LOGOUT';
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
      aria-describedby=${problem ? 'dial-problem' : nothing}
      @input=${onDialInput}
    />
    <button part="button make-call-button" type="submit" ?disabled=${disabled}>
      ${t.dialog.call}
    </button>
    ${
      problem
        ? html`<p id="dial-problem" part="problem" class="problem" role="alert">${problem}</p>`
        : nothing
    }
  </form>`;
}
