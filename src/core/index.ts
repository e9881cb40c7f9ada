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
export { GenesysSource } from './genesys/genesys-source.ts';
export type { GenesysSourceOptions, GenesysGrant } from './genesys/genesys-source.ts';
export { GENESYS_REGIONS, genesysDomain, genesysHosts } from './genesys/regions.ts';
export type { GenesysRegion, GenesysHosts } from './genesys/regions.ts';
export { GENESYS_TOKEN_LIFETIME_S } from './genesys/genesys-answer.ts';
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
export { OidcSource, DEFAULT_OIDC_SCOPE } from './oidc/oidc-source.ts';
export type { OidcSourceOptions } from './oidc/oidc-source.ts';
export type { OAuthSourceOptions } from './oauth/source-options.ts';
export { createDiscovery, discoveryUrl } from './oidc/discovery.ts';
export type { Discover, OidcMetadata } from './oidc/discovery.ts';
export { createPopupAuthorize } from './oauth/popup-authorization.ts';
export type { PopupAuthorizeOptions } from './oauth/popup-authorization.ts';
export { listenForOrphanCallbacks } from './oauth/orphan-callbacks.ts';
export type { OrphanListenerOptions } from './oauth/orphan-callbacks.ts';
export type {
  Authorize,
  DeferredAuthorize,
  AuthorizationRequest,
  AuthorizationResult,
} from './oauth/authorization.ts';
