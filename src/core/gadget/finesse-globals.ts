/**
 * The part of Finesse's gadget JavaScript (`/desktop/assets/js/finesse.js`, loaded by the
 * gadget page) that gadget mode uses. Only what the library touches is typed here.
 */

/**
 * `finesse.gadget.Config`, as finesse.js builds it from the gadget's prefs: every field a
 * `gadgets.Prefs.getString` value (an empty string means "not set"), `clientDriftInMillis` a
 * `getInt`. Source: Cisco's sample gadgets, e.g. jbogarin/finesse-sample-code
 * `LearningSampleGadget/10.6.1/SampleGadget/SampleGadget.js` (`finesse.gadget.Config = …
 * new gadgets.Prefs() …`); from 11.x finesse.js builds the same object itself. There is no
 * `port` and no `id` among the prefs: the port is `hostPort`.
 */
export interface GadgetConfig {
  /** base64 of "id:password" (see `configAgentId`); what it holds in SSO is not published. */
  authorization?: string;
  country?: string;
  language?: string;
  locale?: string;
  /** The Finesse host as the browser reaches it. */
  host?: string;
  /** Its port, a string ('' means the scheme's default). */
  hostPort?: string;
  extension?: string;
  mobileAgentMode?: string;
  mobileAgentDialNumber?: string;
  xmppDomain?: string;
  pubsubDomain?: string;
  /**
   * "The Finesse API IP/host as reachable from the gadget container" (finesse.js's own doc of
   * `ClientServices.init`): the host Shindig's server-side proxy (`gadgets.io.makeRequest`,
   * `"http://" + restHost + url`) calls, typically not one the browser can reach. Never read
   * for the browser's requests.
   */
  restHost?: string;
  scheme?: string;
  localhostFQDN?: string;
  localhostPort?: string;
  teamId?: string;
  teamName?: string;
  /** Server time minus client time, in ms (finesse.js: server = client + drift). */
  clientDriftInMillis?: number;
  /**
   * Not a pref: set by `ClientServices.init(config)` from `authorization` (published 8.5-10.x
   * finesse.js). Read when present.
   */
  id?: string;
  [key: string]: unknown;
}

/**
 * `finesse.clientservices.ClientServices`, as finesse.js defines it: `init(config)`,
 * `subscribe(topic, callback)` (OpenAjax dot-notation topic; returns false when the topic
 * already has a callback in this frame), `unsubscribe(topic)`, `subscribeNode(node, handler)`.
 */
export interface ClientServicesLike {
  init?(config: GadgetConfig): void;
  subscribe?(topic: string, handler: (data: unknown) => void): unknown;
  unsubscribe?(topic: string): unknown;
  subscribeNode?(node: string, handler?: (...args: unknown[]) => void): unknown;
}

export interface FinesseGlobal {
  gadget?: { Config?: GadgetConfig };
  utilities?: { Utilities?: { getAuthHeaderString?(config: GadgetConfig): string } };
  clientservices?: { ClientServices?: ClientServicesLike };
}

/** The page's `finesse` global, when finesse.js is loaded. */
export function finesseGlobal(): FinesseGlobal | undefined {
  return (globalThis as { finesse?: FinesseGlobal }).finesse;
}

/** True inside the Finesse desktop: `finesse.gadget.Config` exists. */
export function hasGadgetConfig(): boolean {
  const config = finesseGlobal()?.gadget?.Config;
  return typeof config === 'object' && config !== null;
}

/** A pref's value, or null when it is not set (missing, not a string, or empty). */
export function pref(config: GadgetConfig, name: string): string | null {
  const value = config[name];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/**
 * The Finesse origin the Config names, `scheme://host[:hostPort]`, or null without a host.
 * An unset scheme is the page's (the gadget is served by Finesse), else https; an unset
 * `hostPort` is the scheme's default port.
 */
export function configOrigin(config: GadgetConfig, pageProtocol?: string): string | null {
  const host = pref(config, 'host');
  if (!host) return null;
  const scheme = (pref(config, 'scheme') ?? pageProtocol ?? 'https').replace(/:$/, '');
  const port = pref(config, 'hostPort');
  try {
    return new URL(`${scheme}://${host}${port ? `:${port}` : ''}`).origin;
  } catch {
    return null;
  }
}
