import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { TemplateResult } from 'lit';
import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import type { FinesseUser, ReasonCategory } from '../../core/finesse/models.ts';
import type { FinesseError } from '../../core/kernel/errors.ts';
import type { Lang, Messages } from '../../i18n/index.ts';
import {
  elapsedSince,
  renderError,
  renderHealth,
  renderLiveTime,
  renderPollingWarning,
} from '../shared/agent-shared.templates.ts';
import type { SessionHealth } from '../shared/session-health.ts';
import type { Template } from '../shared/agent-shared.templates.ts';
import {
  IN_CALL,
  canLogout,
  canNotReady,
  canReady,
  hasReasonMenu,
  reasonLabel,
  stateBusy,
} from './agent-state.logic.ts';

/** What the templates read; computed by the element before each render. */
export interface AgentStateView {
  snapshot: AgentSnapshot | null;
  /** The model's clock (epoch ms) at this render. */
  now: number;
  t: Messages;
  lang: Lang;
  /** What the session lets the controls do (blocked: every control disabled, times marked). */
  health: SessionHealth;
  /** The model's error when this element is the one place it shows (else null). */
  error: FinesseError | null;
  /** The reason chosen in each menu ('' for none yet). */
  reasons: Record<ReasonCategory, string>;
  /** The extension field's text (prefilled with the user's extension). */
  loginExtension: string;
  loginProblem: 'missing' | 'invalid' | null;
  onReady: () => void;
  onNotReady: () => void;
  onLogout: () => void;
  onReason: (event: Event) => void;
  onLoginInput: (event: InputEvent) => void;
  onLoginSubmit: (event: SubmitEvent) => void;
  onDismiss: () => void;
}

type UserView = AgentStateView & { snapshot: AgentSnapshot; user: FinesseUser };

/** Everything inside the shadow root. */
export function renderBase(view: AgentStateView): TemplateResult {
  const { snapshot, t, health } = view;
  const user = snapshot?.user ?? null;
  return html`<div part="base" class="base">
    ${user ? renderHealth(health, t, view.lang) : nothing} ${renderPollingWarning(snapshot, t)}
    ${renderError(view.error, t, view.onDismiss)}
    ${
      snapshot && user
        ? renderAgent({ ...view, snapshot, user })
        : html`<p part="status" class="quiet">${t.agent.notSignedIn}</p>`
    }
  </div>`;
}

/** A state's label; the raw value for a state this version does not know. */
function stateLabel(t: Messages, state: string): string {
  return (t.agent.states as Record<string, string | undefined>)[state] ?? state;
}

function renderAgent(view: UserView): TemplateResult {
  const { snapshot, user, t, now } = view;
  const name = `${user.firstName} ${user.lastName}`.trim() || user.loginName || user.loginId;
  const elapsed = elapsedSince(user.stateChangeTime, now);
  const reason = reasonLabel(snapshot, user);
  return html`
    <p part="agent" class="agent">
      <span part="name" class="name">${name}</span>
      ${
        user.extension
          ? html`<span part="extension" class="extension"
              >${t.agent.extension(user.extension)}</span
            >`
          : nothing
      }
    </p>
    <p part="status" class="row">
      <span part="badge" class="badge" data-state=${user.state}>${stateLabel(t, user.state)}</span>
      ${
        elapsed === null
          ? nothing
          : html`<span class="visually-hidden">${t.agent.timeInStateLabel}</span>
              ${renderLiveTime(elapsed, isStale(view), t, 'time')}`
      }
      ${reason ? html`<span part="reason" class="reason">${reason}</span>` : nothing}
    </p>
    ${
      user.pendingState
        ? html`<p part="pending" class="pending">
            ${t.agent.pending(stateLabel(t, user.pendingState))}
          </p>`
        : nothing
    }
    ${user.state === 'LOGOUT' ? renderLogin(view) : renderActions(view)}
    ${stateBusy(snapshot) ? html`<p class="quiet" role="status">${t.agent.sending}</p>` : nothing}
  `;
}

/** The time in state may be out of date: no live updates, or the session cannot act. */
function isStale({ snapshot, health }: UserView): boolean {
  return health.kind === 'blocked' || snapshot.notifications !== 'live';
}

