import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { FinesseError } from '../../core/kernel/errors.ts';
import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import type { Lang, Messages } from '../../i18n/index.ts';
import type { AgentErrorDetail } from './events.ts';
import { formatRemaining } from './format-remaining.ts';
import type { SessionHealth } from './session-health.ts';

/**
 * Pieces both agent elements render (`<finesse-agent-state>`, `<finesse-dialog-controls>`):
 * live durations, the inline server error and the polling warning.
 */

export type Template = TemplateResult | typeof nothing;

/** Elapsed time as `m:ss`, or `h:mm:ss` from one hour on; whole seconds, never negative. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** Epoch ms of an ISO time from Finesse; null when it sent none or nothing parseable. */
export function parseTime(iso: string): number | null {
  const time = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(time) ? null : time;
}

/**
 * Milliseconds from an ISO time to `now`; null when Finesse sent no usable time. A time in the
 * future (clocks apart) counts as zero rather than showing a negative duration.
 */
export function elapsedSince(iso: string, now: number): number | null {
  const start = parseTime(iso);
  return start === null ? null : Math.max(0, now - start);
}

/** The `finesse-agent-error` detail of an error: codes and the server's words, never a token. */
export function errorDetail(error: FinesseError): AgentErrorDetail {
  return {
    code: error.code,
    errorType: error.details.errorType ?? '',
    message: error.details.errorMessage || error.message,
  };
}

/**
 * The last request error, inline and in words: for `api-error` a translated lead and the
 * server's own message (Finesse's ErrorType in brackets), else the code's translated text.
 * Text bindings only, so whatever the server sent stays text. The dismiss button clears it;
 * nothing else is blocked while it shows.
 */
export function renderError(
  error: FinesseError | null,
  t: Messages,
  onDismiss: () => void,
): Template {
  if (!error) return nothing;
  const { errorType, message } = errorDetail(error);
  const api = error.code === 'api-error';
  return html`<div part="error" class="error" role="alert">
    <p>
      <strong>${api ? t.agent.errorLead : t.errors[error.code]}</strong>
      ${api ? html`<span class="server-message">${message}</span>` : nothing}
      ${api && errorType ? html`<span class="error-type">(${errorType})</span>` : nothing}
    </p>
    <button
      part="button dismiss-button"
      class="secondary"
      type="button"
      aria-label=${t.agent.dismissLabel}
      @click=${onDismiss}
    >
      ${t.agent.dismiss}
    </button>
  </div>`;
}

/** The warning that updates come by polling: no XMPP presence, so Finesse may log the phone out. */
export function renderPollingWarning(snapshot: AgentSnapshot | null, t: Messages): Template {
  return snapshot?.notifications === 'polling'
    ? html`<p part="warning" class="warning" role="status">${t.agent.pollingWarning}</p>`
    : nothing;
}

/**
 * The one line saying why the controls are paused (or will stop soon); nothing while the
 * session is healthy. A status, not an alert: the session element's banner is the alert.
 */
export function renderHealth(health: SessionHealth, t: Messages, lang: Lang): Template {
  if (health.kind === 'ok') return nothing;
  const line =
    health.kind === 'soon'
      ? t.agent.health.signInSoon(formatRemaining(health.remaining, lang))
      : {
          'signed-out': t.agent.health.signedOut,
          'signing-in': t.agent.health.signingIn,
          offline: t.agent.health.offline,
          expired: t.agent.health.expired,
        }[health.reason];
  return html`<p part="health" class="health" data-kind=${health.kind} role="status">${line}</p>`;
}

/**
 * A live time (time in state, call duration) and, when it may be out of date (no live updates,
 * or the session paused), a visible mark saying so: the count goes on locally, Finesse may
 * have moved on.
 */
export function renderLiveTime(
  elapsed: number,
  stale: boolean,
  t: Messages,
  part: 'time' | 'duration',
): TemplateResult {
  return html`<span part=${part} class=${stale ? `${part} stale` : part} role="timer"
      >${formatElapsed(elapsed)}</span
    >${stale ? html` <span part="stale" class="stale-note">(${t.agent.staleTime})</span>` : nothing}`;
}
