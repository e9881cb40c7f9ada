/**
 * The agent's live model (AgentApi), top layer: the commands (state, phone login, calls,
 * dialog actions). The state and runs live in `agent-run.ts`, reload, notifications and
 * recovery in `agent-sync.ts`.
 */
import { FinesseError } from '../kernel/errors.ts';
import type { AgentApi, DialogActionParams, InputProblem } from './agent-api.ts';
import { asFinesseError, inputError, saysParameterMissing } from './agent-snapshot.ts';
import { AgentSync } from './agent-sync.ts';
import {
  checkDialNumber,
  normalizeDialNumber,
  prepareDialogAction,
  userStateBody,
} from './build.ts';
import type { DialogAction, FinesseUser, ReasonCategory } from './models.ts';
import type { CommandResult } from './rest-transport.ts';

export type { AgentModelOptions, AgentNotificationInfo } from './agent-options.ts';

/** Request ids remembered to match async apiErrors; older ones are forgotten. */
const REMEMBERED_REQUESTS = 50;

/**
 * The agent's live model (AgentApi): loads the agent through the REST client, keeps it current
 * from notifications (polling while they are not live), and sends commands. `start()` makes it
 * follow the session: it empties itself on sign-out and loads again after the next sign-in.
 * Each run has an epoch, so answers that arrive after a sign-out are dropped.
 */
export class AgentModel extends AgentSync implements AgentApi {
  async setState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string): Promise<void> {
    await this.agent();
    if (state !== 'READY' && !reasonCodeId && this.snapshot.reasonRequired[state]) {
      throw this.refuse('reason-required');
    }
    const body = userStateBody({ state, reasonCodeId });
    const category = state === 'READY' ? null : state;
    await this.send('state', category, () => this.rest.setUserState(this.agentId(), body));
  }

  async loginPhone(extension: string): Promise<void> {
    const problem = checkDialNumber(extension, '');
    if (problem) throw this.refuse(problem);
    await this.agent();
    const body = userStateBody({ state: 'LOGIN', extension: normalizeDialNumber(extension) });
    await this.send('state', null, () => this.rest.setUserState(this.agentId(), body));
  }

  async makeCall(toAddress: string): Promise<void> {
    const early = checkDialNumber(toAddress, '');
    if (early) throw this.refuse(early);
    const user = await this.agent();
    const problem = checkDialNumber(toAddress, user.extension);
    if (problem) throw this.refuse(problem);
    const to = normalizeDialNumber(toAddress);
    await this.send('make-call', null, () =>
      this.rest.makeCall(this.agentId(), user.extension, to),
    );
  }

  async dialogAction(
    dialogId: string,
    action: DialogAction,
    params: DialogActionParams = {},
  ): Promise<void> {
    const early = prepareDialogAction(action, params, '');
    if ('problem' in early) throw this.refuse(early.problem);
    const user = await this.agent();
    const ready = prepareDialogAction(action, params, user.extension);
    if ('problem' in ready) throw this.refuse(ready.problem);
    await this.send(`${dialogId}:${action}`, null, () =>
      this.rest.dialogAction(dialogId, ready.body),
    );
  }

  // ---- commands -----------------------------------------------------------------------------

  /** The loaded agent; waits for a load in flight. */
  private async agent(): Promise<FinesseUser> {
    if (this.loading) await this.loading;
    const user = this.snapshot.user;
    if (this.running && user) return user;
    if (!this.running) throw new FinesseError('signed-out', 'The agent is not signed in.');
    throw this.snapshot.lastError ?? new FinesseError('api-error', 'The agent is not loaded yet.');
  }

  private refuse(problem: InputProblem): FinesseError {
    const error = inputError(problem);
    this.store.update({ lastError: error });
    return error;
  }

  /** Marks busy and clears lastError, sends, clears busy; a failure sets lastError and rethrows. */
  private async send(
    label: string,
    category: ReasonCategory | null,
    call: () => Promise<CommandResult>,
  ): Promise<void> {
    // Clear the last error when a command starts, not when it is accepted: Finesse may push
    // this command's asynchronous apiErrors before its 202 arrives.
    this.store.busy(label, 1, { lastError: null });
    try {
      const { requestId } = await call();
      if (requestId) {
        this.requests.set(requestId, category);
        const oldest = this.requests.keys().next().value;
        if (this.requests.size > REMEMBERED_REQUESTS && oldest) this.requests.delete(oldest);
      }
      this.store.busy(label, -1);
    } catch (error) {
      const failure = asFinesseError(error);
      if (category && saysParameterMissing(failure)) this.store.requireReason(category);
      this.store.busy(label, -1, { lastError: failure });
      this.failed(failure);
      throw failure;
    }
  }
}
