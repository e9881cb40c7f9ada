/**
 * finesse-sso/core: the framework-free part (no Lit). Session, shared storage, cross-tab
 * coordination and the Finesse token source, usable without any of the elements. The OAuth
 * providers are `finesse-sso/oidc` and `finesse-sso/genesys`.
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
export { createSession, resolveMode } from './create-session.ts';
export { setPartsUrl } from './parts/index.ts';
export { SsoSession } from './session.ts';
export type { SsoSessionOptions } from './session.ts';
export type { LifecycleTargets } from './lifecycle.ts';
export { SessionStore, openSessionStore, indexedDbKeyValue, memoryKeyValue } from './store.ts';
export type { KeyValue } from './store.ts';
export type { SessionRecord } from './record.ts';
export { FinessePopupSource, tokenUrl } from './finesse-token-source.ts';
export { parseTokenAnswer, toTokenAnswer } from './token-answer.ts';
export { IdleWatch, DEFAULT_IDLE_TIMEOUT_MS } from './idle/idle-watch.ts';
export type { IdleWatchOptions } from './idle/idle-watch.ts';
export { readRefreshResponse } from './refresh-response.ts';
export { DEFAULT_TIMING } from './timing.ts';
export type { SessionTiming } from './timing.ts';
export { setLogLevel } from './logger.ts';
export { malformedMessageCounts } from './malformed.ts';
export type { MessageChannelKind } from './malformed.ts';
export type { LogLevel } from './logger.ts';
export { escapeXml } from './xml.ts';
export * from './finesse/index.ts';
export type {
  NotificationProblem,
  NotificationService,
  NotificationStatus,
  RawUpdate,
} from './notifications/types.ts';
export {
  DEFAULT_XMPP_SETTINGS,
  XMPP_PASSWORD_VALUES,
  XMPP_SASL_VALUES,
  resolveXmppSettings,
} from './notifications/xmpp-settings.ts';
export type { XmppPasswordSource, XmppSasl, XmppSettings } from './notifications/xmpp-settings.ts';
export {
  XmppNotifications,
  createXmppNotifications,
  deriveNotificationUrl,
} from './notifications/xmpp-notifications.ts';
export { setXmppWorkerUrl } from './notifications/worker-url.ts';
export * from './gadget/index.ts';
export * from './relay/index.ts';
export * from './diagnostics/index.ts';
