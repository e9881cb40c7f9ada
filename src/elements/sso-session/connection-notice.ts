import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { corsCommand, problemLink } from '../../core/session/connection-problem.ts';
import type { ConnectionProblem, ConnectionProblemCode } from '../../core/session/types.ts';
import type { Messages } from '../../i18n/index.ts';

/**
 * The one notice for connection problems: per address the browser cannot reach, a link to
 * open once in a new tab (where the browser shows its certificate warning, which a page never
 * sees); a CSP block in words instead, since opening the address would not help.
 */
export function connectionNotice(
  problems: readonly ConnectionProblem[],
  t: Messages,
): TemplateResult | typeof nothing {
  const c = t.connection as Messages['connection'] | undefined;
  // Without its English (its texts could not be loaded) the element shows that error instead.
  if (problems.length === 0 || !c) return nothing;
  const links = (code: ConnectionProblemCode, lead: string) => {
    const list = problems.filter((p) => p.code === code);
    if (list.length === 0) return nothing;
    return html`<p>${lead}</p>
      <ul>
        ${list.map(
          (p) =>
            html`<li>
              <a href=${problemLink(p)} target="_blank" rel="noopener">${problemLink(p)}</a> —
              ${c.openOnce}
            </li>`,
        )}
      </ul>`;
  };
  const blocked = problems.filter((p) => p.code === 'csp-blocked');
  const cors = problems.filter((p) => p.code === 'cors-not-allowed');
  const desktop = (p: ConnectionProblem) => p.pageOrigin ?? location.origin;
  const rechecked = blocked.length < problems.length;
  return html`<div part="connection-notice" class="banner connection-notice" role="alert">
    ${links('certificate-untrusted', c.certificateLead)} ${links('network', c.networkLead)}
    ${blocked.map((p) => html`<p>${c.cspBlocked(p.origin, p.directive ?? 'connect-src')}</p>`)}
    ${cors.map(
      (p) =>
        html`<p part="cors-problem">
          ${c.corsNotAllowed(p.origin, desktop(p), corsCommand(desktop(p)))}
        </p>`,
    )}
    ${rechecked ? html`<p>${c.clearsItself}</p>` : nothing}
  </div>`;
}
