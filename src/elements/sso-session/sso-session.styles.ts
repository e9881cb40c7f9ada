import { css } from 'lit';
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * Styles of `<finesse-sso-session>`; every colour and size is a `--finesse-sso-session-*` property.
 * `.banner[data-tone='wait']`: nothing to do, so blue and calm; the amber of `.banner` is kept
 * for what the agent must act on. (Notes live here: comments in the CSS would ship.)
 */
export const styles = [
  sharedStyles('finesse-sso-session'),
  css`
    .base {
      display: flex;
      flex-direction: column;
      gap: var(--finesse-sso-session-gap, 0.5rem);
      background: var(--finesse-sso-session-background, transparent);
    }

    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--finesse-sso-session-gap, 0.5rem);
    }

    p {
      margin: 0;
    }

    .status {
      font-size: 0.875em;
    }

    .banner {
      display: flex;
      flex-direction: column;
      gap: var(--finesse-sso-session-gap, 0.5rem);
      padding: 0.75rem 1rem;
      border: 2px solid var(--finesse-sso-session-banner-color, #4d3800);
      border-radius: var(--finesse-sso-session-radius, 4px);
      background: var(--finesse-sso-session-banner-background, #fff4ce);
      color: var(--finesse-sso-session-banner-color, #4d3800);
    }

    .banner[data-tone='wait'] {
      border-color: var(--finesse-sso-session-wait-color, #0b3d73);
      background: var(--finesse-sso-session-wait-background, #e8f1fb);
      color: var(--finesse-sso-session-wait-color, #0b3d73);
    }

    .banner strong {
      font-size: 1.0625em;
      line-height: 1.3;
    }

    .banner button.secondary {
      border-color: currentColor;
    }

    .countdown {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }

    .notice {
      font-size: 0.875em;
      font-style: italic;
    }

    input {
      min-width: 0;
      max-width: 100%;
      padding: 0.375rem 0.5rem;
      border: 1px solid currentColor;
      background: var(--finesse-sso-session-background, transparent);
      color: inherit;
    }

    .relay-frame {
      display: block;
      width: 100%;
      height: var(--finesse-sso-session-relay-height, 4.5rem);
      border: 0;
    }

    .relay-frame[hidden] {
      display: none;
    }
  `,
];
