/**
 * finesse-sso: the elements (registered as a side effect of importing this module), their
 * events and context, and the framework-free core. `finesse-sso/core` has the core alone.
 */
import './elements/sso-session/finesse-sso-session.ts';
import './elements/agent-state/finesse-agent-state.ts';
import './elements/dialog-controls/finesse-dialog-controls.ts';

export { FinesseSsoSession } from './elements/sso-session/sso-session.component.ts';
export { FinesseAgentState } from './elements/agent-state/agent-state.component.ts';
export { FinesseDialogControls } from './elements/dialog-controls/dialog-controls.component.ts';
export { FinesseAgentElement } from './elements/shared/agent-element.ts';
export { AgentController } from './elements/shared/controllers/agent-controller.ts';
export type { AgentControllerOptions } from './elements/shared/controllers/agent-controller.ts';
export * from './elements/shared/events.ts';
export * from './elements/shared/context.ts';
export * from './core/index.ts';
