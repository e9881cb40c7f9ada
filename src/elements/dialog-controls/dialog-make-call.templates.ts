/** The make-call form of `<finesse-dialog-controls>`, below the list of calls. */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { callUp } from './dialog-controls.logic.ts';
import { problemText } from './dialog-controls.view.ts';
import type { UserView } from './dialog-controls.view.ts';

/**
 * The make-call field: labelled, `inputmode="tel"`, checked before anything is sent. Call is
 * disabled while a call is up (Finesse would refuse it; a consult is the way), with a hint.
 */
export function renderMakeCall(view: UserView): TemplateResult {
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
