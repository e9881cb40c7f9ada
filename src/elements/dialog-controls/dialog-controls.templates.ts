/**
 * The dialog-controls element's shadow root: the health line, the error, the list of calls and
 * the make-call form. One call's card is in dialog-call.templates.ts.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { renderError, renderHealth } from '../shared/agent-shared.templates.ts';
import { isDialogBusy, otherParty, ownParticipant } from './dialog-controls.logic.ts';
import type { DialogControlsView, UserView } from './dialog-controls.view.ts';
import { renderCall } from './dialog-call.templates.ts';
import { renderMakeCall } from './dialog-make-call.templates.ts';

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
