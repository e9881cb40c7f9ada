/**
 * The part of Finesse's gadget JavaScript (`/desktop/assets/js/finesse.js`, loaded by the
 * gadget page) that gadget mode uses. Only what the library touches is typed here.
 */

/** `finesse.gadget.Config`: filled in by the Finesse desktop for each gadget. */
export interface GadgetConfig {
  /** The agent's id (the signed-in user). */
  id?: string;
  /** The Finesse node the desktop talks to. */
  host?: string;
  scheme?: string;
  port?: string | number;
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

/** The Finesse origin a gadget Config names (`scheme://host:port`), or null without a host. */
export function configOrigin(config: GadgetConfig): string | null {
  if (typeof config.host !== 'string' || !config.host) return null;
  const scheme = typeof config.scheme === 'string' && config.scheme ? config.scheme : 'https';
  const port = config.port === undefined || config.port === '' ? '' : `:${String(config.port)}`;
  try {
    return new URL(`${scheme.replace(/:$/, '')}://${config.host}${port}`).origin;
  } catch {
    return null;
  }
}
