import { css } from 'lit';
import { sharedStyles } from '../shared/shared-styles.ts';

/** Styles of `<finesse-agent-state>`; every colour and size is a `--finesse-agent-state-*` property. */
export const styles = [
  sharedStyles('finesse-agent-state'),
  css`
    .base {
      display: flex;
      flex-direction: column;
      gap: var(--finesse-agent-state-gap, 0.5rem);
      background: var(--finesse-agent-state-background, transparent);
    }

    p {
      margin: 0;
    }

    .row,
    .actions,
    .choice,
    .agent {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--finesse-agent-state-gap, 0.5rem);
    }

    .actions {
      align-items: end;
    }

    .name {
      font-weight: 600;
    }

    .quiet,
    .extension,
    .pending {
      font-size: 0.875em;
    }

    .quiet {
      font-style: italic;
    }

    .badge {
      padding: 0.125rem 0.5rem;
      border-radius: var(--finesse-agent-state-radius, 4px);
      background: var(--finesse-agent-state-logout, #57606a);
      color: var(--finesse-agent-state-badge-color, #fff);
      font-weight: 600;
    }

    .badge[data-state='READY'] {
      background: var(--finesse-agent-state-ready, #1a7f37);
    }

    .badge[data-state='NOT_READY'] {
      background: var(--finesse-agent-state-not-ready, #b3261e);
    }

    .badge[data-state='TALKING'],
    .badge[data-state='HOLD'],
    .badge[data-state^='RESERVED'] {
      background: var(--finesse-agent-state-talking, #005eb8);
    }

    .badge[data-state^='WORK'] {
      background: var(--finesse-agent-state-work, #8a4600);
    }

    .time {
      font-variant-numeric: tabular-nums;
    }

    .pending {
      font-weight: 600;
    }

    .error,
    .problem {
      color: var(--finesse-agent-state-error-color, #b3261e);
    }

    .error {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--finesse-agent-state-gap, 0.5rem);
      padding: 0.5rem 0.75rem;
      border-left: 4px solid var(--finesse-agent-state-error-color, #b3261e);
    }

    .warning {
      padding: 0.5rem 0.75rem;
      border: 2px solid var(--finesse-agent-state-warning-color, #4d3800);
      border-radius: var(--finesse-agent-state-radius, 4px);
      background: var(--finesse-agent-state-warning-background, #fff4ce);
      color: var(--finesse-agent-state-warning-color, #4d3800);
    }

    .problem {
      flex-basis: 100%;
    }

    input,
    select {
      padding: 0.375rem 0.5rem;
      border: 1px solid currentColor;
      background: var(--finesse-agent-state-background, transparent);
      color: inherit;
    }

    input {
      width: 8ch;
    }
  `,
];
