/**
 * One XMPP-over-WebSocket connection, following docs/xmpp-wire.md step by step. Runs inside the
 * notification Worker; the socket, the timers and the way out (`emit`) are injected so the same
 * code is unit-tested in the page with a fake socket and a manual clock.
 */
import type { ClosedEvent, ConnectCommand, WorkerEvent, WorkerPhase } from './worker-protocol.ts';
import {
  BIND_ID,
  SESSION_ID,
  authFrame,
  bindFrame,
  challengeAnswerFrame,
  closeFrame,
  iqResultFrame,
  iqUnsupportedFrame,
  openFrame,
  pingFrame,
  presenceFrame,
  sessionFrame,
} from './xmpp-frames.ts';
import { parseFrame } from './xml-frame-parser.ts';
import { pickMechanism } from './xmpp-sasl.ts';
import type { SaslMechanismName } from './xmpp-sasl.ts';
import { classify } from './xmpp-server-stanzas.ts';
import type { ServerStanza } from './xmpp-server-stanzas.ts';

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

export class XmppClient {
  private readonly host: ClientHost;
  private readonly params: ConnectCommand;
  private password: string;
  private socket: SocketLike | null = null;
  private step: Step = 'connecting';
  private opened = false;
  private wasLive = false;
  private sessionAdvertised = false;
  /** The SASL mechanism chosen from the server's offer. */
  private mechanism: SaslMechanismName = 'PLAIN';
  private pingSeq = 0;
  /** The id and send time of the ping awaiting its answer. */
  private pending: { id: string; at: number } | null = null;
  private pingTimer: unknown = null;
  private deadline: unknown = null;
  private failure: Omit<ClosedEvent, 'type' | 'code' | 'opened' | 'wasLive'> | null = null;

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

  // ---- receiving --------------------------------------------------------------------------

  private receive(frame: string): void {
    if (this.step === 'closed') return;
    const element = parseFrame(frame);
    if (!element) {
      this.fail({ reason: 'not-well-formed', condition: 'not-well-formed', authFailed: false });
      return;
    }
    this.handle(classify(element));
  }

  private handle(stanza: ServerStanza): void {
    switch (stanza.kind) {
      case 'open':
        return; // the features that follow tell us what to do
      case 'close':
        // The server's answer to our <close/>, or its own end of the stream.
        this.failure ??= { reason: 'closed-by-server', authFailed: false };
        if (this.step === 'closing') this.finish(1000, this.failure);
        else this.shutdown();
        return;
      case 'stream-error':
        this.fail({
          reason: `stream-error: ${stanza.condition}`,
          condition: stanza.condition,
          streamError: true,
          authFailed: false,
        });
        return;
      case 'features':
        return this.onFeatures(stanza);
      case 'success':
        if (this.step !== 'auth') return this.protocolError('unexpected success');
        this.status('binding');
        this.step = 'bind-features';
        this.send(openFrame(this.params.domain)); // stream restart
        return;
      case 'challenge':
        // Our mechanisms are one-step: a challenge announces a failure to come.
        if (this.step !== 'auth') return this.protocolError('unexpected challenge');
        this.send(challengeAnswerFrame(this.mechanism));
        return;
      case 'failure':
        if (this.step !== 'auth') return this.protocolError('unexpected failure');
        this.fail({
          reason: `sasl: ${stanza.condition}`,
          condition: stanza.condition,
          authFailed: true,
        });
        return;
      case 'iq':
        return this.onIq(stanza);
      case 'message':
        if (stanza.from?.toLowerCase() !== this.params.pubsubDomain.toLowerCase()) return;
        for (const item of stanza.items) {
          this.host.emit({ type: 'update', node: item.node, xml: item.xml });
        }
        return;
      case 'other':
        return; // presence and anything else: not ours to handle
    }
  }

  private onFeatures(features: Extract<ServerStanza, { kind: 'features' }>): void {
    if (this.step === 'sasl-features') {
      const mechanism = pickMechanism(this.params.sasl, features.mechanisms);
      if (!mechanism) {
        const wanted = this.params.sasl ?? 'plain';
        const offered = features.mechanisms.slice(0, 20).map((name) => name.slice(0, 40));
        this.fail({
          reason: `sasl-mechanism-unavailable: ${wanted} (offered: ${offered.join(' ') || 'none'})`,
          authFailed: false,
          saslUnavailable: { mechanism: wanted, offered },
        });
        return;
      }
      this.mechanism = mechanism;
      this.step = 'auth';
      this.status('authenticating');
      let frame: string;
      try {
        frame = authFrame(mechanism, {
          loginId: this.params.loginId,
          domain: this.params.domain,
          password: this.password,
        });
      } catch {
        this.fail({ reason: 'bad-credentials-format', authFailed: true });
        return;
      }
      this.password = ''; // not needed any more: do not keep the token around
      this.send(frame);
    } else if (this.step === 'bind-features') {
      if (!features.bind) {
        this.fail({ reason: 'no-bind-feature', authFailed: false });
        return;
      }
      this.sessionAdvertised = features.session;
      this.step = 'bind';
      this.send(bindFrame(this.params.resource));
    }
  }

  private onIq(iq: Extract<ServerStanza, { kind: 'iq' }>): void {
    if (iq.type === 'get' || iq.type === 'set') {
      this.send(iq.ping ? iqResultFrame(iq.id, iq.from) : iqUnsupportedFrame(iq.id, iq.from));
      return;
    }
    if (this.step === 'bind' && iq.id === BIND_ID) {
      if (iq.type !== 'result') {
        const condition = iq.condition ?? 'undefined-condition';
        this.fail({ reason: `bind: ${condition}`, condition, authFailed: false });
        return;
      }
      if (this.sessionAdvertised) {
        this.step = 'session';
        this.send(sessionFrame());
      } else {
        this.goLive();
      }
      return;
    }
    if (this.step === 'session' && iq.id === SESSION_ID) {
      if (iq.type !== 'result') {
        const condition = iq.condition ?? 'undefined-condition';
        this.fail({ reason: `session: ${condition}`, condition, authFailed: false });
        return;
      }
      this.goLive();
      return;
    }
    if (this.pending && iq.id === this.pending.id) {
      // Any answer, even an error (a server without XEP-0199), proves the stream is alive.
      const now = this.host.now();
      this.host.emit({ type: 'pong', at: now, rttMs: Math.max(0, now - this.pending.at) });
      this.pending = null;
    }
  }

  private goLive(): void {
    this.step = 'live';
    this.wasLive = true;
    this.host.clearTimeout(this.deadline);
    this.deadline = null;
    this.send(presenceFrame());
    this.status('live');
    this.schedulePing();
  }

  // ---- ping ---------------------------------------------------------------------------------

  private schedulePing(): void {
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

  private protocolError(what: string): void {
    this.fail({ reason: `protocol: ${what}`, authFailed: false });
  }

  private fail(failure: NonNullable<XmppClient['failure']>): void {
    if (this.step === 'closed' || this.step === 'closing') return;
    this.failure ??= failure;
    this.shutdown();
  }

  /**
   * Ends the stream: `<close/>` when the socket is open (our own, or the answer to the server's),
   * then waits briefly for the server to close the socket before closing it ourselves.
   */
  private shutdown(): void {
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

  private finish(code: number, failure: NonNullable<XmppClient['failure']>): void {
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

  private send(frame: string): void {
    try {
      this.socket?.send(frame);
    } catch {
      this.fail({ reason: 'send-failed', authFailed: false });
    }
  }

  private status(phase: WorkerPhase): void {
    this.host.emit({ type: 'status', phase });
  }
}
