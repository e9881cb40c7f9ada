/**
 * The Finesse REST client and the agent model (no Lit): typed models parsed from Finesse XML,
 * request bodies built by escaping, and the live agent model the elements render.
 */
export type * from './models.ts';
export type { AgentApi, AgentSnapshot, DialogActionParams, InputProblem } from './agent-api.ts';
export {
  parseApiErrors,
  parseDialog,
  parseDialogs,
  parseReasonCodes,
  parseSystemInfo,
  parseUpdate,
  parseUser,
} from './parse.ts';
export {
  checkDialNumber,
  checkDtmf,
  dialogActionBody,
  makeCallBody,
  normalizeDialNumber,
  prepareDialogAction,
  userStateBody,
} from './build.ts';
export type { Prepared, RequestedState } from './build.ts';
export { FinesseRestClient } from './rest-client.ts';
export type { CommandResult, FinesseNode, FinesseRestClientOptions } from './rest-transport.ts';
export { AgentModel } from './agent-model.ts';
export { DEFAULT_POLL_MS } from './agent-options.ts';
export type { AgentModelOptions, AgentNotificationInfo } from './agent-options.ts';
export { agentFor, releaseAgent } from './session-agent.ts';
export type { AgentCarrier, AgentForOptions, NotificationFactory } from './session-agent.ts';
export { agentParticipant } from './dialog-list.ts';
