/**
 * finesse-sso/core: the framework-free part (no Lit). Session, shared storage, cross-tab
 * coordination and the Finesse token source, usable without any of the elements. The OAuth
 * providers are `finesse-sso/oidc` and `finesse-sso/genesys`.
 */
export { FinesseError, FINESSE_ERROR_CODES, isFinesseError } from './kernel/errors.ts';
export type { FinesseErrorCode, FinesseErrorDetails } from './kernel/errors.ts';
export type * from './session/types.ts';
export type {
  SessionApi,
  ManagedSession,
  SessionConfig,
  SignOutOptions,
  SessionListener,
} from './session/session-api.ts';
export type { TokenSource, RefreshInput } from './session/token-source.ts';
export type { Clock } from './kernel/clock.ts';
export { systemClock } from './kernel/clock.ts';
export { createSession, resolveMode } from './assembly/create-session.ts';
export { setPartsUrl } from './assembly/parts/index.ts';
export { SsoSession } from './session/session.ts';
export type { SsoSessionOptions } from './session/session.ts';
export type { LifecycleTargets } from './kernel/lifecycle.ts';
export {
  SessionStore,
  openSessionStore,
  indexedDbKeyValue,
  memoryKeyValue,
} from './session/store.ts';
export type { KeyValue } from './session/store.ts';
export type { SessionRecord } from './session/record.ts';
export { FinessePopupSource, tokenUrl } from './ids/finesse-token-source.ts';
export { parseTokenAnswer, toTokenAnswer } from './ids/token-answer.ts';
export { IdleWatch, DEFAULT_IDLE_TIMEOUT_MS } from './idle/idle-watch.ts';
export type { IdleWatchOptions } from './idle/idle-watch.ts';
export { readRefreshResponse } from './ids/refresh-response.ts';
export { DEFAULT_TIMING } from './session/timing.ts';
export type { SessionTiming } from './session/timing.ts';
export { setLogLevel } from './kernel/logger.ts';
export { malformedMessageCounts } from './kernel/malformed.ts';
export type { MessageChannelKind } from './kernel/malformed.ts';
export type { LogLevel } from './kernel/logger.ts';
export { escapeXml } from './kernel/xml.ts';
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
export { setXmppWorkerUrl } from './notifications/worker-config.ts';
export * from './gadget/index.ts';
export * from './relay/index.ts';
export * from './diagnostics/index.ts';
