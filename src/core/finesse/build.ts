/**
 * Request bodies for Finesse commands (FINESSE.md §4), built from escaped text only: whatever
 * the agent typed ends up as character data, never as markup. Plus the input checks the agent
 * model runs before it sends anything.
 */
import { element } from './xml-body.ts';
import type { InputProblem } from './agent-api.ts';

export { userStateBody, xmlText } from './xml-body.ts';
export type { RequestedState } from './xml-body.ts';

/** `POST /finesse/api/User/<id>/Dialogs`: MAKE_CALL from the agent's extension. */
export function makeCallBody(from: string, to: string): string {
  return `<Dialog>${element('requestedAction', 'MAKE_CALL')}${element('fromAddress', from)}${element('toAddress', to)}</Dialog>`;
}

/**
 * `PUT /finesse/api/Dialog/<id>`: an action for the agent's participant (`targetMediaAddress`);
 * CONSULT_CALL and TRANSFER_SST add `toAddress`, SEND_DTMF adds the `dtmfString` parameter.
 */
export function dialogActionBody(request: {
  action: string;
  targetMediaAddress: string;
  toAddress?: string;
  dtmf?: string;
}): string {
  let body = element('requestedAction', request.action);
  body += element('targetMediaAddress', request.targetMediaAddress);
  if (request.toAddress !== undefined) body += element('toAddress', request.toAddress);
  if (request.dtmf !== undefined) {
    body += `<actionParams><ActionParam>${element('name', 'dtmfString')}${element('value', request.dtmf)}</ActionParam></actionParams>`;
  }
  return `<Dialog>${body}</Dialog>`;
}

/** Longest number or DTMF string accepted (longer than any E.164 number with a prefix). */
export const MAX_DIAL_LENGTH = 32;

/** A number as the agent may type it, with spaces and dashes removed: `555-1234` → `5551234`. */
export function normalizeDialNumber(number: string): string {
  return String(number ?? '').replace(/[\s-]+/g, '');
}

/**
 * Why a number cannot be dialled, or null when it can: digits, `*` and `#`, optionally one
 * leading `+`, at most 32 characters after spaces and dashes are removed, and not the
 * agent's own extension.
 */
export function checkDialNumber(
  number: string,
  ownExtension: string,
): Extract<InputProblem, 'empty-number' | 'invalid-number' | 'self-call'> | null {
  const dialled = normalizeDialNumber(number);
  if (dialled === '') return 'empty-number';
  if (dialled.length > MAX_DIAL_LENGTH || !/^\+?[0-9*#]+$/.test(dialled)) return 'invalid-number';
  if (ownExtension && dialled === normalizeDialNumber(ownExtension)) return 'self-call';
  return null;
}

/** Why DTMF digits cannot be sent, or null: 1 to 32 of `0-9`, `*` and `#`. */
export function checkDtmf(digits: string): Extract<InputProblem, 'invalid-dtmf'> | null {
  const value = String(digits ?? '');
  return value.length > 0 && value.length <= MAX_DIAL_LENGTH && /^[0-9*#]+$/.test(value)
    ? null
    : 'invalid-dtmf';
}

/** A command body ready to send, or the input problem that keeps it from being sent. */
export type Prepared = { problem: InputProblem } | { body: string };

/**
 * The body of a dialog action for the agent's participant, after the input checks:
 * CONSULT_CALL and TRANSFER_SST need a dialable number other than `extension`, SEND_DTMF
 * valid digits. With `extension` '' only the checks that need no agent run.
 */
export function prepareDialogAction(
  action: string,
  params: { toAddress?: string; dtmf?: string },
  extension: string,
): Prepared {
  const dials = action === 'CONSULT_CALL' || action === 'TRANSFER_SST';
  const dtmf = action === 'SEND_DTMF';
  const problem = dials
    ? checkDialNumber(params.toAddress ?? '', extension)
    : dtmf
      ? checkDtmf(params.dtmf ?? '')
      : null;
  if (problem) return { problem };
  const body = dialogActionBody({
    action,
    targetMediaAddress: extension,
    toAddress: dials ? normalizeDialNumber(params.toAddress ?? '') : undefined,
    dtmf: dtmf ? params.dtmf : undefined,
  });
  return { body };
}
