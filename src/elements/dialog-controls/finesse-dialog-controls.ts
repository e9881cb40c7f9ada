import { FinesseDialogControls } from './dialog-controls.component.ts';

export { FinesseDialogControls };

// Guarded so a second copy of the library on the page warns instead of throwing.
const existing = customElements.get('finesse-dialog-controls');
if (!existing) {
  customElements.define('finesse-dialog-controls', FinesseDialogControls);
} else if (existing !== FinesseDialogControls) {
  console.warn(
    '<finesse-dialog-controls> is already defined by another copy of finesse-sso; keeping that one.',
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'finesse-dialog-controls': FinesseDialogControls;
  }
}
