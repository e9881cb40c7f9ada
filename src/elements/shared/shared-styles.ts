import { css, unsafeCSS } from 'lit';
import type { CSSResult } from 'lit';

/**
 * What the three elements style alike: the host, the buttons and fields, the focus ring and
 * the visually hidden live regions. Each element keeps its own custom-property namespace
 * (`--<tag>-accent`…), so the rules are built per prefix. The prefix is a constant of ours,
 * never input: `unsafeCSS` is safe here and needs no eval.
 *
 * Why some rules are there (said here, not in the CSS: comments in it would ship to every page):
 * - `:host` `overflow-wrap: anywhere`: in a 300 px gadget column long words and addresses wrap
 *   instead of scrolling sideways.
 * - `button:disabled` is more than a paler shade: no fill, a dashed grey outline and grey text
 *   (still 4.5:1 on white, so it can be read), and the not-allowed cursor. Enabled buttons are
 *   filled (or solid-outlined when secondary).
 * - `.health`: the one line saying the controls are paused, or stop soon.
 * - `.stale`: a live time that may be out of date, visibly not authoritative.
 */
export function sharedStyles(tag: string): CSSResult {
  const p = unsafeCSS(`--${tag}`);
  return css`
    :host {
      display: block;
      box-sizing: border-box;
      max-width: 100%;
      color: var(${p}-text-color, #1f2328);
      font: var(${p}-font, inherit);
      overflow-wrap: anywhere;
    }

    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }

    :host([hidden]) {
      display: none;
    }

    button,
    input,
    select {
      max-width: 100%;
      min-width: 0;
      font: inherit;
      border-radius: var(${p}-radius, 4px);
    }

    button {
      padding: 0.375rem 0.875rem;
      border: 1px solid var(${p}-accent, #005eb8);
      background: var(${p}-accent, #005eb8);
      color: var(${p}-accent-contrast, #fff);
      cursor: pointer;
    }

    button.secondary {
      background: transparent;
      color: inherit;
    }

    button:disabled {
      border: 1px dashed var(${p}-disabled-color, #57606a);
      background: transparent;
      color: var(${p}-disabled-color, #57606a);
      cursor: not-allowed;
    }

    .health {
      margin: 0;
      padding: 0.375rem 0.625rem;
      border-left: 4px solid var(${p}-health-color, #8a4600);
      background: var(${p}-health-background, #fff4ce);
      color: var(${p}-health-text-color, #4d3800);
      font-weight: 600;
    }

    .stale {
      text-decoration: underline dotted;
      color: var(${p}-disabled-color, #57606a);
    }

    .stale-note {
      font-size: 0.8125em;
      font-style: italic;
      color: var(${p}-disabled-color, #57606a);
    }
    button:focus-visible,
    input:focus-visible,
    select:focus-visible {
      outline: 3px solid var(${p}-accent, #005eb8);
      outline-offset: 2px;
    }

    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      padding: 0;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
      border: 0;
    }
  `;
}
