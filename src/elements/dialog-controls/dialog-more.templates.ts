/**
 * "More actions" of a call: the one button that opens them, and what it opens (the number
 * field shared by consult and single-step transfer, and the DTMF keypad).
 */
import { html, nothing } from 'lit';
import type { Participant } from '../../core/finesse/models.ts';
import type { Template } from '../shared/agent-shared.templates.ts';
import { DTMF_KEYS, isAllowed } from './dialog-controls.logic.ts';
import { problemText } from './dialog-controls.view.ts';
import type { CallView, UserView } from './dialog-controls.view.ts';

/** Whether any of the actions behind "More actions" is allowed now. */
function hasMore(own: Participant | undefined): boolean {
  return (['CONSULT_CALL', 'TRANSFER_SST', 'SEND_DTMF'] as const).some((a) => isAllowed(own, a));
}

/** The one control that opens consult, transfer and the keypad (a disclosure). */
export function moreButton(view: UserView, { dialog, own }: CallView): Template {
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
export function renderMore(view: UserView, call: CallView): Template {
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
