/**
 * The notification Worker: one XMPP connection at a time, driven by the page. Built on its own
 * into `dist/finesse-sso-xmpp-worker.js` (a classic script); the page bundle never contains it.
 * It runs in a dedicated Worker because a Worker's timers are not throttled like a hidden
 * page's, so the ping (every `pingMs`, 15 s by default) stays on time (Finesse wants one at
 * least every 20 s).
 *
 * Page → Worker: `{type:'connect', url, domain, pubsubDomain, loginId, password, resource,
 * pingMs, sasl}` (`sasl` absent: PLAIN) and `{type:'close'}`. Worker → page: `status`, `update`, `pong`, `closed` (see
 * worker-protocol.ts). Nothing here logs, and nothing sent back carries the password.
 */
import type { WorkerEvent } from './worker-protocol.ts';
import { isWorkerCommand } from './worker-protocol.ts';
import { countMalformed } from '../kernel/malformed.ts';
import { XmppClient } from './xmpp-client.ts';
import type { SocketLike } from './xmpp-connection.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: WorkerEvent): void;
  WebSocket: new (url: string, protocol: string) => SocketLike;
}

const scope = globalThis as unknown as WorkerScope;
let client: XmppClient | null = null;

scope.onmessage = (event) => {
  const command: unknown = event.data;
  // Checked by shape; a malformed command is ignored and counted (in the Worker), never logged.
  if (!isWorkerCommand(command)) return countMalformed('notifications-worker');
  const previous = client;
  client = null;
  previous?.close();
  if (command.type === 'close') return;
  const current: XmppClient = new XmppClient(
    {
      createSocket: (url, protocol) => new scope.WebSocket(url, protocol),
      now: () => Date.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      // Events of a connection the page has replaced or closed are dropped.
      emit: (message) => {
        if (client === current) scope.postMessage(message);
      },
    },
    command,
  );
  client = current;
  current.start();
};
