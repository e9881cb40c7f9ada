// @ts-check
/**
 * `/ws` on a Finesse node: the HTTP upgrade to a WebSocket with the `xmpp` sub-protocol (ws's
 * WebSocketServer in noServer mode), refused while the node is out of service, and refused
 * (403) for a page of another origin unless that origin is on the node's allow-list for
 * notifications (`utils finesse cors allowed_origin add`).
 */
import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';

/**
 * @param {import('node:stream').Duplex} socket @param {number} status
 */
function refuse(socket, status) {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

/**
 * @param {import('node:http').Server} server
 * @param {{ node: string, hub: import('./xmpp-hub.js').XmppHub, outOfService: () => boolean,
 *   allowOrigin: (origin: string) => boolean, log: (line: string) => void }} deps
 */
export function attachXmpp(server, { node, hub, outOfService, allowOrigin, log }) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (/** @type {Set<string>} */ protocols) =>
      protocols.has('xmpp') ? 'xmpp' : false,
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (path !== '/ws') return refuse(socket, 404);
    if (outOfService()) {
      log(`[xmpp ${node}] upgrade refused: out of service`);
      return refuse(socket, 503);
    }
    const from = req.headers.origin;
    if (from && !allowOrigin(from)) {
      log(`[xmpp ${node}] upgrade refused: origin ${from} is not allowed`);
      return refuse(socket, 403);
    }
    if (!protocols.includes('xmpp')) {
      log(`[xmpp ${node}] upgrade refused: no xmpp sub-protocol`);
      return refuse(socket, 400);
    }
    wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws, node));
  });
}
