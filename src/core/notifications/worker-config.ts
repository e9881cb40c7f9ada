/**
 * Where a host says the notification Worker is (`setXmppWorkerUrl`), apart from the code that
 * starts it (`worker-url.ts`): the first script carries this setter, the agent part the rest.
 */
let configuredUrl: string | URL | undefined;

/**
 * Overrides where the Worker file is loaded from, for every connection made afterwards (for
 * hosts that serve `finesse-sso-xmpp-worker.js` somewhere other than beside the bundle).
 * Pass `undefined` to go back to the default.
 */
export function setXmppWorkerUrl(url: string | URL | undefined): void {
  configuredUrl = url;
}

/** The URL `setXmppWorkerUrl` gave, if any. */
export function configuredWorkerUrl(): string | URL | undefined {
  return configuredUrl;
}
