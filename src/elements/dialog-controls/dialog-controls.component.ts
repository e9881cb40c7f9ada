import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import { emit } from '../shared/events.ts';
import { FinesseAgentElement } from '../shared/agent-element.ts';
import { checkNumber, dialogChanges, isRinging, ownParticipant } from './dialog-controls.logic.ts';
import type { NumberCheck } from './dialog-controls.logic.ts';
import { styles } from './dialog-controls.styles.ts';
import { renderBase } from './dialog-controls.templates.ts';
import type { SimpleAction } from './dialog-controls.view.ts';

/** What a failed command leaves behind: nothing here, the model's `lastError` shows it. */
const ignore = (): void => undefined;

/** Focus is in a text field (of the page, or inside any shadow root). */
function typing(): boolean {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  if (!active) return false;
  if (active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement) return true;
  if (active instanceof HTMLInputElement)
    return !['button', 'submit', 'checkbox', 'radio'].includes(active.type);
  return (active as HTMLElement).isContentEditable === true;
}

/**
 * The agent's calls and the controls to handle them. Inside a `<finesse-sso-session>` it takes
 * the session through Lit context and the live model from `agentFor(session)`; a host may set
 * `agent` to its own `AgentApi` instead (that is also the gadget-mode seam: a model fed by the
 * Finesse container). Each call action is shown only while Finesse lists it in the agent's
 * participant's `actions`; the others are not shown. A ringing call leads with the caller and
 * the call variables and a large Answer, which takes the focus. Every button has a method doing the same for hosts that build their
 * own UI. Errors never throw out of the UI: they show inline, in words.
 *
 * @summary Calls with direction, party, state, live duration and call variables; make call, answer, hold, retrieve, drop, consult, transfer, conference, DTMF.
 *
 * @fires finesse-dialog-change - `{ dialogId, state }` when a call appears or changes state, and with `DROPPED` when it leaves the list.
 * @fires finesse-agent-error - `{ code, errorType, message }` when a request fails or Finesse reports an asynchronous error (`message` is the server's when it gave one).
 *
 * @csspart base - The wrapper of everything the element renders.
 * @csspart status - The quiet "Not signed in" line.
 * @csspart calls - The region holding the list of calls.
 * @csspart call - One call card (a labelled group); also `ringing` while it rings (accent border, a pulse unless reduced motion is asked for).
 * @csspart ringing-heading - "Incoming call", above a ringing call's caller.
 * @csspart direction - Incoming, outgoing or consult.
 * @csspart party - The other party's number.
 * @csspart badge - The call state (`data-state` holds the Finesse state).
 * @csspart duration - The live call duration.
 * @csspart variables - The call variables (a name/value list).
 * @csspart actions - The group of a call's action buttons.
 * @csspart button - Every button.
 * @csspart answer-button - Answer (large). Likewise `hold-button`, `retrieve-button`, `drop-button`, `conference-button`, `complete-transfer-button` (consulted transfer), `consult-button` and `transfer-button` (single step).
 * @csspart more-button - "More actions": the one control that opens a call's consult, transfer and keypad (shown when Finesse allows any of them).
 * @csspart more - What "More actions" opens.
 * @csspart target-input - A call's number field for consult and single-step transfer.
 * @csspart keypad - The DTMF keypad (a grid of `key` buttons).
 * @csspart key - One DTMF key.
 * @csspart make-call - The make-call form.
 * @csspart make-call-input - The number field of the make-call form.
 * @csspart make-call-button - The make-call button (disabled while a call is up).
 * @csspart hint - Why Call is disabled during a call, and where to call from instead.
 * @csspart health - The one line saying the controls are paused (signed out, signing in, Finesse not answering, sign-in ended) or stop soon.
 * @csspart stale - The note next to a call duration that may be out of date.
 * @csspart problem - Why a typed number cannot be sent.
 * @csspart error - The last request error, with the server's message.
 * @csspart dismiss-button - The error's dismiss button.
 *
 * @cssproperty [--finesse-dialog-controls-accent=#005eb8] - Button background and focus ring colour.
 * @cssproperty [--finesse-dialog-controls-accent-contrast=#fff] - Text colour on accent and danger buttons.
 * @cssproperty [--finesse-dialog-controls-danger=#b3261e] - Background of the end-call button.
 * @cssproperty [--finesse-dialog-controls-answer=#1a7f37] - Background of the Answer button.
 * @cssproperty [--finesse-dialog-controls-ringing=#a34700] - Border and heading colour of a ringing call.
 * @cssproperty [--finesse-dialog-controls-ringing-background=#fff1e0] - Background of a ringing call.
 * @cssproperty [--finesse-dialog-controls-disabled-color=#57606a] - Text and dashed outline of disabled buttons.
 * @cssproperty [--finesse-dialog-controls-text-color=#1f2328] - Text colour.
 * @cssproperty [--finesse-dialog-controls-background=transparent] - Background of the element and its fields.
 * @cssproperty [--finesse-dialog-controls-card-background=transparent] - Background of a call card.
 * @cssproperty [--finesse-dialog-controls-card-border=#8c959f] - Border colour of a call card.
 * @cssproperty [--finesse-dialog-controls-badge-background=#57606a] - Background of the call state badge.
 * @cssproperty [--finesse-dialog-controls-badge-color=#fff] - Text colour of the call state badge.
 * @cssproperty [--finesse-dialog-controls-error-color=#b3261e] - Colour of errors and problems.
 * @cssproperty [--finesse-dialog-controls-radius=4px] - Corner radius of cards, buttons and fields.
 * @cssproperty [--finesse-dialog-controls-font=inherit] - Font shorthand of the element.
 * @cssproperty [--finesse-dialog-controls-gap=0.5rem] - Space between rows and controls.
 */
