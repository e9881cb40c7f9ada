import type { PropertyDeclarations, TemplateResult } from 'lit';
import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import type { ReasonCategory } from '../../core/finesse/models.ts';
import { emit } from '../shared/events.ts';
import { FinesseAgentElement } from '../shared/agent-element.ts';
import { parseTime } from '../shared/agent-shared.templates.ts';
import { extensionProblem } from './agent-state.logic.ts';
import { styles } from './agent-state.styles.ts';
import { renderBase } from './agent-state.templates.ts';

/** What a failed command leaves behind: nothing here, the model's `lastError` shows it. */
const ignore = (): void => undefined;

/**
 * The agent's state in Finesse and the controls to change it. Inside a `<finesse-sso-session>`
 * it takes the session through Lit context and the live model from `agentFor(session)`; a
 * host may set `agent` to its own `AgentApi` instead (that is also the gadget-mode seam: a
 * model fed by the Finesse container). Every button has a method doing the same for hosts
 * that build their own UI. Errors never throw out of the UI: they show inline, in words.
 *
 * @summary Agent name, extension, state badge with live time in state, and READY / NOT_READY / LOGOUT / phone LOGIN.
 *
 * @fires finesse-agent-state-change - `{ state, previous }` when the agent's state changes (an update from Finesse, in every tab), not for the first reading.
 * @fires finesse-agent-error - `{ code, errorType, message }` when a request fails or Finesse reports an asynchronous error (`message` is the server's when it gave one).
 *
 * @csspart base - The wrapper of everything the element renders.
 * @csspart status - The state row (badge, time, reason); also the quiet "Not signed in" line.
 * @csspart agent - The agent's name and extension.
 * @csspart name - The agent's name.
 * @csspart extension - The agent's extension.
 * @csspart badge - The state badge (text and colour; `data-state` holds the Finesse state).
 * @csspart time - The live time in state (also `stale`-classed while it may be out of date).
 * @csspart stale - The note next to a live time that may be out of date (no live updates, or the session paused).
 * @csspart health - The one line saying the controls are paused (signed out, signing in, Finesse not answering, sign-in ended) or stop soon (sign in again within m:ss).
 * @csspart reason - The NOT_READY reason label.
 * @csspart pending - The state Finesse applies when the call ends.
 * @csspart note - The note that, during a call, NOT_READY and LOGOUT wait for the call to end.
 * @csspart actions - The group of state buttons and reason menus.
 * @csspart button - Every button.
 * @csspart ready-button - The READY button.
 * @csspart not-ready-button - The NOT_READY button (confirms the reason chosen).
 * @csspart logout-button - The LOGOUT button (confirms the reason chosen).
 * @csspart reason-select - Both reason menus (`not-ready-reason-select`, `logout-reason-select` each).
 * @csspart login - The phone login form (shown while the agent is LOGOUT).
 * @csspart extension-input - The extension field of the login form.
 * @csspart login-button - The phone LOGIN button.
 * @csspart problem - Why the typed extension cannot be sent.
 * @csspart error - The last request error, with the server's message.
 * @csspart dismiss-button - The error's dismiss button.
 * @csspart warning - The warning that updates come by polling (Finesse may sign the phone out).
 *
 * @cssproperty [--finesse-agent-state-accent=#005eb8] - Button background and focus ring colour.
 * @cssproperty [--finesse-agent-state-accent-contrast=#fff] - Text colour on accent buttons.
 * @cssproperty [--finesse-agent-state-text-color=#1f2328] - Text colour.
 * @cssproperty [--finesse-agent-state-background=transparent] - Background of the element and its fields.
 * @cssproperty [--finesse-agent-state-error-color=#b3261e] - Colour of errors and problems.
 * @cssproperty [--finesse-agent-state-warning-background=#fff4ce] - Background of the polling warning.
 * @cssproperty [--finesse-agent-state-warning-color=#4d3800] - Text and border colour of the polling warning.
 * @cssproperty [--finesse-agent-state-badge-color=#fff] - Text colour of the state badge.
 * @cssproperty [--finesse-agent-state-ready=#1a7f37] - Badge colour for READY.
 * @cssproperty [--finesse-agent-state-not-ready=#b3261e] - Badge colour for NOT_READY.
 * @cssproperty [--finesse-agent-state-talking=#005eb8] - Badge colour for TALKING, HOLD and RESERVED*.
 * @cssproperty [--finesse-agent-state-work=#8a4600] - Badge colour for WORK and WORK_READY.
 * @cssproperty [--finesse-agent-state-logout=#57606a] - Badge colour for LOGOUT and UNKNOWN.
 * @cssproperty [--finesse-agent-state-radius=4px] - Corner radius of badge, buttons and fields.
 * @cssproperty [--finesse-agent-state-font=inherit] - Font shorthand of the element.
 * @cssproperty [--finesse-agent-state-gap=0.5rem] - Space between rows and controls.
 */
