/**
 * Pure list operations for the agent's calls: how Dialog and dialogs updates change the list.
 * A call is gone when the agent's own participant (found by extension) is DROPPED or FAILED;
 * without such a participant, the dialog's own state decides.
 */
import type { Dialog, Participant } from './models.ts';

const GONE: ReadonlySet<string> = new Set(['DROPPED', 'FAILED']);

/** The agent's participant in a call: the one whose mediaAddress is the agent's extension. */
export function agentParticipant(dialog: Dialog, extension: string): Participant | undefined {
  if (!extension) return undefined;
  return dialog.participants.find((p) => p.mediaAddress === extension);
}

/** True when the call is over for the agent and should leave the list. */
export function isGone(dialog: Dialog, extension: string): boolean {
  return GONE.has(agentParticipant(dialog, extension)?.state ?? dialog.state);
}

/** The calls the agent should see, in the given order. */
export function visibleDialogs(dialogs: readonly Dialog[], extension: string): Dialog[] {
  return dialogs.filter((d) => !isGone(d, extension));
}

/** A `<Dialog>` update: DELETE removes; POST/PUT insert or replace in place (arrival order). */
export function applyDialog(
  list: readonly Dialog[],
  event: string,
  dialog: Dialog,
  extension: string,
): Dialog[] {
  if (event === 'DELETE' || isGone(dialog, extension))
    return list.filter((d) => d.id !== dialog.id);
  const index = list.findIndex((d) => d.id === dialog.id);
  if (index < 0) return [...list, dialog];
  const next = [...list];
  next[index] = dialog;
  return next;
}

/**
 * A `<dialogs>` update. PUT (and any other event) carries the whole list: it replaces ours.
 * POST is read as "these were added" and DELETE as "these were removed", so that an update
 * carrying only the new or ended call never wipes the agent's other calls.
 */
export function applyDialogs(
  list: readonly Dialog[],
  event: string,
  dialogs: readonly Dialog[],
  extension: string,
): Dialog[] {
  if (event === 'DELETE') {
    const ids = new Set(dialogs.map((d) => d.id));
    return list.filter((d) => !ids.has(d.id));
  }
  if (event === 'POST') {
    return dialogs.reduce<Dialog[]>((acc, d) => applyDialog(acc, 'POST', d, extension), [...list]);
  }
  return visibleDialogs(dialogs, extension);
}
