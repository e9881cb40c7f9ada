/**
 * What `<finesse-sso-session>` shows besides the session's own state, worked out before each
 * render: its language and texts, the time left in the sign-in-again banner, the assertive live
 * region's text, and after the render the alerts outside the shadow root (title, notification).
 */
import type { LangController } from '../shared/controllers/lang-controller.ts';
import type { SessionConfig, SessionApi } from '../../core/session/session-api.ts';
import { messagesFor } from '../../i18n/index.ts';
import type { EnglishPart, Lang, Messages } from '../../i18n/index.ts';
import { formatRemaining } from '../shared/format-remaining.ts';
import { ExpiryAlerts } from './expiry-alerts.ts';

/**
 * The parts whose English the element may show: the engine's (every session's states and
 * errors), its provider's, its mode's, and the connection notice's once the doctor has found a
 * problem (each comes with the part that needs it).
 */
export function englishParts(
  session: SessionApi | undefined,
  provider: SessionConfig['provider'],
): EnglishPart[] {
  const parts: EnglishPart[] = ['engine'];
  if (provider === 'oidc' || provider === 'genesys') parts.push(provider);
  if (session?.mode === 'relay' || session?.mode === 'gadget') parts.push(session.mode);
  if (session && session.connectionProblems.length > 0) parts.push('diagnostics');
  return parts;
}

export class SessionDisplay {
  /** The language shown, as of the last `prepare`. */
  lang: Lang = 'en';
  /** Its texts, those naming Finesse replaced for an OAuth provider. */
  t: Messages = messagesFor('en');
  /** Time left in the needs-sign-in banner (ms); null when there is no banner or no expiry. */
  bannerRemaining: number | null = null;
  private readonly alerts = new ExpiryAlerts();
  /** Said once by the assertive live region when the idle warning appears. */
  private idleAnnouncement = '';

  /** Before each render. */
  prepare(
    session: SessionApi | undefined,
    language: LangController,
    provider: SessionConfig['provider'],
  ): void {
    this.lang = language.lang;
    const strings = language.strings;
    // OAuth providers' agents are not talking to Finesse: texts that name it are replaced.
    this.t =
      provider === 'finesse'
        ? strings
        : { ...strings, errors: { ...strings.errors, ...strings.oauthErrors } };
    this.bannerRemaining =
      session?.state === 'needs-sign-in' && session.expiresAt !== null
        ? session.expiresAt - session.now()
        : null;
    this.alerts.observe(this.bannerRemaining, this.t);
    const idleAt = session?.state === 'active' ? session.idleSignOutAt : null;
    if (idleAt === null) this.idleAnnouncement = '';
    else if (!this.idleAnnouncement && this.t.idleWarning) {
      this.idleAnnouncement = this.t.idleWarning(
        formatRemaining(idleAt - session!.now(), this.lang),
      );
    }
  }

  /** Text of the assertive live region: the banner's countdown thresholds, the idle warning. */
  get announcement(): string {
    return this.alerts.announcement || this.idleAnnouncement;
  }

  /** After each render: the tab title's prefix and the system notification, while they apply. */
  apply(): void {
    this.alerts.apply(this.bannerRemaining, this.t);
  }

  /** The element left the page: the title is restored and the notification closed. */
  release(): void {
    this.alerts.release();
  }
}
