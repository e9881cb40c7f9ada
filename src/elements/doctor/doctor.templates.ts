import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { CheckResult } from '../../core/diagnostics/doctor-types.ts';
import type { HistoryEntry } from '../../core/session/history.ts';
import type { RosterTab } from '../../core/session/roster.ts';
import type { DoctorStrings, Format } from './doctor-strings.ts';

/** Verdicts are told by a word and a symbol, never by colour alone. */
const SYMBOL = { pass: '✓', warn: '!', fail: '✕' } as const;

/** The title of one result (a certificate's names its port). */
export function titleOf(result: CheckResult, t: DoctorStrings): string {
  if (result.id === 'certificate') {
    const role =
      t.roles[result.facts.role as keyof DoctorStrings['roles']] ?? String(result.facts.role);
    return t.checks.certificate(role, String(result.facts.origin));
  }
  return t.checks[result.id];
}

function rosterTable(tabs: RosterTab[], t: DoctorStrings, f: Format): TemplateResult {
  const h = t.tabHeaders;
  return html`<table part="table roster">
    <caption>
      ${t.tabsCaption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${h.tab}</th>
        <th scope="col">${h.user}</th>
        <th scope="col">${h.state}</th>
        <th scope="col">${h.refresh}</th>
        <th scope="col">${h.notifications}</th>
      </tr>
    </thead>
    <tbody>
      ${tabs.map(
        (tab) =>
          html`<tr data-tab=${tab.tab}>
            <td><code>${tab.tab.slice(0, 8)}</code></td>
            <td>${f.text(tab.user ?? null)}</td>
            <td>${tab.state}</td>
            <td>${tab.refreshing ? t.yes : t.no}</td>
            <td>${tab.notifications ? t.yes : t.no}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function historyTable(entries: HistoryEntry[], t: DoctorStrings, f: Format): TemplateResult {
  const h = t.historyHeaders;
  return html`<div
    class="scroll"
    part="history-scroll"
    tabindex="0"
    role="region"
    aria-label=${t.historyCaption}
  >
    <table part="table history">
      <caption>
        ${t.historyCaption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${h.at}</th>
          <th scope="col">${h.tab}</th>
          <th scope="col">${h.kind}</th>
          <th scope="col">${h.outcome}</th>
          <th scope="col">${h.code}</th>
          <th scope="col">${h.generation}</th>
        </tr>
      </thead>
      <tbody>
        ${[...entries].reverse().map(
          (e) =>
            html`<tr data-outcome=${e.outcome}>
              <td>${new Date(e.at).toLocaleDateString()} ${f.time(e.at)}</td>
              <td><code>${e.tab.slice(0, 8)}</code></td>
              <td>${t.kinds[e.kind]}</td>
              <td>${t.outcomes[e.outcome]}</td>
              <td>${f.text(e.code ?? null)}</td>
              <td>${f.text(e.generation ?? null)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** One check: verdict, title, what it means, what to do, its tables and its raw facts. */
export function renderCheck(result: CheckResult, t: DoctorStrings, f: Format): TemplateResult {
  const explain = t.findings[`${result.id}/${result.finding}`];
  const text = explain ? explain(result.facts, f) : { meaning: result.finding, action: '' };
  const facts = Object.entries(result.facts);
  return html`<li
    part="check check-${result.verdict}"
    data-check=${result.id}
    data-verdict=${result.verdict}
    data-finding=${result.finding}
  >
    <h3 part="check-title">
      <span part="verdict verdict-${result.verdict}" class="verdict ${result.verdict}"
        ><span aria-hidden="true">${SYMBOL[result.verdict]}</span>
        ${t.verdict[result.verdict]}</span
      >
      ${titleOf(result, t)}
    </h3>
    <p part="meaning"><strong>${t.whatItMeans}:</strong> ${text.meaning}</p>
    ${text.action ? html`<p part="action"><strong>${t.whatToDo}:</strong> ${text.action}</p>` : nothing}
    ${result.tabs && result.tabs.length > 0 ? rosterTable(result.tabs, t, f) : nothing}
    ${result.history && result.history.length > 0 ? historyTable(result.history, t, f) : nothing}
    ${
      facts.length > 0
        ? html`<details part="facts">
            <summary>${t.details}</summary>
            <dl>
              ${facts.map(
                ([key, value]) =>
                  html`<dt>${key}</dt>
                    <dd>${f.text(value)}</dd>`,
              )}
            </dl>
          </details>`
        : nothing
    }
  </li>`;
}
