import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import type { Dialog, DialogAction, Participant } from '../../core/finesse/models.ts';
import type { NumberProblem } from '../../i18n/messages.ts';
import type { DialogChangeDetail } from '../shared/events.ts';

/** How a call reads to the agent. */
export type Direction = 'incoming' | 'outgoing' | 'consult';

/** A typed number, checked: the number to send, or why it cannot be sent. */
export type NumberCheck =
  { ok: true; number: string } | { ok: false; problem: NumberProblem; typed: string };

/** The DTMF keys, in keypad order. */
export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The agent's own participant: the one whose mediaAddress is the agent's extension. */
export function ownParticipant(dialog: Dialog, extension: string): Participant | undefined {
  return extension
    ? dialog.participants.find((participant) => participant.mediaAddress === extension)
    : undefined;
}

/** Whether the server lists `action` for the agent's participant right now. */
export function isAllowed(participant: Participant | undefined, action: DialogAction): boolean {
  return participant?.actions.includes(action) ?? false;
}

/** A call that rings for the agent now (Finesse: the agent's participant, else the dialog, ALERTING). */
export function isRinging(dialog: Dialog, own: Participant | undefined): boolean {
  return (own?.state || dialog.state) === 'ALERTING';
}

/** States after which a call no longer occupies the agent's line. */
const OVER: ReadonlySet<string> = new Set(['DROPPED', 'FAILED', 'WRAP_UP']);

/** A call is up (ringing, dialing, connected, held): Finesse refuses a second MAKE_CALL then. */
export function callUp(dialogs: readonly Dialog[]): boolean {
  return dialogs.some((dialog) => !OVER.has(dialog.state));
}

/** Consult from the call type; outgoing when the agent placed it; incoming otherwise. */
export function directionOf(dialog: Dialog, extension: string): Direction {
  if (dialog.callType.toUpperCase().includes('CONSULT')) return 'consult';
  if ((extension && dialog.fromAddress === extension) || dialog.callType === 'OUT') {
    return 'outgoing';
  }
  return 'incoming';
}

/**
 * Who the agent talks to: every other participant in a conference, else the address at the
 * other end (the called number when the agent placed the call, the caller otherwise).
 */
export function otherParty(dialog: Dialog, extension: string): string {
  const others = dialog.participants
    .map((participant) => participant.mediaAddress)
    .filter((address) => address && address !== extension);
  if (others.length > 1) return others.join(', ');
  const fromMe = extension !== '' && dialog.fromAddress === extension;
  return (fromMe ? dialog.toAddress : dialog.fromAddress) || others[0] || '?';
}

/**
 * Checks a number typed by the agent before anything is sent: not empty, digits with `*`,
 * `#` and a leading `+` only (spaces, dashes, dots and brackets are dropped as separators),
 * and not the agent's own extension.
 */
export function checkNumber(typed: string, ownExtension: string): NumberCheck {
  const trimmed = typed.trim();
  if (trimmed === '') return { ok: false, problem: 'empty-number', typed: trimmed };
  const number = trimmed.replace(/[\s\-.()]/g, '');
  if (!/^\+?[0-9*#]+$/.test(number))
    return { ok: false, problem: 'invalid-number', typed: trimmed };
  if (ownExtension !== '' && number === ownExtension) {
    return { ok: false, problem: 'self-call', typed: trimmed };
  }
  return { ok: true, number };
}

/** A request for this call is in flight (the model's busy labels are `<dialogId>:<action>`). */
export function isDialogBusy(snapshot: AgentSnapshot, dialogId: string): boolean {
  const prefix = `${dialogId}:`;
  for (const label of snapshot.busy) if (label.startsWith(prefix)) return true;
  return false;
}

/** The calls that appeared or changed state, and those that left the list (as DROPPED). */
export function dialogChanges(next: Dialog[], previous: Dialog[]): DialogChangeDetail[] {
  const before = new Map(previous.map((dialog) => [dialog.id, dialog]));
  const changes: DialogChangeDetail[] = [];
  for (const dialog of next) {
    if (before.get(dialog.id)?.state !== dialog.state) {
      changes.push({ dialogId: dialog.id, state: dialog.state });
    }
    before.delete(dialog.id);
  }
  for (const gone of before.values()) {
    if (gone.state !== 'DROPPED') changes.push({ dialogId: gone.id, state: 'DROPPED' });
  }
  return changes;
}
