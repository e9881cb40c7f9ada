import { css } from 'lit';
import { sharedStyles } from '../shared-styles.ts';

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
      grid-template-columns: max-content 1fr;
      gap: 0.125rem 0.75rem;
      font-size: 0.875em;
    }

    .variables div {
      display: contents;
    }

    .variables dt {
      font-weight: 600;
    }

    .call > button,
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

    button:disabled,
    input:disabled {
      opacity: 0.5;
      cursor: not-allowed;
    }

    .keypad button {
      padding: 0.375rem 0;
      font-variant-numeric: tabular-nums;
    }

    input {
      width: 14ch;
      padding: 0.375rem 0.5rem;
      border: 1px solid currentColor;
      background: var(--finesse-dialog-controls-background, transparent);
      color: inherit;
    }
  `,
];
