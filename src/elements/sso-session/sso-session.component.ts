/**
 * `<finesse-sso-session>`: its public API, rendering and clicks. The rest is beside it:
 * sso-session.attributes.ts (its attributes), session-lifecycle.ts (connect, disconnect, its
 * own session; session-config.ts reads the attributes), session-notices.ts (what it says, the
 * events it forwards), session-display.ts.
 */
import type { PropertyDeclarations, TemplateResult } from 'lit';
// First, as Lit was: the bundle keeps Lit ahead of the element's helpers (it gzips better).
import { SessionAttributesElement } from './sso-session.attributes.ts';
import { completeAfter, LangController } from '../shared/controllers/lang-controller.ts';
import { SessionController } from '../shared/controllers/session-controller.ts';
import { SessionProvider } from '../shared/controllers/session-provider.ts';
import type { SignOutOptions } from '../../core/session/session-api.ts';
import type {
  ConnectionProblem,
  SessionState,
  SessionUser,
  StorageKind,
} from '../../core/session/types.ts';
import { hasCountdown } from './countdown.ts';
import { englishParts, SessionDisplay } from './session-display.ts';
import { SessionNotices } from './session-notices.ts';
import { SessionLifecycle, noSession } from './session-lifecycle.ts';
import { styles } from './sso-session.styles.ts';
import { renderBase } from './sso-session.templates.ts';

/**
 * Keeps a Cisco Finesse SSO agent signed in: every tab shares one token pair and exactly one
 * tab refreshes it. Wrap the desktop's UI in it; child elements get the session through Lit
 * context (`sessionContext`). Attributes are read once, when the element connects: to change
 * them, disconnect and reconnect it (or give it your own `session`).
 *
 * @summary Finesse SSO session: sign-in, silent renewal across tabs, and the sign-in-again banner.
 *
 * @fires finesse-session-change - `{ state, previous, expired }` whenever the session changes state, in every tab; also when only `expired` changes (the access token ran out while `offline`: the session keeps renewing, the agent has nothing to do).
 * @fires finesse-token-refreshed - `{ expiresAt, byThisTab }` after a new pair was stored, by this tab or another.
 * @fires finesse-session-error - `{ code, message }` when a sign-in, refresh or request fails in a way the agent or host should know.
 * @fires finesse-signed-out - `{ byThisTab, reason? }` when the pair was forgotten (sign-out in this or another tab); `reason` is `idle-timeout`, or `user-changed` when another user signed in in this browser while this tab was bound to this one (`username`).
 * @fires finesse-user-changed - `{ previousUserId, userId }` when a tab without `username` follows a newer sign-in of another user (the agent model is rebuilt for them).
 * @fires finesse-storage-degraded - `{ reason }` when this tab keeps the pair in memory only and cannot share it.
 * @fires finesse-idle-warning - `{ signOutAt }` when the idle timeout is near (epoch ms), `{ signOutAt: null }` when activity resumed.
 * @fires finesse-connection-problems - `{ problems }` when the addresses the browser cannot reach change (`certificate-untrusted`, `csp-blocked`, `network`, `cors-not-allowed` (with the page's `pageOrigin`), each with its `origin`); `[]` once all work again.
 *
 * @slot - The host's own UI, always rendered.
 *
 * @csspart base - The wrapper of everything the element renders.
 * @csspart status - The status line while signed in (who, and when the sign-in renews).
 * @csspart banner - Every banner: `needs-sign-in` (sign in again), `offline` (Finesse is not answering), `signing-in` (here, or in another tab), a failed sign-in. Also `banner-act` (the agent has to do something; amber) or `banner-wait` (nothing to do; blue).
 * @csspart banner-heading - The banner's heading: what to do, or that there is nothing to do.
 * @csspart banner-body - The banner's body: how, or why.
 * @csspart countdown - The time left until the sign-in expires, in the banner.
 * @csspart error - The body of a failed sign-in's banner (also `banner-body`).
 * @csspart sign-in-button - The sign-in (or "Try again") button.
 * @csspart sign-in-again-button - The banner's "Sign in again" button.
 * @csspart offline-sign-in-button - The optional sign-in offered while Finesse is not answering and the access token has run out (`offline`, `expired`).
 * @csspart sign-out-button - The sign-out button.
 * @csspart username-input - The username field, shown when the username is unknown.
 * @csspart relay-frame - The relay iframe (relay mode): the Finesse server's own sign-in buttons.
 * @csspart notice - Notes: storage not shared across tabs; identity provider session not ended.
 * @csspart connection-notice - Addresses the browser cannot reach (untrusted certificate, CSP, network), each with a link to open once.
 * @csspart idle-warning - The idle timeout's warning (`genesys`, or `idle-timeout` set).
 * @csspart stay-signed-in-button - The idle warning's button (any click or key counts as activity).
 *
 * @cssproperty [--finesse-sso-session-accent=#005eb8] - Button background and focus ring colour.
 * @cssproperty [--finesse-sso-session-accent-contrast=#fff] - Text colour on accent buttons.
 * @cssproperty [--finesse-sso-session-text-color=#1f2328] - Text colour.
 * @cssproperty [--finesse-sso-session-background=transparent] - Background of the element and its fields.
 * @cssproperty [--finesse-sso-session-banner-background=#fff4ce] - Background of the banner.
 * @cssproperty [--finesse-sso-session-banner-color=#4d3800] - Text and border colour of the banner.
 * @cssproperty [--finesse-sso-session-wait-background=#e8f1fb] - Background of the banners that ask the agent to wait (offline, signing in).
 * @cssproperty [--finesse-sso-session-wait-color=#0b3d73] - Text and border colour of those banners.
 * @cssproperty [--finesse-sso-session-error-color=#b3261e] - Colour of error messages.
 * @cssproperty [--finesse-sso-session-radius=4px] - Corner radius of the banner, buttons and fields.
 * @cssproperty [--finesse-sso-session-font=inherit] - Font shorthand of the element.
 * @cssproperty [--finesse-sso-session-gap=0.5rem] - Space between rows and controls.
 */
