import { css } from 'lit';
import { sharedStyles } from '../shared/shared-styles.ts';

export const styles = [
  sharedStyles('finesse-sso-doctor'),
  css`
    :host {
      --finesse-doctor-pass: var(--finesse-sso-doctor-pass, #1a7f37);
      --finesse-doctor-warn: var(--finesse-sso-doctor-warn, #7d4e00);
      --finesse-doctor-fail: var(--finesse-sso-doctor-fail, #b42318);
      line-height: 1.45;
    }
    h2,
    h3 {
      margin: 0;
    }
    h2 {
      font-size: 1.4em;
    }
    h3 {
      font-size: 1.05em;
      display: flex;
      gap: 0.6em;
      align-items: baseline;
      flex-wrap: wrap;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
      margin: 0.8em 0;
    }
    fieldset {
      border: 1px solid #c9ced6;
      border-radius: 4px;
      display: grid;
      gap: 0.4em;
      padding: 0.6em 0.8em;
    }
    label {
      display: grid;
      gap: 0.2em;
    }
    .hint {
      color: #4d5562;
      font-size: 0.9em;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.8em;
    }
    li[part~='check'] {
      border: 1px solid #c9ced6;
      border-left: 6px solid var(--finesse-doctor-pass);
      border-radius: 4px;
      padding: 0.6em 0.9em;
      background: var(--finesse-sso-doctor-card-background, #fff);
    }
    li[part~='check-warn'] {
      border-left-color: var(--finesse-doctor-warn);
    }
    li[part~='check-fail'] {
      border-left-color: var(--finesse-doctor-fail);
    }
    .verdict {
      font-weight: 700;
      white-space: nowrap;
    }
    .verdict.pass {
      color: var(--finesse-doctor-pass);
    }
    .verdict.warn {
      color: var(--finesse-doctor-warn);
    }
    .verdict.fail {
      color: var(--finesse-doctor-fail);
    }
    p {
      margin: 0.35em 0;
    }
    .scroll {
      max-height: 20em;
      overflow: auto;
    }
    table {
      border-collapse: collapse;
      margin: 0.4em 0;
      font-size: 0.92em;
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding-bottom: 0.2em;
    }
    th,
    td {
      border: 1px solid #d6dae0;
      padding: 0.2em 0.5em;
      text-align: start;
    }
    tr[data-outcome='failed'] td {
      color: var(--finesse-doctor-fail);
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.1em 0.8em;
      margin: 0.4em 0;
      font-size: 0.9em;
    }
    dd {
      margin: 0;
    }
    [part~='summary'] {
      font-weight: 600;
      margin: 0.6em 0;
    }
  `,
];
