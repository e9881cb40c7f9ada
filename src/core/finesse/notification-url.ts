import type { FinesseNodeInfo } from './models.ts';

/** What the URL rule needs to know about the node in use. */
export interface NotificationNode {
  /** The node's REST base URL (its `https://host:httpsPort`). */
  baseUrl: string;
  node: 'primary' | 'secondary';
  /** The primary's REST base URL: tells which port layout a configured URL follows. */
  primaryUrl?: string;
  /** What SystemInfo said about the node in use (ports), once read. */
  info?: FinesseNodeInfo | null;
}

const defaultPort = (url: URL) =>
  url.port || (url.protocol === 'https:' || url.protocol === 'wss:' ? '443' : '80');

/**
 * The XMPP WebSocket URL for the node in use (DESIGN.md: `notification-url`, else derived from
 * the node: `/ws` on the node's own port, which is 8445 on Finesse 12.6+).
 *
 * After a failover a configured URL keeps its scheme and path, on the other node's host and
 * port, by FINESSE.md §5's version rule: a URL on the primary's REST port (12.6+: `/ws` on
 * 8445) moves to the other node's REST port (SystemInfo's `httpsPort`); a URL on a port of its
 * own (12.5 and earlier: 7443) moves to the other node's `xmppSecurePort` (`wss:`) or
 * `xmppPort` (`ws:`) when SystemInfo names them, else keeps its port.
 */
export function notificationUrlFor(configured: string | undefined, node: NotificationNode): string {
  const base = new URL(node.baseUrl);
  if (!configured) {
    const url = new URL('/ws', base);
    url.protocol = base.protocol === 'http:' ? 'ws:' : 'wss:';
    return url.href;
  }
  const url = new URL(configured, base);
  if (node.node !== 'secondary') return url.href;
  url.hostname = base.hostname;
  const primary = node.primaryUrl ? new URL(node.primaryUrl) : null;
  if (primary && defaultPort(url) === defaultPort(primary)) {
    url.port = base.port;
  } else {
    const own = url.protocol === 'ws:' ? node.info?.xmppPort : node.info?.xmppSecurePort;
    if (own) url.port = own;
  }
  return url.href;
}