export class FinesseSsoSession extends SessionAttributesElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    typedUsername: { state: true, attribute: false },
  };

  /** Language, texts, banner time and announcements; the alerts outside the shadow root. */
  private readonly display = new SessionDisplay();
  /** The startup error and sign-out notes shown; forwards the core's events as `finesse-*`. */
  private readonly notices = new SessionNotices(this, () => this.lifecycle.markActiveOnce());
  /** Loads the agent elements; creates, starts and disposes of the session from the attributes. */
  private readonly lifecycle = new SessionLifecycle(this, this.notices);
  // Subscribes to the session's events and ticks the countdowns; render() reads the session.
  private readonly controller = new SessionController(this, {
    session: () => this.session,
    onEvent: (type, detail) => this.notices.sessionEvent(type, detail),
    ticking: () => this.session !== undefined && hasCountdown(this.session.state),
  });
  // Hands the session to the elements inside (Lit context's protocol), on every change.
  private readonly contextProvider = new SessionProvider(this);
  // Re-renders when the document's (or an ancestor's, or the browser's) language changes.
  protected readonly langFollower = new LangController(this);

  /** The username typed in the form: kept here so a re-render (a blocked popup) keeps it. */
  private typedUsername = '';

  // A getter rather than @query (no decorators in the first script).
  private get usernameInput(): HTMLInputElement | null {
    return this.renderRoot?.querySelector<HTMLInputElement>('#username') ?? null;
  }

  override connectedCallback(): void {
    // Create before super so the controller subscribes before start() can emit anything.
    const misuse = this.lifecycle.connect();
    super.connectedCallback();
    this.lifecycle.connected();
    if (misuse !== undefined) throw misuse;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.display.release();
    this.lifecycle.disconnect();
  }

  /** Provides a new session at once (not at the next render: that may wait for a language). */
  override requestUpdate(name?: PropertyKey, oldValue?: unknown, options?: object): void {
    super.requestUpdate(name, oldValue, options);
    if (name === 'session') this.contextProvider?.set(this.session);
  }

  /** Waits (renders nothing new) while the agent's language, or its mode's English, loads. */
  protected override shouldUpdate(): boolean {
    const { session } = this;
    return this.langFollower.settle(session?.language, englishParts(session, this.provider));
  }

  /**
   * Resolves once the element shows its session's state in its language (the session's parts
   * and texts still loading included).
   */
  protected override getUpdateComplete(): Promise<boolean> {
    return completeAfter(
      () => super.getUpdateComplete(),
      () => this.langFollower.pending ?? this.lifecycle.loading,
    );
  }

  protected override willUpdate(): void {
    this.lifecycle.yieldToHost();
    const error = this.langFollower.error;
    // The language's texts could not be loaded: English, and the agent is told why.
    if (error && !this.notices.startupError) this.notices.showError(error);
    const { display } = this;
    display.prepare(this.session, this.langFollower, this.provider);
    const { session } = this;
    session?.relay?.prepareFrame(this, {
      lang: display.lang,
      title: display.t.signIn,
      state: session.state,
      onProblem: (problem) => this.notices.relayProblem(problem),
    });
  }

  protected override updated(): void {
    this.display.apply();
  }

  private readonly handleSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.handleSignIn();
  };

  private readonly handleSignIn = (): void => {
    // No await before signIn(): the popup must open within the click. Errors surface through
    // the session (state, lastError, finesse-session-error).
    this.signIn().catch(() => undefined);
  };

  private readonly handleUsernameInput = (event: InputEvent): void => {
    this.typedUsername = (event.target as HTMLInputElement).value;
  };

  private readonly handleSignOut = (): void => {
    this.signOut().catch(() => undefined);
  };

  private readonly handleAlertMe = (): void => {
    void Notification.requestPermission().then(() => this.requestUpdate());
  };

  /**
   * Opens the sign-in popup. Call it from a click handler: the popup is opened synchronously,
   * before anything is awaited, because browsers block popups opened later.
   */
  signIn(): Promise<void> {
    const session = this.session;
    if (!session) return Promise.reject(noSession());
    // The field when it is there (a host or autofill may set it without an input event).
    const username = (this.usernameInput?.value ?? this.typedUsername).trim();
    return username ? session.signIn({ username }) : session.signIn();
  }

  /** Forgets the pair in every tab of this user; the identity provider session is not ended. */
  signOut(options?: SignOutOptions): Promise<void> {
    return this.session ? this.session.signOut(options) : Promise.reject(noSession());
  }

  /** The current access token, refreshed first if due; rejects with a FinesseError when signed out. */
  getAccessToken(): Promise<string> {
    return this.session ? this.session.getAccessToken() : Promise.reject(noSession());
  }

  /** `fetch` to the Finesse nodes with the token; see the session's `fetch`. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return this.session ? this.session.fetch(input, init) : Promise.reject(noSession());
  }

  /** The session state; `signed-out` while there is no session. */
  get state(): SessionState {
    return this.session?.state ?? 'signed-out';
  }

  /** When the access token expires (epoch ms); null when unknown or in gadget mode. */
  get expiresAt(): number | null {
    return this.session?.expiresAt ?? null;
  }

  /** When the next refresh is due (epoch ms); null when none is scheduled. */
  get refreshAt(): number | null {
    return this.session?.refreshAt ?? null;
  }

  /**
   * The access token has run out while Finesse is not answering (`offline`); the session keeps
   * renewing it by itself and the agent has nothing to do.
   */
  get expired(): boolean {
    return this.session?.expired ?? false;
  }

  /** Who is signed in; null when signed out. */
  get user(): SessionUser | null {
    return this.session?.user ?? null;
  }

  /** Where the pair is kept: `indexeddb` (shared by tabs) or `memory` (this tab only, also without a session). */
  get storage(): StorageKind {
    return this.session?.storage ?? 'memory';
  }

  /** Addresses the browser cannot reach now, with the likely cause; `[]` when all work. */
  get connectionProblems(): readonly ConnectionProblem[] {
    return this.session?.connectionProblems ?? [];
  }

  override render(): TemplateResult {
    const { startupError, signedOutNote, userChangedNote } = this.notices;
    const { announcement, t, lang, bannerRemaining } = this.display;
    return renderBase({
      session: this.controller.session,
      startupError,
      announcement,
      t,
      lang,
      bannerRemaining,
      signedOutNote,
      userChangedNote,
      asksUsername: this.provider === 'finesse',
      typedUsername: this.typedUsername,
      onUsernameInput: this.handleUsernameInput,
      showPrincipal: this.provider === 'genesys',
      relayFrame: this.session?.relay?.frame ?? null,
      onSubmit: this.handleSubmit,
      onSignIn: this.handleSignIn,
      onSignOut: this.handleSignOut,
      onAlertMe: this.handleAlertMe,
    });
  }
}
