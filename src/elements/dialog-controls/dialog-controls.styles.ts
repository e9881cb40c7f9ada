import { css } from 'lit';
import { sharedStyles } from '../shared/shared-styles.ts';

/** Styles of `<finesse-dialog-controls>`; every colour and size is a `--finesse-dialog-controls-*` property. */
export const styles = [
  sharedStyles('finesse-dialog-controls'),
  css`
    .base,
    .calls,
    .list,
    .call {
      display: flex;
      flex-direction: column;
      gap: var(--finesse-dialog-controls-gap, 0.5rem);
    }

    .base {
      background: var(--finesse-dialog-controls-background, transparent);
    }

    p,
    dl,
    dd {
      margin: 0;
    }

    .list {
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .call {
      padding: 0.75rem;
      border: 1px solid var(--finesse-dialog-controls-card-border, #8c959f);
      border-radius: var(--finesse-dialog-controls-radius, 4px);
      background: var(--finesse-dialog-controls-card-background, transparent);
    }

    .row,
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--finesse-dialog-controls-gap, 0.5rem);
    }

    .direction,
    .quiet {
      font-size: 0.875em;
    }

    .quiet {
      font-style: italic;
    }

    .party {
      font-weight: 600;
    }

    .badge {
      padding: 0.125rem 0.5rem;
      border-radius: var(--finesse-dialog-controls-radius, 4px);
      background: var(--finesse-dialog-controls-badge-background, #57606a);
      color: var(--finesse-dialog-controls-badge-color, #fff);
    }

    .duration {
      font-variant-numeric: tabular-nums;
    }

    .variables {
      display: grid;
      grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
      gap: 0.125rem 0.75rem;
      font-size: 0.875em;
    }

    .variables div {
      display: contents;
    }

    .variables dt {
      font-weight: 600;
    }

    .keypad {
      align-self: flex-start;
    }

    .keypad {
      display: grid;
      grid-template-columns: repeat(3, 3rem);
      gap: 0.25rem;
    }

    .error,
    .problem {
      color: var(--finesse-dialog-controls-error-color, #b3261e);
    }

    .error {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--finesse-dialog-controls-gap, 0.5rem);
      padding: 0.5rem 0.75rem;
      border-left: 4px solid var(--finesse-dialog-controls-error-color, #b3261e);
    }

    .problem {
      flex-basis: 100%;
    }

    button.danger {
      border-color: var(--finesse-dialog-controls-danger, #b3261e);
      background: var(--finesse-dialog-controls-danger, #b3261e);
    }

    input:disabled {
      border-style: dashed;
      cursor: not-allowed;
    }

    /* A ringing call: the accent border and background, a heading, and a pulse. */
    .call[data-ringing] {
      border: 3px solid var(--finesse-dialog-controls-ringing, #a34700);
      background: var(--finesse-dialog-controls-ringing-background, #fff1e0);
      animation: finesse-ring 1.2s ease-in-out infinite;
    }

    @keyframes finesse-ring {
      50% {
        box-shadow: 0 0 0 6px rgb(163 71 0 / 25%);
      }
    }

    /* Motion only for those who did not ask for less: the colour and heading stay. */
    @media (prefers-reduced-motion: reduce) {
      .call[data-ringing] {
        animation: none;
      }
    }

    .ringing-heading {
      color: var(--finesse-dialog-controls-ringing, #a34700);
      font-size: 1.125em;
      font-weight: 700;
    }

    .call[data-ringing] .party {
      font-size: 1.25em;
    }

    button.answer {
      flex: 1 1 10rem;
      min-height: 3rem;
      border-color: var(--finesse-dialog-controls-answer, #1a7f37);
      background: var(--finesse-dialog-controls-answer, #1a7f37);
      font-size: 1.125em;
      font-weight: 700;
    }

    .more {
      display: flex;
      flex-direction: column;
      gap: var(--finesse-dialog-controls-gap, 0.5rem);
      padding-top: 0.5rem;
      border-top: 1px solid var(--finesse-dialog-controls-card-border, #8c959f);
    }

    .hint {
      flex-basis: 100%;
      font-size: 0.875em;
    }

    .keypad button {
      padding: 0.375rem 0;
      font-variant-numeric: tabular-nums;
    }

    input {
      width: 14ch;
      max-width: 100%;
      padding: 0.375rem 0.5rem;
      border: 1px solid currentColor;
      background: var(--finesse-dialog-controls-background, transparent);
      color: inherit;
    }
  `,
];
