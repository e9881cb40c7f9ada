import type { Messages } from '../../i18n/index.ts';
import { URGENT_MS, announcementFor } from './countdown.ts';

/** `Notification.permission`, or `unsupported` where the API is missing (insecure context). */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * What the needs-sign-in banner does beyond its own box, so agents see it coming with the
 * desktop minimised: the screen-reader announcement at 2 min, 1 min and 30 s, the
 * `document.title` prefix and one system notification in the last two minutes.
 *
 * The element calls `observe()` before each render (it yields the announcement text to
 * render) and `apply()` after it (side effects outside the shadow root), passing the
 * remaining time while the banner shows and null otherwise.
 */
export class ExpiryAlerts {
  /** Text of the assertive live region; changes only when a threshold is crossed. */
  announcement = '';

  private previousMs: number | null = null;
  private title: { original: string; shown: string } | null = null;
  private notification: Notification | null = null;
  private notified = false;

  constructor(private readonly doc: Document = document) {}

  /** Tracks the remaining time and updates `announcement` on a threshold crossing. */
  observe(remainingMs: number | null, messages: Messages): void {
    if (remainingMs === null) {
      this.previousMs = null;
      this.announcement = '';
      return;
    }
    const crossed = announcementFor(this.previousMs, remainingMs);
    if (crossed !== null) this.announcement = messages.announce(crossed);
    this.previousMs = remainingMs;
  }

  /** Adds or removes the title prefix and shows the notification once per banner. */
  apply(remainingMs: number | null, messages: Messages): void {
    if (remainingMs === null) {
      this.release();
      return;
    }
    if (remainingMs > URGENT_MS) return;
    this.prefixTitle(messages.titlePrefix);
    if (!this.notified && notificationPermission() === 'granted') {
      this.notified = true;
      this.notify(messages);
    }
  }

  /** Restores the title and closes the notification (banner gone or element disconnected). */
  release(): void {
    this.restoreTitle();
    this.notification?.close();
    this.notification = null;
    this.notified = false;
  }

  private prefixTitle(prefix: string): void {
    const current = this.doc.title;
    // The host may have changed the title since we prefixed it: prefix its new title instead.
    if (this.title && current === this.title.shown) return;
    const original = current.startsWith(prefix) ? current.slice(prefix.length) : current;
    this.title = { original, shown: prefix + original };
    this.doc.title = this.title.shown;
  }

  private restoreTitle(): void {
    if (!this.title) return;
    // Only undo our own change; a title the host set meanwhile stays.
    if (this.doc.title === this.title.shown) this.doc.title = this.title.original;
    this.title = null;
  }

  private notify(messages: Messages): void {
    try {
      // The tag lets the system replace (not stack) the same alert from the agent's other tabs.
      const notification = new Notification(messages.notificationTitle, {
        body: messages.notificationBody,
        tag: 'finesse-sso-sign-in-again',
        requireInteraction: true,
      });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      this.notification = notification;
    } catch {
      // Some browsers only allow notifications from a service worker; the banner still shows.
    }
  }
}