export class FinesseDialogControls extends FinesseAgentElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    dial: { state: true, attribute: false },
    dialProblem: { state: true, attribute: false },
    targets: { state: true, attribute: false },
    targetProblems: { state: true, attribute: false },
    open: { state: true, attribute: false },
  };

  /** When each call was first seen (model clock): the duration's start if Finesse sends none. */
  private readonly firstSeen = new Map<string, number>();

  private dial = '';
  private dialProblem: NumberCheck | null = null;
  private targets: Record<string, string> = {};
  private targetProblems: Record<string, NumberCheck | undefined> = {};
  /** Calls whose "More actions" (consult, transfer, keypad) is open. */
  private open: ReadonlySet<string> = new Set();
  /** Calls seen ringing: focus moves to Answer once per ringing call, not at every render. */
  private readonly rang = new Set<string>();

  protected override willUpdate(): void {
    super.willUpdate();
    const model = this.model;
    const ids = new Set(model?.snapshot.dialogs.map((dialog) => dialog.id));
    for (const id of this.firstSeen.keys()) if (!ids.has(id)) this.firstSeen.delete(id);
    for (const id of ids) if (model && !this.firstSeen.has(id)) this.firstSeen.set(id, model.now());
  }

  protected override isTicking(): boolean {
    return (this.snapshot?.dialogs.length ?? 0) > 0;
  }

  protected override snapshotChanged(next: AgentSnapshot, previous: AgentSnapshot): void {
    super.snapshotChanged(next, previous);
    for (const change of dialogChanges(next.dialogs, previous.dialogs)) {
      emit(this, 'finesse-dialog-change', change);
    }
  }

  /** The agent's extension ('' when unknown): calling it is refused as a self call. */
  private ownExtension(): string {
    return this.snapshot?.user?.extension ?? '';
  }

  private readonly handleDialInput = (event: InputEvent): void => {
    this.dial = (event.target as HTMLInputElement).value;
    this.dialProblem = null;
  };

  private readonly handleDialSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const check = checkNumber(this.dial, this.ownExtension());
    this.dialProblem = check.ok ? null : check;
    if (!check.ok) return;
    this.makeCall(check.number)
      .then(() => {
        this.dial = '';
      })
      .catch(ignore);
  };

  private readonly handleAction = (dialogId: string, action: SimpleAction): void => {
    this.withModel((model) => model.dialogAction(dialogId, action)).catch(ignore);
  };

  private readonly handleTargetInput = (dialogId: string, value: string): void => {
    this.targets = { ...this.targets, [dialogId]: value };
    this.targetProblems = { ...this.targetProblems, [dialogId]: undefined };
  };

  private readonly handleTarget = (dialogId: string, action: 'CONSULT_CALL' | 'TRANSFER_SST') => {
    const check = checkNumber(this.targets[dialogId] ?? '', this.ownExtension());
    this.targetProblems = { ...this.targetProblems, [dialogId]: check.ok ? undefined : check };
    if (!check.ok) return;
    const sent =
      action === 'CONSULT_CALL'
        ? this.consult(dialogId, check.number)
        : this.transfer(dialogId, check.number);
    sent.then(() => this.handleTargetInput(dialogId, '')).catch(ignore);
  };

  private readonly handleMore = (dialogId: string): void => {
    const open = new Set(this.open);
    if (!open.delete(dialogId)) open.add(dialogId);
    this.open = open;
  };

  /**
   * Moves focus to Answer when a call starts ringing, so Enter or Space answers it; not while
   * the agent is typing in a field (a number, a note), where a keystroke would then answer.
   */
  private focusRinging(): void {
    const snapshot = this.snapshot;
    const extension = snapshot?.user?.extension ?? '';
    const ringing = (snapshot?.dialogs ?? []).filter((dialog) =>
      isRinging(dialog, ownParticipant(dialog, extension)),
    );
    for (const id of this.rang)
      if (!ringing.some((dialog) => dialog.id === id)) this.rang.delete(id);
    const fresh = ringing.find((dialog) => !this.rang.has(dialog.id));
    if (!fresh) return;
    this.rang.add(fresh.id);
    if (typing()) return;
    this.renderRoot
      .querySelector<HTMLButtonElement>(
        `[data-dialog="${CSS.escape(fresh.id)}"] [part~="answer-button"]`,
      )
      ?.focus();
  }

  private readonly handleDigit = (dialogId: string, digit: string): void => {
    this.sendDtmf(dialogId, digit).catch(ignore);
  };

  /** Places a call from the agent's extension (MAKE_CALL). */
  makeCall(number: string): Promise<void> {
    return this.withModel((model) => model.makeCall(number));
  }

  /** Answers a ringing call. */
  answer(dialogId: string): Promise<void> {
    return this.withModel((model) => model.dialogAction(dialogId, 'ANSWER'));
  }

  hold(dialogId: string): Promise<void> {
    return this.withModel((model) => model.dialogAction(dialogId, 'HOLD'));
  }

  retrieve(dialogId: string): Promise<void> {
    return this.withModel((model) => model.dialogAction(dialogId, 'RETRIEVE'));
  }

  /** Ends the agent's part in the call. */
  drop(dialogId: string): Promise<void> {
    return this.withModel((model) => model.dialogAction(dialogId, 'DROP'));
  }

  /** Puts the call on hold and calls `number` for a consult (CONSULT_CALL). */
  consult(dialogId: string, number: string): Promise<void> {
    return this.withModel((model) =>
      model.dialogAction(dialogId, 'CONSULT_CALL', { toAddress: number }),
    );
  }

  /**
   * With a number: a single-step transfer to it (TRANSFER_SST). Without: completes the
   * consulted transfer of this call (TRANSFER).
   */
  transfer(dialogId: string, number?: string): Promise<void> {
    return this.withModel((model) =>
      number === undefined
        ? model.dialogAction(dialogId, 'TRANSFER')
        : model.dialogAction(dialogId, 'TRANSFER_SST', { toAddress: number }),
    );
  }

  /** Joins the call and its consult into a conference (CONFERENCE). */
  conference(dialogId: string): Promise<void> {
    return this.withModel((model) => model.dialogAction(dialogId, 'CONFERENCE'));
  }

  /** Sends DTMF digits (`0`-`9`, `*`, `#`) on the call (SEND_DTMF). */
  sendDtmf(dialogId: string, digits: string): Promise<void> {
    return this.withModel((model) => model.dialogAction(dialogId, 'SEND_DTMF', { dtmf: digits }));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.focusRinging();
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
      firstSeen: this.firstSeen,
      dial: this.dial,
      dialProblem: this.dialProblem,
      targets: this.targets,
      targetProblems: this.targetProblems,
      open: this.open,
      onDialInput: this.handleDialInput,
      onDialSubmit: this.handleDialSubmit,
      onAction: this.handleAction,
      onTargetInput: this.handleTargetInput,
      onTarget: this.handleTarget,
      onMore: this.handleMore,
      onDigit: this.handleDigit,
      onDismiss: this.handleDismiss,
    });
  }
}