export class FinesseAgentState extends FinesseAgentElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    reasons: { state: true, attribute: false },
    loginExtension: { state: true, attribute: false },
    loginProblem: { state: true, attribute: false },
  };

  /** The reason chosen in each menu; '' while none is. */
  private reasons: Record<ReasonCategory, string> = { NOT_READY: '', LOGOUT: '' };
  /** The extension typed for phone login; null while untouched (the user's own is shown). */
  private loginExtension: string | null = null;
  private loginProblem: 'missing' | 'invalid' | null = null;

  protected override isTicking(): boolean {
    const user = this.snapshot?.user;
    return user !== null && user !== undefined && parseTime(user.stateChangeTime) !== null;
  }

  protected override snapshotChanged(next: AgentSnapshot, previous: AgentSnapshot): void {
    super.snapshotChanged(next, previous);
    const state = next.user?.state;
    const before = previous.user?.state;
    if (state && before && state !== before) {
      emit(this, 'finesse-agent-state-change', { state, previous: before });
    }
  }

  /** Sends a state change from the UI, then forgets the reason chosen for it. */
  private change(category: ReasonCategory): void {
    const reason = this.reasons[category];
    this.setState(category, reason || undefined)
      .then(() => {
        this.reasons = { ...this.reasons, [category]: '' };
      })
      .catch(ignore);
  }

  private readonly handleReady = (): void => {
    this.setState('READY').catch(ignore);
  };

  private readonly handleNotReady = (): void => {
    this.change('NOT_READY');
  };

  private readonly handleLogout = (): void => {
    this.change('LOGOUT');
  };

  private readonly handleReason = (event: Event): void => {
    const select = event.target as HTMLSelectElement;
    const category = select.dataset['category'] as ReasonCategory;
    this.reasons = { ...this.reasons, [category]: select.value };
  };

  private readonly handleLoginInput = (event: InputEvent): void => {
    this.loginExtension = (event.target as HTMLInputElement).value;
    this.loginProblem = null;
  };

  private readonly handleLoginSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const extension = (this.loginExtension ?? this.snapshot?.user?.extension ?? '').trim();
    this.loginProblem = extensionProblem(extension);
    if (this.loginProblem === null) this.loginPhone(extension).catch(ignore);
  };

  /**
   * Asks Finesse for READY, NOT_READY or LOGOUT (with a reason code id, the last segment of the
   * reason's URI). Resolves when Finesse accepted the request; the new state arrives as an update.
   */
  setState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string): Promise<void> {
    return this.withModel((model) => model.setState(state, reasonCodeId));
  }

  /** Signs the agent in to the phone at this extension (Finesse LOGIN). */
  loginPhone(extension: string): Promise<void> {
    return this.withModel((model) => model.loginPhone(extension));
  }

  override render(): TemplateResult {
    const model = this.model;
    return renderBase({
      snapshot: model?.snapshot ?? null,
      now: model?.now() ?? 0,
      t: this.strings,
      lang: this.uiLang,
      health: this.health(),
      error: this.shownError(),
      reasons: this.reasons,
      loginExtension: this.loginExtension ?? model?.snapshot.user?.extension ?? '',
      loginProblem: this.loginProblem,
      onReady: this.handleReady,
      onNotReady: this.handleNotReady,
      onLogout: this.handleLogout,
      onReason: this.handleReason,
      onLoginInput: this.handleLoginInput,
      onLoginSubmit: this.handleLoginSubmit,
      onDismiss: this.handleDismiss,
    });
  }
}
