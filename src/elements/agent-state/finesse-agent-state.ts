import { FinesseAgentState } from './agent-state.component.ts';

export { FinesseAgentState };

// Guarded so a second copy of the library on the page warns instead of throwing.
const existing = customElements.get('finesse-agent-state');
if (!existing) {
  customElements.define('finesse-agent-state', FinesseAgentState);
} else if (existing !== FinesseAgentState) {
  console.warn(
    '<finesse-agent-state> is already defined by another copy of finesse-sso; keeping that one.',
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'finesse-agent-state': FinesseAgentState;
  }
}
