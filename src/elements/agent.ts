/**
 * The agent elements (`finesse-sso/agent`): registers `<finesse-agent-state>` and
 * `<finesse-dialog-controls>` as a side effect. The session element loads this part by itself
 * when it finds either tag inside it (the IIFE build: `finesse-sso-part-agent.js`).
 */
import './agent-state/finesse-agent-state.ts';
import './dialog-controls/finesse-dialog-controls.ts';

export { FinesseAgentState } from './agent-state/agent-state.component.ts';
export { FinesseDialogControls } from './dialog-controls/dialog-controls.component.ts';
export { FinesseAgentElement } from './shared/agent-element.ts';
export { AgentController } from './shared/controllers/agent-controller.ts';
export type { AgentControllerOptions } from './shared/controllers/agent-controller.ts';
// Named types, not `export *`: in the IIFE build that would make the first script expose all of
// events.ts to this part.
export type {
  AgentErrorDetail,
  AgentEventMap,
  AgentStateChangeDetail,
  DialogChangeDetail,
} from './shared/events.ts';
