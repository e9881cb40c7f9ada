import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { FinesseError } from '../../core/kernel/errors.ts';
import type { SessionApi } from '../../core/session/session-api.ts';
import type { Lang, Messages } from '../../i18n/index.ts';
import type { FinesseErrorCode } from '../../core/kernel/errors.ts';
import type { Instruction } from '../../i18n/messages.ts';
import { connectionNotice } from './connection-notice.ts';
import { headingKind, isRetryKind, isWaitKind } from './instruction.ts';
import { formatRemaining } from '../shared/format-remaining.ts';
import { notificationPermission } from './expiry-alerts.ts';

/** What the templates read; computed by the element before each render. */
export interface SessionView {
  /** Undefined while the element has no session (disconnected, or creating it failed). */
  session: SessionApi | undefined;
  /** A failure creating or starting the session, shown on its own. */
  startupError: FinesseError | null;
  /** Text of the assertive live region (changes only at 2 min, 1 min and 30 s). */
  announcement: string;
  t: Messages;
  lang: Lang;
  /** Time left in the needs-sign-in banner (ms); null when there is no banner or no expiry. */
  bannerRemaining: number | null;
  /** After a sign-out: say the identity provider session was not ended. */
  signedOutNote: boolean;
  /** The sign-out happened because another user signed in in this browser (`user-changed`). */
  userChangedNote: boolean;
  /** Ask for the username when unknown (Finesse's `cc_username`; OAuth providers need none). */
  asksUsername: boolean;
  /** What the agent typed as username; kept by the element across re-renders (a blocked popup). */
  typedUsername: string;
  onUsernameInput: (event: InputEvent) => void;
  /**
   * Who to name in the status line: the user id, or the principal where the id is opaque
   * (Genesys Cloud user ids are GUIDs; the agent knows their email).
   */
  showPrincipal: boolean;
  /** Relay mode: the relay iframe, rendered at one fixed place (a moved iframe reloads). */
  relayFrame?: HTMLIFrameElement | null;
  onSubmit: (event: SubmitEvent) => void;
  onSignIn: () => void;
  onSignOut: () => void;
  onAlertMe: () => void;
}

type Template = TemplateResult | typeof nothing;
type StateView = SessionView & { session: SessionApi };

/** Everything inside the shadow root. The live region and the slot are always there. */
export function renderBase(view: SessionView): TemplateResult {
  const { session, startupError, t } = view;
  return html`<div part="base" class="base">
    ${
      startupError
        ? failureBanner(view, session?.state ?? 'signed-out', startupError.code, 'startup-heading')
        : nothing
    }
    ${session ? renderState({ ...view, session }) : nothing} ${view.relayFrame ?? nothing}
    ${connectionNotice(session?.connectionProblems ?? [], t)}
    ${
      // A gadget stores nothing (the Finesse desktop owns the pair): nothing to warn about.
      session?.storage === 'memory' && session.mode !== 'gadget'
        ? html`<p part="notice" class="notice">${t.storageDegraded}</p>`
        : nothing
    }
    <div class="visually-hidden" aria-live="assertive" aria-atomic="true">${view.announcement}</div>
    <slot></slot>
  </div>`;
}

/** The part of the UI that depends on the session state (thin: reads, renders, wires clicks). */
function renderState(view: StateView): Template {
  const { session, t } = view;
  switch (session.state) {
    case 'signed-out':
      return signedOut(view);
    case 'signing-in':
      // Only the tab that opened the window can say where it is.
      return banner(
        'wait',
        session.signingInHere ? t.signingInHere : t.signingInElsewhere,
        nothing,
        nothing,
      );
    case 'active':
    case 'refreshing':
      return active(view);
    case 'offline':
      return offline(view);
    case 'needs-sign-in':
      return needsSignIn(view);
  }
}

/**
 * One banner: a heading that says what to do (or that there is nothing to do), a body that
 * says how or why, then an optional countdown and buttons. `act` banners are amber and their
 * body is an alert; `wait` banners are blue and polite.
 */
function banner(
  tone: 'act' | 'wait',
  { heading, body }: Instruction,
  extra: Template,
  actions: Template,
  bodyPart = 'banner-body',
  headingId = 'banner-heading',
): TemplateResult {
  return html`<div
    part=${`banner banner-${tone}`}
    class="banner"
    data-tone=${tone}
    role="region"
    aria-labelledby=${headingId}
  >
    <strong part="banner-heading" id=${headingId}>${heading}</strong>
    <p part=${bodyPart} role=${tone === 'act' ? 'alert' : 'status'}>${body}</p>
    ${extra} ${actions === nothing ? nothing : html`<div class="row">${actions}</div>`}
  </div>`;
}

/** A failure as a banner: its heading kind for this state, the code's text as the body. */
function failureBanner(
  { t }: SessionView,
  state: StateView['session']['state'],
  code: FinesseErrorCode,
  headingId = 'banner-heading',
): TemplateResult {
  const kind = headingKind(state, code);
  const instruction = { heading: t.headings[kind], body: t.errors[code] };
  const tone = isWaitKind(kind) ? 'wait' : 'act';
  return banner(tone, instruction, nothing, nothing, 'banner-body error', headingId);
}

/** The notes after a sign-out: why it happened when the agent did not ask, and the IdP caveat. */
function signedOutNotes({ t, signedOutNote, userChangedNote }: StateView): Template {
  return html`${userChangedNote ? html`<p part="notice" class="notice" role="status">${t.userChangedNote}</p>` : nothing}
  ${signedOutNote ? html`<p part="notice" class="notice">${t.signedOutNote}</p>` : nothing}`;
}

