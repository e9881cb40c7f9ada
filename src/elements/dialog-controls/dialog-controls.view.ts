/**
 * What the dialog-controls templates read (the element computes it before each render, the
 * templates only render it and call back), and the text of a number problem they share.
 */
import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import type { Dialog, FinesseUser, Participant } from '../../core/finesse/models.ts';
import type { FinesseError } from '../../core/kernel/errors.ts';
import type { Lang, Messages } from '../../i18n/index.ts';
import type { SessionHealth } from '../shared/session-health.ts';
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

/** The view once the agent is known (what the call templates get). */
export type UserView = DialogControlsView & { snapshot: AgentSnapshot; user: FinesseUser };

/** Everything about one call that its template needs. */
export interface CallView {
  dialog: Dialog;
  own: Participant | undefined;
  party: string;
  /** A request for it is in flight, or the session cannot act: its buttons wait. */
  busy: boolean;
}

/** The text of a number problem; text bindings keep a typed `<x>` as text. */
export function problemText(t: Messages, check: NumberCheck | null | undefined): string {
  if (!check || check.ok) return '';
  return check.problem === 'invalid-number'
    ? t.dialog.problems['invalid-number'](check.typed)
    : t.dialog.problems[check.problem];
}
