import type { FinesseErrorCode } from '../core/kernel/errors.ts';
import type { AgentState } from '../core/finesse/models.ts';

/** The languages the elements speak. */
export type Lang = 'en' | 'ja' | 'ko';

/** The remaining times (ms) at which screen readers hear the needs-sign-in countdown. */
export type Threshold = 120_000 | 60_000 | 30_000;

/**
 * One instruction to the agent: the heading says what to do, or that there is nothing to do;
 * the body says how, or why. Both always say the same thing.
 */
export interface Instruction {
  heading: string;
  body: string;
}

/**
 * What a banner's heading asks, by kind (see `headingKind` in the session element): act
 * (allow pop-ups, try the sign-in again, sign in again, after a lost renewal), wait (Finesse is
 * not answering, or out of service), or get help (the page or the server set-up blocks it).
 */
export type HeadingKind =
  | 'allow-popups'
  | 'retry-sign-in'
  | 'sign-in-again'
  | 'rotation-lost'
  | 'wait'
  | 'out-of-service'
  | 'cannot-start'
  | 'administrator'
  | 'refused';

/**
 * Every string the elements show or announce, in one language. Functions take values that
 * are already formatted (a user id, an `m:ss` time); none of them ever receives a token.
 */
export interface Messages {
  signIn: string;
  /** Label of the sign-in button after a failed attempt (it retries the same way). */
  tryAgain: string;
  usernameLabel: string;
  /** This tab opened the sign-in window (state `signing-in`). */
  signingInHere: Instruction;
  /** Another tab or window opened it; this one waits. */
  signingInElsewhere: Instruction;
  signedInAs(userId: string): string;
  renewsIn(time: string): string;
  renewingNow: string;
  /** For providers without silent renewal (Genesys Cloud): how long the sign-in still lasts. */
  validFor(time: string): string;
  /** The idle timeout is near: every tab will be signed out in `time` without activity. */
  idleWarning(time: string): string;
  /** The button of the idle warning (any click or key counts as activity). */
  staySignedIn: string;
  signOut: string;
  signedOutNote: string;
  /** A tab bound to this user was signed out because another user signed in in this browser. */
  userChangedNote: string;
  /** `offline`, the access token still valid for `time`: nothing to do. */
  offline(time: string): Instruction;
  /** `offline` with no known expiry. */
  offlineNoExpiry: Instruction;
  /**
   * Offline with the access token run out (`session.expired`): the session keeps renewing by
   * itself; the agent has nothing to do (a sign-in is offered, not asked for).
   */
  offlineExpired: Instruction;
  /** `offline` because Finesse answers 503 (out of service): the desktop waits for it. */
  outOfService: Instruction;
  /** The optional sign-in button next to `offlineExpired`. */
  offlineSignIn: string;
  /** Banner headings by kind; the body (an `errors` text or an Instruction) says the same. */
  headings: Record<HeadingKind, string>;
  /** The reason when the session gives no error code. */
  bannerReasonFallback: string;
  countdownLabel: string;
  /** What the countdown shows once the sign-in has expired. */
  expired: string;
  signInAgain: string;
  alertMe: string;
  /** Put in front of `document.title` during the last two minutes. */
  titlePrefix: string;
  notificationTitle: string;
  notificationBody: string;
  announce(threshold: Threshold): string;
  storageDegraded: string;
  /** Agent-facing text per error code: what is wrong, then what to do (the banner's body). */
  errors: Record<FinesseErrorCode, string>;
  /** The texts of `errors` that name Finesse, as an OAuth provider's agents see them. */
  oauthErrors: Partial<Record<FinesseErrorCode, string>>;
  /** The connection notice of `<finesse-sso-session>` (certificate, CSP, network). */
  connection: ConnectionMessages;
  /** `<finesse-agent-state>`, and what both agent elements share. */
  agent: AgentMessages;
  /** `<finesse-dialog-controls>`. */
  dialog: DialogMessages;
}

/** The notice shown while the browser cannot reach some Finesse addresses. */
/**
 * The parts that bring English of their own: the engine's (the session's states and errors), a
 * mode's or provider's texts, and the connection notice's (the doctor's part finds those
 * problems). The first script's English leaves them out; Japanese and Korean always have them.
 */
export type EnglishPart = 'engine' | 'relay' | 'gadget' | 'oidc' | 'genesys' | 'diagnostics';

/** The error codes whose English comes with a part (`EnglishPart`). */
export type PartErrorCode =
  | 'relay-click-required'
  | 'relay-unavailable'
  | 'relay-not-allowed'
  | 'relay-version-mismatch'
  | 'not-bearer'
  | 'authorization-failed'
  | 'state-mismatch'
  | 'discovery-failed'
  | 'idle-timeout';

/** The other texts whose English comes with a part. */
export type PartTextKey = 'idleWarning' | 'staySignedIn' | 'oauthErrors' | 'connection';

