/**
 * What `<finesse-sso-session>` says beside the session's own state (a failure starting it, the
 * notes after a sign-out), and the core's events it passes on as `finesse-*` DOM events: both
 * change on the same events, so they are kept together, out of the element.
 */
import type { ReactiveControllerHost } from 'lit';
import { isFinesseError } from '../../core/kernel/errors.ts';
import type { FinesseError } from '../../core/kernel/errors.ts';
import { createLogger } from '../../core/kernel/logger.ts';
import type { SessionApi } from '../../core/session/session-api.ts';
import type { SessionEventMap } from '../../core/session/types.ts';
import { emit, forwardSessionEvent } from '../shared/events.ts';

const log = createLogger('sso-session');

type Host = ReactiveControllerHost & HTMLElement & { session?: SessionApi };

export class SessionNotices {
  /** A failure creating or starting the session (or loading a part or the language), shown on its own. */
  startupError: FinesseError | null = null;
  /** After a sign-out: say the identity provider session was not ended. */
  signedOutNote = false;
  /** The sign-out happened because another user signed in in this browser (`user-changed`). */
  userChangedNote = false;

  /**
   * @param host the element the events are dispatched on
   * @param markActive called on each state change before it is forwarded (`finesse-sso:active`)
   */
  constructor(
    private readonly host: Host,
    private readonly markActive: () => void,
  ) {}

  /** Shows (or clears) the startup failure; re-renders when it changed, as a reactive state does. */
  showError(error: FinesseError | null): void {
    if (error === this.startupError) return;
    this.startupError = error;
    this.host.requestUpdate();
  }

  /** Shows a failure that happened outside the session's own reporting (creating or starting it). */
  report(error: unknown): void {
    if (isFinesseError(error)) {
      this.showError(error);
      emit(this.host, 'finesse-session-error', { code: error.code, message: error.message });
    } else {
      // Only the name: a foreign error's message could quote a server answer.
      log.error(`start failed: ${(error as Error | undefined)?.name ?? typeof error}`);
    }
  }

  /** The relay's failure is shown; null (it reconnects): its failure no longer applies. */
  relayProblem(error: FinesseError | null): void {
    if (error) this.report(error);
    else if (this.startupError?.code.startsWith('relay-')) this.showError(null);
    this.host.requestUpdate();
  }

  /** A core event: updates the notes, then re-dispatches it on the element as `finesse-<type>`. */
  sessionEvent<K extends keyof SessionEventMap>(type: K, detail: SessionEventMap[K]): void {
    if (type === 'signed-out') {
      this.note(true, (detail as SessionEventMap['signed-out']).reason === 'user-changed');
    }
    if (type === 'session-change') {
      this.showError(null);
      if (this.host.session?.state !== 'signed-out') this.note(false, false);
      this.markActive();
    }
    forwardSessionEvent(this.host, type, detail);
  }

  /** Sets the sign-out notes; re-renders (before the event goes out) when they changed. */
  private note(signedOut: boolean, userChanged: boolean): void {
    if (signedOut === this.signedOutNote && userChanged === this.userChangedNote) return;
    this.signedOutNote = signedOut;
    this.userChangedNote = userChanged;
    this.host.requestUpdate();
  }
}
