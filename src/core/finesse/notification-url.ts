/**
 * The XMPP WebSocket URL for the node in use (DESIGN.md: `notification-url`, else derived from
 * the node: `/ws` on the node's own port, which is 8445 on Finesse 12.6+).
 */
export function notificationUrlFor(
  configured: string | undefined,
  node: { baseUrl: string; node: 'primary' | 'secondary' },
): string {
  const base = new URL(node.baseUrl);
  if (configured) {
    const url = new URL(configured, base);
    // After a failover the configured URL (port, path) still holds, on the other node's host.
    if (node.node === 'secondary') url.hostname = base.hostname;
    return url.href;
  }
  const url = new URL('/ws', base);
  url.protocol = base.protocol === 'http:' ? 'ws:' : 'wss:';
  return url.href;
}
