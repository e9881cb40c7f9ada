import { expect } from '@open-wc/testing';
import { SESSION_EVENT_TYPES } from '../../src/events.ts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SessionController } from '../../src/controllers/session-controller.ts';
import type { IntervalTimers } from '../../src/controllers/session-controller.ts';
import { FakeSession } from './fake-session.ts';

/** Interval timers the test fires by hand. */
class ManualTimers implements IntervalTimers {
  readonly running = new Map<number, { callback: () => void; ms: number }>();
  private sequence = 0;
  setInterval(callback: () => void, ms: number): unknown {
    this.running.set(++this.sequence, { callback, ms });
    return this.sequence;
  }
  clearInterval(handle: unknown): void {
    this.running.delete(handle as number);
  }
  fire(): void {
    for (const { callback } of [...this.running.values()]) callback();
  }
}

/** A host without rendering: counts update requests and drives the controller by hand. */
class TestHost implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(controller: ReactiveController): void {
    this.controllers = this.controllers.filter((c) => c !== controller);
  }
  requestUpdate(): void {
    this.updates++;
  }
}

describe('SessionController', () => {
  it('subscribes on connect, forwards each event, re-renders, and unsubscribes on disconnect', () => {
    const host = new TestHost();
    const session = new FakeSession();
    const seen: string[] = [];
    const controller = new SessionController(host, {
      session: () => session,
      onEvent: (type) => seen.push(type),
    });
    expect(host.controllers).to.deep.equal([controller]);
    controller.hostConnected();
    expect(session.listenerCount).to.equal(SESSION_EVENT_TYPES.length);
    expect(controller.session).to.equal(session);

    session.emit('token-refreshed', { expiresAt: 1, byThisTab: true });
    session.emit('signed-out', { byThisTab: false });
    expect(seen).to.deep.equal(['token-refreshed', 'signed-out']);
    expect(host.updates).to.equal(2);

    controller.hostDisconnected();
    expect(session.listenerCount).to.equal(0);
    session.emit('signed-out', { byThisTab: false });
    expect(host.updates).to.equal(2);
  });

  it('moves its subscription when the host gets another session', () => {
    const host = new TestHost();
    const first = new FakeSession();
    const second = new FakeSession();
    let current = first;
    const controller = new SessionController(host, { session: () => current });
    controller.hostConnected();
    current = second;
    controller.hostUpdate();
    expect(first.listenerCount).to.equal(0);
    expect(second.listenerCount).to.equal(SESSION_EVENT_TYPES.length);
    controller.hostDisconnected();
    expect(second.listenerCount).to.equal(0);
  });

  it('re-renders on tick and when the tab becomes visible', () => {
    const host = new TestHost();
    const controller = new SessionController(host, { session: () => undefined });
    controller.hostConnected();
    controller.tick();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(host.updates).to.equal(2);
    controller.hostDisconnected();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(host.updates).to.equal(2);
  });

  it('ticks once a second only while a countdown is visible', () => {
    const host = new TestHost();
    const timers = new ManualTimers();
    let visible = false;
    const controller = new SessionController(host, {
      session: () => undefined,
      ticking: () => visible,
      timers,
    });
    controller.hostConnected();
    controller.hostUpdated();
    expect(timers.running.size).to.equal(0);

    visible = true;
    controller.hostUpdated();
    controller.hostUpdated();
    expect([...timers.running.values()].map((timer) => timer.ms)).to.deep.equal([1000]);
    timers.fire();
    expect(host.updates).to.equal(1);

    visible = false;
    controller.hostUpdated();
    expect(timers.running.size).to.equal(0);

    visible = true;
    controller.hostUpdated();
    controller.hostDisconnected();
    expect(timers.running.size).to.equal(0);
  });
});
