export { GadgetSession } from './gadget-session.ts';
export type { GadgetSessionOptions } from './gadget-session.ts';
export {
  ContainerNotifications,
  agentNodes,
  clientServicesSubscribe,
  containerNotificationFactory,
} from './container-notifications.ts';
export type { ContainerSubscribe } from './container-notifications.ts';
export { configOrigin, finesseGlobal, hasGadgetConfig } from './finesse-globals.ts';
export { configAgentId, configDrift, configLanguage } from './config-user.ts';
export type { ClientServicesLike, FinesseGlobal, GadgetConfig } from './finesse-globals.ts';
export { createGadgetSession } from './create-gadget-session.ts';
