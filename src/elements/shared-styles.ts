import { css, unsafeCSS } from 'lit';
import type { CSSResult } from 'lit';

/**
 * What the three elements style alike: the host, the buttons and fields, the focus ring and
 * the visually hidden live regions. Each element keeps its own custom-property namespace
 * (`--<tag>-accent`…), so the rules are built per prefix. The prefix is a constant of ours,
 * never input: `unsafeCSS` is safe here and needs no eval.
 */
export function sharedStyles(tag: string): CSSResult {
  const p = unsafeCSS(`--${tag}`);
  return css`
    :host {
      display: block;
      color: var(${p}-text-color, #1f2328);
      font: var(${p}-font, inherit);
    }

    :host([hidden]) {
      display: none;
    }

    button,
    input,
    select {
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
