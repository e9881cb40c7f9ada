import { FinesseSsoDoctor } from './doctor.component.ts';

export { FinesseSsoDoctor };

// Guarded so a second copy of the library on the page warns instead of throwing.
const existing = customElements.get('finesse-sso-doctor');
if (!existing) {
  customElements.define('finesse-sso-doctor', FinesseSsoDoctor);
} else if (existing !== FinesseSsoDoctor) {
  console.warn(
    '<finesse-sso-doctor> is already defined by another copy of finesse-sso; keeping that one.',
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'finesse-sso-doctor': FinesseSsoDoctor;
  }
}
