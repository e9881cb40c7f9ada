import { expect } from '@open-wc/testing';
import { SESSION_EVENT_TYPES } from '../../src/elements/shared/events.ts';
import { SessionController } from '../../src/elements/shared/controllers/session-controller.ts';
import { FakeSession } from './fake-session.ts';
import { ManualTimers, TestHost } from './helpers/controller-host.ts';

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
