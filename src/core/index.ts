/**
 * finesse-sso/core: the framework-free part (no Lit). Session, shared storage, cross-tab
 * coordination and the Finesse token source, usable without any of the elements.
 */
export { FinesseError, FINESSE_ERROR_CODES, isFinesseError } from './errors.ts';
export type { FinesseErrorCode, FinesseErrorDetails } from './errors.ts';
export type * from './types.ts';
export type {
  SessionApi,
  ManagedSession,
  SessionConfig,
  SignOutOptions,
  SessionListener,
} from './session-api.ts';
export type { TokenSource, RefreshInput } from './token-source.ts';
export type { Clock } from './clock.ts';
export { systemClock } from './clock.ts';
export { createSession } from './create-session.ts';
export { SsoSession } from './session.ts';
export type { SsoSessionOptions } from './session.ts';
export type { LifecycleTargets } from './lifecycle.ts';
export { SessionStore, openSessionStore, indexedDbKeyValue, memoryKeyValue } from './store.ts';
export type { KeyValue } from './store.ts';
export type { SessionRecord } from './record.ts';
export { FinessePopupSource, tokenUrl } from './finesse-token-source.ts';
export { parseTokenAnswer, toTokenAnswer } from './token-answer.ts';
export { readRefreshResponse } from './refresh-response.ts';
export { DEFAULT_TIMING } from './timing.ts';
export type { SessionTiming } from './timing.ts';
export { setLogLevel } from './logger.ts';
export type { LogLevel } from './logger.ts';
export { escapeXml } from './xml.ts';
export * from './finesse/index.ts';
export type { NotificationService, NotificationStatus, RawUpdate } from './notifications/types.ts';
export {
  XmppNotifications,
  createXmppNotifications,
  deriveNotificationUrl,
} from './notifications/xmpp-notifications.ts';
export { setXmppWorkerUrl } from './notifications/worker-url.ts';
export * from './gadget/index.ts';
export * from './relay/index.ts';