/** Requests in flight, or a session that cannot act: either way the controls wait. */
function paused({ snapshot, health }: UserView): boolean {
  return stateBusy(snapshot) || health.kind === 'blocked';
}

function renderActions(view: UserView): TemplateResult {
  const { snapshot, user, t, reasons, onReady, onNotReady, onLogout } = view;
  const busy = paused(view);
  return html`<div part="actions" class="actions" role="group" aria-label=${t.agent.actionsLabel}>
      <button
        part="button ready-button"
        type="button"
        ?disabled=${!canReady(user, busy)}
        @click=${onReady}
      >
        ${t.agent.ready}
      </button>
      <div class="choice">
        ${renderReasonMenu(view, 'NOT_READY')}
        <button
          part="button not-ready-button"
          type="button"
          ?disabled=${!canNotReady(snapshot, user, reasons.NOT_READY, busy)}
          @click=${onNotReady}
        >
          ${t.agent.notReady}
        </button>
      </div>
      <div class="choice">
        ${renderReasonMenu(view, 'LOGOUT')}
        <button
          part="button logout-button"
          class="secondary"
          type="button"
          ?disabled=${!canLogout(snapshot, user, reasons.LOGOUT, busy)}
          @click=${onLogout}
        >
          ${t.agent.logout}
        </button>
      </div>
    </div>
    ${IN_CALL.has(user.state) ? html`<p part="note" class="quiet">${t.agent.inCallNote}</p>` : nothing}`;
}

/**
 * The reason menu of a category. A required reason starts on a "Choose a reason…" option
 * that cannot be sent (the confirm button stays disabled); otherwise "No reason" is valid.
 * `?selected` places the first render; `.value` (live) resets it later, because Firefox, as
 * the HTML standard says, stops following `selected` once the agent picked an option.
 */
function renderReasonMenu(view: UserView, category: ReasonCategory): Template {
  const { snapshot, t, reasons, onReason } = view;
  if (!hasReasonMenu(snapshot, category)) return nothing;
  const required = snapshot.reasonRequired[category];
  const id = category === 'NOT_READY' ? 'not-ready-reason' : 'logout-reason';
  const chosen = reasons[category];
  return html`<label for=${id}>
      ${category === 'NOT_READY' ? t.agent.notReadyReasonLabel : t.agent.logoutReasonLabel}
    </label>
    <select
      id=${id}
      part=${`reason-select ${id}-select`}
      data-category=${category}
      ?required=${required}
      ?disabled=${paused(view)}
      .value=${live(chosen)}
      @change=${onReason}
    >
      <option value="" ?selected=${chosen === ''}>
        ${required ? t.agent.chooseReason : t.agent.noReason}
      </option>
      ${snapshot.reasonCodes[category].map(
        (code) =>
          html`<option value=${code.id} ?selected=${chosen === code.id}>${code.label}</option>`,
      )}
    </select>`;
}

/** Phone login: the extension field, prefilled with the user's, and the LOGIN button. */
function renderLogin(view: UserView): TemplateResult {
  const { t, loginExtension, loginProblem, onLoginInput, onLoginSubmit } = view;
  const problem =
    loginProblem === 'missing'
      ? t.agent.extensionMissing
      : loginProblem === 'invalid'
        ? t.agent.extensionInvalid
        : '';
  return html`<form part="login" class="actions" @submit=${onLoginSubmit} novalidate>
    <label for="login-extension">${t.agent.extensionLabel}</label>
    <input
      id="login-extension"
      part="extension-input"
      name="extension"
      inputmode="numeric"
      autocomplete="off"
      .value=${loginExtension}
      aria-invalid=${problem ? 'true' : 'false'}
      aria-describedby=${problem ? 'login-problem' : nothing}
      @input=${onLoginInput}
    />
    <button part="button login-button" type="submit" ?disabled=${paused(view)}>
      ${t.agent.login}
    </button>
    ${
      problem
        ? html`<p id="login-problem" part="problem" class="problem" role="alert">${problem}</p>`
        : nothing
    }
  </form>`;
}
