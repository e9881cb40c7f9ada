/**
 * The cross-tab channel of XmppNotifications: what the holder tells the other tabs (its
 * status, each update, hello and gone) and what a follower does with what it hears. Only agent
 * data and statuses cross it, never a token. It also keeps what every layer reads (the options,
 * the clock, the tab id, running and holding); the connection and the lock build on it
 * (xmpp-holder-connection.ts, xmpp-notifications.ts).
 */
import type { Clock } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import { createLogger } from '../kernel/logger.ts';
import { listenChecked } from '../kernel/checked-listener.ts';
import type { ChannelLike } from '../kernel/tab-channel.ts';
import { openTabChannel } from '../kernel/tab-channel.ts';
import { XmppListeners } from './xmpp-listeners.ts';
import { cryptoHex } from './xmpp-options.ts';
import type { XmppNotificationsOptions } from './xmpp-options.ts';
import { DEFAULT_XMPP_SETTINGS } from './xmpp-settings.ts';
import { isXmppTabMessage, xmppChannelName } from './xmpp-tab-messages.ts';
import type { XmppTabMessage } from './xmpp-tab-messages.ts';

const log = createLogger('xmpp');

export abstract class XmppTabChannel extends XmppListeners {
  protected readonly options: XmppNotificationsOptions;
  protected readonly clock: Clock;
  protected readonly tabId: string;
  protected readonly pingMs: number;
  protected running = false;
  protected holding = false;
  protected channel: ChannelLike | null = null;
  protected lastHeard = 0;
  protected probeTimer: unknown = null;
  protected readonly cleanups: Array<() => void> = [];

  constructor(options: XmppNotificationsOptions) {
    super();
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.tabId = options.tabId ?? cryptoHex(8);
    this.pingMs = options.pingMs ?? DEFAULT_XMPP_SETTINGS.pingMs;
  }

  // ---- the other tabs ----------------------------------------------------------------------

  protected openChannel(): void {
    let channel: ChannelLike | null = null;
    try {
      const name = xmppChannelName(this.options.agentKey);
      channel = this.options.createChannel
        ? this.options.createChannel(name)
        : (openTabChannel(name) ?? null);
    } catch (error) {
      log.warn(`notification channel unavailable: ${(error as Error)?.name}`);
    }
    if (!channel) return;
    this.cleanups.push(
      listenChecked(channel, {
        accept: isXmppTabMessage,
        kind: 'notifications',
        onMessage: (message) => this.onTabMessage(message),
      }),
    );
    this.channel = channel;
  }

  private onTabMessage(message: XmppTabMessage): void {
    if (!this.running || message.from === this.tabId) return;
    if (this.holding) {
      if (message.type === 'xmpp-hello') this.broadcastStatus();
      return;
    }
    this.lastHeard = this.clock.now();
    this.clock.clearTimeout(this.probeTimer);
    this.probeTimer = null;
    switch (message.type) {
      case 'xmpp-status':
        this.lastProblem = message.problem ?? null;
        this.setStatus(message.status);
        return;
      case 'xmpp-update':
        this.deliver({ node: message.node, xml: message.xml });
        return;
      case 'xmpp-gone':
        this.setStatus('connecting'); // the next tab in the queue is taking over
        return;
      case 'xmpp-hello':
        return;
    }
  }

  protected broadcastStatus(): void {
    if (!this.holding || this.currentStatus === 'stopped') return;
    this.post({
      type: 'xmpp-status',
      from: this.tabId,
      status: this.currentStatus,
      ...(this.lastProblem ? { problem: this.lastProblem } : {}),
    });
  }

  protected post(message: XmppTabMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch (error) {
      log.warn(`notification broadcast failed: ${(error as Error)?.name}`);
    }
  }
}
