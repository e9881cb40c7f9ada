/**
 * One call's card: who, direction, state, live duration and call variables, then the buttons
 * for the actions Finesse allows now; consult, transfer and the keypad are in
 * dialog-more.templates.ts.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { parseTime, renderLiveTime } from '../shared/agent-shared.templates.ts';
import type { Template } from '../shared/agent-shared.templates.ts';
import { directionOf, isAllowed, isRinging } from './dialog-controls.logic.ts';
import type { CallView, SimpleAction, UserView } from './dialog-controls.view.ts';
import { moreButton, renderMore } from './dialog-more.templates.ts';

/**
 * One call. A ringing call leads with "Incoming call", the caller and the call variables (what
 * the agent needs to decide), then a large Answer. Only the actions Finesse lists for the
 * agent now are shown; consult, transfer and the keypad sit behind one "More actions" control.
 */
export function renderCall(view: UserView, call: CallView): TemplateResult {
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
