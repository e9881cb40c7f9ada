import { FinesseSsoSession } from './sso-session.component.ts';

export { FinesseSsoSession };

// Guarded so a second copy of the library on the page warns instead of throwing.
const existing = customElements.get('finesse-sso-session');
if (!existing) {
  customElements.define('finesse-sso-session', FinesseSsoSession);
} else if (existing !== FinesseSsoSession) {
  console.warn(
    '<finesse-sso-session> is already defined by another copy of finesse-sso; keeping that one.',
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'finesse-sso-session': FinesseSsoSession;
  }
}
