/**
 * One WebSocket carrying one XMPP stream: opening the socket and the stream, the handshake
 * deadline, the ping that keeps a live stream proven alive, and the end (`<close/>`, then one
 * `closed` event however it ends). XmppClient (xmpp-client.ts) adds the handshake and the
 * stanza handling. Runs inside the notification Worker; the socket, the timers and the way out
 * (`emit`) are injected so the same code is unit-tested in the page with a fake socket and a
 * manual clock.
 */
import type { ClosedEvent, ConnectCommand, WorkerEvent, WorkerPhase } from './worker-protocol.ts';
import { closeFrame, openFrame, pingFrame } from './xmpp-frames.ts';

/** The part of WebSocket the client uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
}

export interface ClientHost {
  createSocket(url: string, protocol: string): SocketLike;
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  emit(event: WorkerEvent): void;
}

/** How long the stream may take from socket open to presence. */
export const HANDSHAKE_TIMEOUT_MS = 20_000;
/** How long after `<close/>` we wait for the server to close the socket. */
const CLOSE_GRACE_MS = 1_000;
const OPEN = 1;

type Step =
  | 'connecting' // socket not open yet
  | 'sasl-features' // sent <open>, waiting for <open> + mechanisms
  | 'auth' // sent <auth>
  | 'bind-features' // restarted the stream, waiting for bind features
  | 'bind'
  | 'session'
  | 'live'
  | 'closing'
  | 'closed';

export abstract class XmppConnection {
  protected readonly host: ClientHost;
  protected readonly params: ConnectCommand;
  protected password: string;
  private socket: SocketLike | null = null;
  protected step: Step = 'connecting';
  private opened = false;
  protected wasLive = false;
  private pingSeq = 0;
  /** The id and send time of the ping awaiting its answer. */
  protected pending: { id: string; at: number } | null = null;
  private pingTimer: unknown = null;
  protected deadline: unknown = null;
  protected failure: Omit<ClosedEvent, 'type' | 'code' | 'opened' | 'wasLive'> | null = null;

  constructor(host: ClientHost, params: ConnectCommand) {
    this.host = host;
    this.params = { ...params, password: '' };
    this.password = params.password;
  }

  get phase(): Step {
    return this.step;
  }

  start(): void {
    this.status('opening');
    let socket: SocketLike;
    try {
      socket = this.host.createSocket(this.params.url, 'xmpp');
    } catch (error) {
      // A malformed URL or a blocked scheme throws synchronously.
      this.finish(1006, {
        reason: `socket-unavailable: ${(error as Error).name}`,
        authFailed: false,
      });
      return;
    }
    this.socket = socket;
    this.deadline = this.host.setTimeout(
      () => this.fail({ reason: 'timeout', authFailed: false }),
      HANDSHAKE_TIMEOUT_MS,
    );
    socket.onopen = () => {
      if (this.step !== 'connecting') return;
      this.opened = true;
      this.step = 'sasl-features';
      this.send(openFrame(this.params.domain));
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.receive(event.data);
      else this.fail({ reason: 'binary-frame', authFailed: false });
    };
    socket.onerror = () => {
      // A close event always follows; it carries the code.
    };
    socket.onclose = (event) => {
      this.finish(
        event.code || 1006,
        this.failure ?? { reason: this.closeReason(event), authFailed: false },
      );
    };
  }

  /** Ends the stream politely (`<close/>`), then the socket. */
  close(): void {
    if (this.step === 'closed' || this.step === 'closing') return;
    this.failure ??= { reason: 'closed-by-client', authFailed: false };
    this.shutdown();
  }

  /** Takes one text frame from the server. */
  protected abstract receive(frame: string): void;

  // ---- ping ---------------------------------------------------------------------------------

  protected schedulePing(): void {
    this.pingTimer = this.host.setTimeout(() => this.ping(), this.params.pingMs);
  }

  private ping(): void {
    if (this.step !== 'live') return;
    if (this.pending) {
      // The previous ping went unanswered for a whole period: the socket is dead or half-open.
      this.fail({ reason: 'ping-timeout', authFailed: false });
      return;
    }
    const id = `ping_${++this.pingSeq}`;
    this.pending = { id, at: this.host.now() };
    this.send(pingFrame(id, this.params.domain));
    this.schedulePing();
  }

  // ---- ending -------------------------------------------------------------------------------

  protected protocolError(what: string): void {
    this.fail({ reason: `protocol: ${what}`, authFailed: false });
  }

  protected fail(failure: NonNullable<XmppConnection['failure']>): void {
    if (this.step === 'closed' || this.step === 'closing') return;
    this.failure ??= failure;
    this.shutdown();
  }

  /**
   * Ends the stream: `<close/>` when the socket is open (our own, or the answer to the server's),
   * then waits briefly for the server to close the socket before closing it ourselves.
   */
  protected shutdown(): void {
    if (this.step === 'closed' || this.step === 'closing') return;
    this.step = 'closing';
    this.host.clearTimeout(this.pingTimer);
    this.host.clearTimeout(this.deadline);
    const socket = this.socket;
    if (!socket) return this.finish(1006, this.failure!);
    if (socket.readyState === OPEN) {
      this.send(closeFrame());
    } else {
      try {
        socket.close();
      } catch {
        // already closing
      }
    }
    this.deadline = this.host.setTimeout(
      () => this.finish(this.opened ? 1000 : 1006, this.failure!),
      CLOSE_GRACE_MS,
    );
  }

  protected finish(code: number, failure: NonNullable<XmppConnection['failure']>): void {
    if (this.step === 'closed') return;
    this.step = 'closed';
    this.password = '';
    this.host.clearTimeout(this.pingTimer);
    this.host.clearTimeout(this.deadline);
    const socket = this.socket;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = null;
      socket.onclose = null;
      if (socket.readyState <= OPEN) {
        try {
          socket.close(1000);
        } catch {
          // ignore
        }
      }
    }
    this.host.emit({
      type: 'closed',
      code,
      ...failure,
      opened: this.opened,
      wasLive: this.wasLive,
    });
  }

  private closeReason(event: CloseEvent): string {
    if (!this.opened) return 'socket-error';
    return event.reason ? `socket-closed: ${event.reason.slice(0, 80)}` : 'socket-closed';
  }

  protected send(frame: string): void {
    try {
      this.socket?.send(frame);
    } catch {
      this.fail({ reason: 'send-failed', authFailed: false });
    }
  }

  protected status(phase: WorkerPhase): void {
    this.host.emit({ type: 'status', phase });
  }
}
