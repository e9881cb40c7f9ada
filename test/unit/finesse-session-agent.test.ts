import { expect } from '@open-wc/testing';
import type { AgentNotificationInfo } from '../../src/core/finesse/agent-model.ts';
import { agentFor, releaseAgent } from '../../src/core/finesse/session-agent.ts';
import type { AgentCarrier, NotificationFactory } from '../../src/core/finesse/session-agent.ts';
import type { SessionApi } from '../../src/core/session/session-api.ts';
import { FakeSession } from './fake-session.ts';
import { FakeFinesse, FakeNotifications, PRIMARY } from './finesse-fixtures.ts';

/**
 * A signed-in fake session whose `fetch` is a fake Finesse (agent1 → loginId 1001), with its own
 * notification source when one is given (as the assembly room gives gadget sessions theirs).
 */
function signedIn(notificationFactory?: NotificationFactory | null): {
  session: FakeSession & AgentCarrier;
  finesse: FakeFinesse;
} {
  const session: FakeSession & AgentCarrier = new FakeSession();
  if (notificationFactory !== undefined) session.notificationFactory = notificationFactory;
  session.signInNow();
  session.user = { userId: 'agent1', realm: 'lab', userPrincipal: 'agent1@lab.test' };
  session.endpoints = { finesseUrl: `${PRIMARY}/`, notificationUrl: 'wss://fin1.test:7443/ws' };
  const finesse = new FakeFinesse();
  session.fetch = (input, init) => finesse.fetch(String(input), init);
  return { session, finesse };
}

describe('agentFor', () => {
  const sessions: SessionApi[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) releaseAgent(session);
  });

  it('gives one started model per session, loading through the session’s fetch', async () => {
    const { session, finesse } = signedIn();
    sessions.push(session);
    const model = agentFor(session);
    expect(agentFor(session)).to.equal(model);
    await model.reload();
    expect(model.snapshot.user?.loginId).to.equal('1001');
    expect(finesse.seen[0]!.url).to.equal(`${PRIMARY}/finesse/api/User/agent1`);
    const other = signedIn();
    sessions.push(other.session);
    expect(agentFor(other.session)).not.to.equal(model);
  });

  it('a session whose notification source is null polls', async () => {
    const { session } = signedIn(null);
    sessions.push(session);
    const model = agentFor(session);
    await model.reload();
    expect(model.snapshot.notifications).to.equal('polling');
  });

  it('asks the session’s own notification source, with the session and the agent’s XMPP facts', async () => {
    const asked: [SessionApi, AgentNotificationInfo][] = [];
    const service = new FakeNotifications('live');
    const { session } = signedIn((session, agent) => {
      asked.push([session, agent]);
      return service;
    });
    sessions.push(session);
    const model = agentFor(session);
    await model.reload();
    expect(asked).to.have.length(1);
    expect(asked[0]![0]).to.equal(session);
    expect(asked[0]![1]).to.deep.equal({
      loginId: '1001',
      xmppDomain: 'fin1.test',
      pubsubDomain: 'pubsub.fin1.test',
      notificationUrl: 'wss://fin1.test:7443/ws',
      node: 'primary',
    });
    expect(service.started).to.equal(1);
    expect(model.snapshot.notifications).to.equal('live');
  });

  it('a user change stops the model and builds a fresh one for the new user', async () => {
    const service = new FakeNotifications('live');
    const { session, finesse } = signedIn(() => service);
    sessions.push(session);
    const model = agentFor(session);
    await model.reload();
    expect(model.snapshot.user?.loginId).to.equal('1001');
    finesse.seen.length = 0;
    session.user = { userId: 'agent2', realm: 'lab', userPrincipal: 'agent2@lab.test' };
    session.emit('user-changed', { previousUserId: 'agent1', userId: 'agent2' });
    // The old model is stopped and empty: no agent1 state stays on screen.
    expect(service.stopped).to.equal(1);
    expect(model.snapshot.user).to.equal(null);
    const next = agentFor(session);
    expect(next).not.to.equal(model);
    await next.reload().catch(() => undefined);
    // The fresh model asks for the new user, never for agent1.
    expect(finesse.seen.length).to.be.greaterThan(0);
    expect(finesse.seen[0]!.url).to.equal(`${PRIMARY}/finesse/api/User/agent2`);
    expect(finesse.seen.some((r) => r.url.includes('/User/agent1'))).to.equal(false);
    // Only the current model follows the session: a second change replaces it once more.
    session.user = { userId: 'agent3', realm: 'lab', userPrincipal: 'agent3@lab.test' };
    session.emit('user-changed', { previousUserId: 'agent2', userId: 'agent3' });
    const third = agentFor(session);
    expect(third).not.to.equal(next);
    expect(agentFor(session)).to.equal(third);
  });

  it('releaseAgent stops the model and forgets it', async () => {
    const service = new FakeNotifications('live');
    const { session } = signedIn(() => service);
    const model = agentFor(session);
    await model.reload();
    releaseAgent(session);
    expect(service.stopped).to.equal(1);
    expect(model.snapshot.user).to.equal(null);
    const next = agentFor(session);
    sessions.push(session);
    expect(next).not.to.equal(model);
  });

  it('keeps each session’s model and source on that session: none leaks into another', async () => {
    const gadgetFeed = new FakeNotifications('live');
    const gadget = signedIn(() => gadgetFeed);
    const plain = signedIn(null);
    sessions.push(gadget.session, plain.session);
    const first = agentFor(gadget.session);
    const second = agentFor(plain.session);
    await Promise.all([first.reload(), second.reload()]);
    expect(gadget.session.agentSlot?.model).to.equal(first);
    expect(plain.session.agentSlot?.model).to.equal(second);
    expect(first.snapshot.notifications).to.equal('live');
    expect(second.snapshot.notifications).to.equal('polling');
    expect(gadgetFeed.started).to.equal(1);
  });
});