/** The English a part adds: some texts, and messages for some error codes and headings. */
export type PartEnglish = Partial<Omit<Messages, 'errors' | 'headings'>> & {
  errors?: Partial<Messages['errors']>;
  headings?: Partial<Messages['headings']>;
};

/**
 * The first script's English: what the session element shows before the engine part is there,
 * which is only why it could not be loaded (`part-unavailable`, under its heading).
 */
export interface SessionEnglish {
  headings: Pick<Messages['headings'], 'cannot-start'>;
  errors: Pick<Messages['errors'], 'part-unavailable'>;
}

/** The engine part's English: the session's states and the errors of popup mode. */
export type EngineEnglish = Omit<
  Messages,
  'agent' | 'dialog' | 'errors' | 'headings' | PartTextKey
> & {
  errors: Omit<Messages['errors'], PartErrorCode | 'part-unavailable'>;
  headings: Omit<Messages['headings'], 'cannot-start'>;
};

export interface ConnectionMessages {
  /** Before the links of addresses whose certificate the browser probably does not trust. */
  certificateLead: string;
  /** Before the links of addresses nothing answers on (network, firewall, server down). */
  networkLead: string;
  /** After each link: what to do with it. */
  openOnce: string;
  /** A Content-Security-Policy block (no link): the blocked origin and directive, as they are. */
  cspBlocked(origin: string, directive: string): string;
  /**
   * Finesse answers but does not allow this page's origin (CORS): the Finesse origin, the
   * desktop's origin and the administrator's CLI command (not translated) to allow it.
   */
  corsNotAllowed(finesseOrigin: string, desktopOrigin: string, command: string): string;
  /** Last: the notice checks again by itself. */
  clearsItself: string;
}

/** Dialog states Finesse sends; others are shown as sent. */
export type KnownDialogState =
  | 'ALERTING'
  | 'INITIATING'
  | 'INITIATED'
  | 'ACTIVE'
  | 'HELD'
  | 'DROPPED'
  | 'FAILED'
  | 'WRAP_UP'
  | 'ACCEPTED';

/** Why a typed number is refused before anything is sent. */
export type NumberProblem = 'empty-number' | 'invalid-number' | 'self-call';

/** Strings of `<finesse-agent-state>` and the parts both agent elements share. */
export interface AgentMessages {
  /** The quiet line while there is no agent model or no user yet. */
  notSignedIn: string;
  /**
   * The one line both agent elements show while the session cannot act (the controls that
   * would fail are disabled meanwhile), or may soon stop (`signInSoon`).
   */
  health: {
    signedOut: string;
    signingIn: string;
    offline: string;
    expired: string;
    signInSoon(time: string): string;
  };
  /** Next to a live time that may be out of date (no live updates, or the session paused). */
  staleTime: string;
  /** Badge text per state (the colour is never the only cue). */
  states: Record<AgentState, string>;
  extension(extension: string): string;
  timeInStateLabel: string;
  /** The state Finesse will apply after the current call (already a state label). */
  pending(state: string): string;
  /** Shown during a call: which changes wait for the call to end. */
  inCallNote: string;
  actionsLabel: string;
  ready: string;
  notReady: string;
  logout: string;
  login: string;
  notReadyReasonLabel: string;
  logoutReasonLabel: string;
  /** Placeholder option of a reason menu when a reason is required. */
  chooseReason: string;
  /** First option of a reason menu when no reason is required. */
  noReason: string;
  extensionLabel: string;
  extensionMissing: string;
  extensionInvalid: string;
  /** While a request is in flight. */
  sending: string;
  /** `notifications === 'polling'`: no live updates, no XMPP presence. */
  pollingWarning: string;
  /** Lead text of an `api-error`, followed by the server's own message. */
  errorLead: string;
  dismiss: string;
  dismissLabel: string;
}

/** Strings of `<finesse-dialog-controls>`. */
export interface DialogMessages {
  callsLabel: string;
  noCalls: string;
  /** The heading of a ringing call. */
  ringing: string;
  /** The disclosure holding consult, transfer and the keypad. */
  more: string;
  /** Why Call is disabled during a call (and where to call from instead). */
  callDuringCall: string;
  /** Accessible name of a call card. */
  callWith(party: string): string;
  direction: Record<'incoming' | 'outgoing' | 'consult', string>;
  states: Record<KnownDialogState, string>;
  durationLabel: string;
  variablesLabel: string;
  actionsLabel(party: string): string;
  answer: string;
  hold: string;
  retrieve: string;
  drop: string;
  consult: string;
  /** Single-step transfer to the number in the target field. */
  transfer: string;
  /** Consulted transfer: completes the consult. */
  completeTransfer: string;
  conference: string;
  keypad: string;
  keypadLabel(party: string): string;
  targetLabel: string;
  dialLabel: string;
  call: string;
  problems: {
    'empty-number': string;
    'self-call': string;
    'invalid-number': (typed: string) => string;
  };
}
