/**
 * One XMPP-over-WebSocket connection, following docs/xmpp-wire.md step by step: the handshake
 * (SASL, bind, session, presence) and what to do with each server stanza. The socket, the
 * ping and the end live in XmppConnection (xmpp-connection.ts). Runs inside the notification
 * Worker; unit-tested in the page with a fake socket and a manual clock.
 */
import { XmppConnection } from './xmpp-connection.ts';
import {
  BIND_ID,
  SESSION_ID,
  authFrame,
  bindFrame,
  challengeAnswerFrame,
  iqResultFrame,
  iqUnsupportedFrame,
  openFrame,
  presenceFrame,
  sessionFrame,
} from './xmpp-frames.ts';
import { parseFrame } from './xml-frame-parser.ts';
import { pickMechanism } from './xmpp-sasl.ts';
import type { SaslMechanismName } from './xmpp-sasl.ts';
import { classify } from './xmpp-server-stanzas.ts';
import type { ServerStanza } from './xmpp-server-stanzas.ts';

export class XmppClient extends XmppConnection {
  private sessionAdvertised = false;
  /** The SASL mechanism chosen from the server's offer. */
  private mechanism: SaslMechanismName = 'PLAIN';

  // ---- receiving --------------------------------------------------------------------------

  protected override receive(frame: string): void {
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
}