function signedOut(view: StateView): Template {
  const { session, t, asksUsername, onSubmit } = view;
  const error = session.lastError;
  const failure = error ? failureBanner(view, 'signed-out', error.code) : nothing;
  if (session.mode === 'relay') {
    // The sign-in button lives in the relay frame: only its click may open the popup.
    return html`${failure} ${signedOutNotes(view)}`;
  }
  return html`
    ${failure}
    <form class="row" @submit=${onSubmit}>
      ${
        asksUsername && session.username === null
          ? html`<label for="username">${t.usernameLabel}</label>
              <input
                id="username"
                part="username-input"
                name="username"
                autocomplete="username"
                required
                .value=${view.typedUsername}
                @input=${view.onUsernameInput}
              />`
          : nothing
      }
      <button part="sign-in-button" type="submit">${error ? t.tryAgain : t.signIn}</button>
    </form>
    ${signedOutNotes(view)}
  `;
}

function signOutButton({ session, t, onSignOut }: StateView): Template {
  // In gadget mode the Finesse desktop owns the sign-in; only it can sign out.
  return session.mode === 'gadget'
    ? nothing
    : html`<button part="sign-out-button" class="secondary" type="button" @click=${onSignOut}>
        ${t.signOut}
      </button>`;
}

/** The renewal time, or how long a sign-in that cannot renew itself still lasts. */
function renewalText({ session, t, lang }: StateView): string {
  if (!session.silentRenewal) {
    const valid = session.expiresAt === null ? null : session.expiresAt - session.now();
    return valid === null ? '' : t.validFor(formatRemaining(valid, lang));
  }
  const left = session.refreshAt === null ? null : session.refreshAt - session.now();
  if (session.state === 'refreshing' || (left !== null && left <= 0)) return t.renewingNow;
  return left === null ? '' : t.renewsIn(formatRemaining(left, lang));
}

function active(view: StateView): Template {
  const { session, t } = view;
  const user = session.user;
  const name = user ? (view.showPrincipal ? user.userPrincipal : user.userId) : '';
  const parts = [name ? t.signedInAs(name) : '', renewalText(view)];
  return html`<div class="row">
      <p part="status" class="status">${parts.filter(Boolean).join(' · ')}</p>
      ${signOutButton(view)}
    </div>
    ${idleWarning(view)}`;
}

/** The idle timeout's warning: any click or key in any tab counts as activity and clears it. */
function idleWarning({ session, t, lang }: StateView): Template {
  // Without the OAuth providers' English the element shows why (`part-unavailable`) instead.
  if (session.idleSignOutAt === null || !t.staySignedIn) return nothing;
  const left = formatRemaining(session.idleSignOutAt - session.now(), lang);
  // Not a live region: the text changes every second. The element announces it once.
  return html`<div part="idle-warning" class="banner" data-tone="act">
    <p>${t.idleWarning(left)}</p>
    <button part="stay-signed-in-button" type="button">${t.staySignedIn}</button>
  </div>`;
}

/**
 * Finesse is not answering: a wait banner (the session retries by itself, see session.ts).
 * Once the token ran out a sign-in is offered as a secondary button, never urged.
 */
function offline(view: StateView): Template {
  const { session, t, lang } = view;
  const left = session.expiresAt === null ? 0 : session.expiresAt - session.now();
  const instruction =
    session.lastError?.code === 'out-of-service'
      ? t.outOfService
      : session.expired
        ? t.offlineExpired
        : left > 0
          ? t.offline(formatRemaining(left, lang))
          : t.offlineNoExpiry;
  const offer =
    session.expired && session.mode === 'popup'
      ? html`<button
          part="offline-sign-in-button"
          class="secondary"
          type="button"
          @click=${view.onSignIn}
        >
          ${t.offlineSignIn}
        </button>`
      : nothing;
  return banner('wait', instruction, nothing, html`${offer} ${signOutButton(view)}`);
}

/** Asks for a sign-in in every tab, with the countdown to expiry (or waits, for old transport records). */
function needsSignIn(view: StateView): Template {
  const { session, t, lang, bannerRemaining, onSignIn, onAlertMe } = view;
  const code = session.lastError?.code ?? null;
  const kind = headingKind('needs-sign-in', code);
  if (isWaitKind(kind)) {
    // A record written by an older version: the core retries it at once (session.ts check()).
    return banner('wait', kind === 'wait' ? t.offlineNoExpiry : t.outOfService, nothing, nothing);
  }
  const body = code ? t.errors[code] : t.bannerReasonFallback;
  // The countdown is a timer (not live): screen readers get the assertive region's three
  // announcements instead of one per second. The reason is an alert, announced once.
  const countdown =
    bannerRemaining === null
      ? nothing
      : html`<p>
          ${bannerRemaining > 0 ? t.countdownLabel : nothing}
          <span part="countdown" class="countdown" role="timer"
            >${formatRemaining(bannerRemaining, lang)}</span
          >
        </p>`;
  const actions = html`${
    session.mode === 'relay'
      ? nothing
      : html`<button part="sign-in-again-button" type="button" @click=${onSignIn}>
          ${isRetryKind(kind) ? t.tryAgain : t.signInAgain}
        </button>`
  }
  ${
    notificationPermission() === 'default'
      ? html`<button class="secondary" type="button" @click=${onAlertMe}>${t.alertMe}</button>`
      : nothing
  }`;
  return banner('act', { heading: t.headings[kind], body }, countdown, actions);
}
