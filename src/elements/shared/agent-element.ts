import { LitElement } from 'lit';
import type { PropertyDeclarations } from 'lit';
import { ContextConsumer } from '@lit/context';
import { sessionContext } from './context.ts';
import { AgentController } from './controllers/agent-controller.ts';
import { completeAfter, LangController } from './controllers/lang-controller.ts';
import { SessionController } from './controllers/session-controller.ts';
import { FinesseError, isFinesseError } from '../../core/kernel/errors.ts';
import type { AgentApi, AgentSnapshot } from '../../core/finesse/agent-api.ts';
import { agentFor } from '../../core/finesse/session-agent.ts';
import type { SessionApi } from '../../core/session/session-api.ts';
import { enAgent } from '../../i18n/en-agent.ts';
import { addEnglish, messagesFor } from '../../i18n/index.ts';
import type { Lang, Messages } from '../../i18n/index.ts';
import { emit } from './events.ts';
import { claimError, joinErrorPlace, leaveErrorPlace, showsError } from './error-place.ts';
import { errorDetail } from './agent-shared.templates.ts';
import { sessionHealth } from './session-health.ts';
import type { SessionHealth } from './session-health.ts';

// The agent elements' English travels with them (the first script has the session's only).
addEnglish(enAgent);

/** Why a JS API call fails while the element has no model. */
function noAgent(tag: string): FinesseError {
  return new FinesseError(
    'signed-out',
    `<${tag}> has no agent model: put it inside a signed-in <finesse-sso-session> or set its agent property.`,
  );
}

/**
 * What `<finesse-agent-state>` and `<finesse-dialog-controls>` share: the session from the
 * enclosing `<finesse-sso-session>` (Lit context), the agent model (`agentFor(session)`, or
 * the host's own through `agent`), the controller that follows it, the language, and the
 * `finesse-agent-error` event. Not registered on its own.
 */
export abstract class FinesseAgentElement extends LitElement {
  // Not decorators: Lit's decorator runtime is bytes every agent desktop downloads.
  static override properties: PropertyDeclarations = {
    session: { attribute: false },
    agent: { attribute: false },
    language: { attribute: 'lang', reflect: true },
  };
  // Subscribes to the model and ticks live durations; render() reads `this.model.snapshot`.
  protected readonly controller = new AgentController(this, {
    agent: () => this.model,
    onChange: (next, previous) => this.snapshotChanged(next, previous),
    ticking: () => this.isTicking(),
  });
  // Re-renders on every session change (its health reaches the controls), and ticks while
  // the "sign in again within m:ss" line counts down.
  protected readonly sessionFollower = new SessionController(this, {
    session: () => this.session,
    ticking: () => this.health().kind === 'soon',
  });
  protected readonly langFollower = new LangController(this);
  protected uiLang: Lang = 'en';
  protected strings: Messages = messagesFor('en');

  /** The session of the enclosing `<finesse-sso-session>`, received through Lit context. */
  session?: SessionApi;
  /**
   * The agent model to show. Unset, the element uses the session's (`agentFor(session)`).
   * Set it to drive the element with your own `AgentApi`: a model fed by the Finesse
   * container in gadget mode, or any other source. It wins over the session's.
   */
  agent?: AgentApi;
  /** UI language (`en`, `ja`, `ko`), the `lang` attribute; else the Finesse desktop's locale (gadget mode), else the page's or browser's language. */
  language?: string;

  constructor() {
    super();
    // What `@consume({ context: sessionContext, subscribe: true })` would set up.
    new ContextConsumer(this, {
      context: sessionContext,
      subscribe: true,
      callback: (session) => {
        this.session = session;
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    joinErrorPlace(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    leaveErrorPlace(this);
  }

  /** Waits (renders nothing new) while the agent's language loads. */
  protected override shouldUpdate(): boolean {
    // The session's English (its errors) comes with the engine part.
    return this.langFollower.settle(this.session?.language, ['engine']);
  }

  /** Resolves once the element shows its state in its language (texts still loading included). */
  protected override getUpdateComplete(): Promise<boolean> {
    return completeAfter(
      () => super.getUpdateComplete(),
      () => this.langFollower.pending,
    );
  }

  protected override willUpdate(): void {
    this.uiLang = this.langFollower.lang;
    this.strings = this.langFollower.strings;
  }

  /** The model this element shows (what the error placement compares). */
  get shownModel(): AgentApi | undefined {
    return this.model;
  }

  /** What the session lets the controls do now (see session-health.ts). */
  protected health(): SessionHealth {
    return sessionHealth(this.session);
  }

  /** The model's error if this element is the one place it shows (error-place.ts), else null. */
  protected shownError(): FinesseError | null {
    const error = this.model?.snapshot.lastError ?? null;
    return error && showsError(this, error) ? error : null;
  }

  /**
   * The model shown: the `agent` property, else the consumed session's. Asked anew each time:
   * the registry builds a fresh model when the session's user changes.
   */
  protected get model(): AgentApi | undefined {
    if (this.agent) return this.agent;
    return this.session ? agentFor(this.session) : undefined;
  }

  /** Whether a live duration is on screen (the controller ticks once a second while true). */
  protected abstract isTicking(): boolean;

  /** Reacts to a new snapshot before rendering: fires events. Subclasses add theirs. */
  protected snapshotChanged(next: AgentSnapshot, previous: AgentSnapshot): void {
    if (next.lastError && next.lastError !== previous.lastError) {
      emit(this, 'finesse-agent-error', errorDetail(next.lastError));
    }
  }

  /** Runs a command on the model; rejects with `signed-out` when there is none. */
  protected withModel(command: (model: AgentApi) => Promise<void>): Promise<void> {
    const model = this.model;
    if (!model) return Promise.reject(noAgent(this.localName));
    const pending = command(model);
    // This element's button (or method) caused it: the error shows here, by its controls. A
    // side branch, so the caller's promise settles exactly when the command's does.
    pending.catch((error: unknown) => {
      if (isFinesseError(error) && error === model.snapshot.lastError) claimError(this, error);
    });
    return pending;
  }

  protected readonly handleDismiss = (): void => {
    this.clearError();
  };

  /** The model's current snapshot; null while there is no model. Read-only. */
  get snapshot(): AgentSnapshot | null {
    return this.model?.snapshot ?? null;
  }

  /** Clears the error shown (the model's `lastError`), as the dismiss button does. */
  clearError(): void {
    this.model?.clearError();
  }
}
