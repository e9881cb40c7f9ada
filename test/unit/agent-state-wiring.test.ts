import { expect, fixture, html } from '@open-wc/testing';
import { AgentController } from '../../src/elements/shared/controllers/agent-controller.ts';
import type { AgentSnapshot } from '../../src/core/finesse/agent-api.ts';
import { agentFor, releaseAgent } from '../../src/core/finesse/session-agent.ts';
import '../../src/elements/sso-session/finesse-sso-session.ts';
import type { FinesseAgentState } from '../../src/elements/agent-state/agent-state.component.ts';
import type { FinesseDialogControls } from '../../src/elements/dialog-controls/dialog-controls.component.ts';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { ko } from '../../src/i18n/ko.ts';
import { FakeAgent, mountState, part, snapshot, text, user } from './fake-agent.ts';
import { FakeSession } from './fake-session.ts';
import { ManualTimers, TestHost } from './helpers/controller-host.ts';
import { loadLanguages } from './helpers/languages.ts';

before(loadLanguages);

describe('AgentController', () => {
  it('subscribes on connect, reports each new snapshot with the previous one, unsubscribes', () => {
    const host = new TestHost();
    const agent = new FakeAgent();
    const seen: [AgentSnapshot, AgentSnapshot][] = [];
    const controller = new AgentController(host, {
      agent: () => agent,
      onChange: (next, previous) => seen.push([next, previous]),
    });
    expect(host.controllers).to.deep.equal([controller]);
    controller.hostConnected();
    expect(agent.listenerCount).to.equal(1);
    expect(controller.agent).to.equal(agent);

    const first = agent.snapshot;
    agent.patch({ notifications: 'polling' });
    expect(seen).to.deep.equal([[agent.snapshot, first]]);
    expect(host.updates).to.equal(1);

    // The same snapshot again (a model repeating itself) re-renders but reports nothing.
    agent.set(agent.snapshot);
    expect(seen).to.have.length(1);

    controller.hostDisconnected();
    expect(agent.listenerCount).to.equal(0);
    agent.patch({ notifications: 'live' });
    expect(host.updates).to.equal(2);
  });

  it('moves its subscription when the host gets another model', () => {
    const host = new TestHost();
    const first = new FakeAgent();
    const second = new FakeAgent();
    let current: FakeAgent | undefined = first;
    const controller = new AgentController(host, { agent: () => current });
    controller.hostConnected();
    current = second;
    controller.hostUpdate();
    expect(first.listenerCount).to.equal(0);
    expect(second.listenerCount).to.equal(1);
    current = undefined;
    controller.hostUpdate();
    expect(second.listenerCount).to.equal(0);
    expect(controller.snapshot).to.equal(undefined);
  });

  it('ticks once a second only while a live duration is visible', () => {
    const host = new TestHost();
    const timers = new ManualTimers();
    let visible = false;
    const controller = new AgentController(host, {
      agent: () => undefined,
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

  it('re-renders when the tab becomes visible again', () => {
    const host = new TestHost();
    const controller = new AgentController(host, { agent: () => undefined });
    controller.hostConnected();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(host.updates).to.equal(1);
    controller.hostDisconnected();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(host.updates).to.equal(1);
  });
});

describe('<finesse-agent-state> inside <finesse-sso-session>', () => {
  it('gets the session through context and the model from agentFor(session)', async () => {
    const session = new FakeSession();
    try {
      const wrapper = await fixture<HTMLElement>(
        html`<finesse-sso-session .session=${session}>
          <finesse-agent-state></finesse-agent-state>
          <finesse-dialog-controls></finesse-dialog-controls>
        </finesse-sso-session>`,
      );
      const state = wrapper.querySelector<FinesseAgentState>('finesse-agent-state')!;
      const dialogs = wrapper.querySelector<FinesseDialogControls>('finesse-dialog-controls')!;
      expect(state.session).to.equal(session);
      expect(dialogs.session).to.equal(session);
      // Both share the session's one model; signed out, it has no user: a quiet line.
      const model = agentFor(session);
      expect(state.snapshot).to.equal(model.snapshot);
      expect(dialogs.snapshot).to.equal(model.snapshot);
      expect(text(part(state, 'status'))).to.equal(en.agent.notSignedIn);
      await expect(wrapper).to.be.accessible();
    } finally {
      releaseAgent(session);
    }
  });

  it('prefers a host-given agent over the session model', async () => {
    const session = new FakeSession();
    const agent = new FakeAgent();
    const wrapper = await fixture<HTMLElement>(
      html`<finesse-sso-session .session=${session}>
        <finesse-agent-state .agent=${agent}></finesse-agent-state>
      </finesse-sso-session>`,
    );
    const el = wrapper.querySelector<FinesseAgentState>('finesse-agent-state')!;
    expect(el.session).to.equal(session);
    expect(el.snapshot).to.equal(agent.snapshot);
    expect(text(part(el, 'name'))).to.equal('Jane Doe');
  });

  it('shows the quiet line outside any session and without an agent', async () => {
    const el = await fixture<FinesseAgentState>(html`<finesse-agent-state></finesse-agent-state>`);
    expect(el.session).to.equal(undefined);
    expect(text(part(el, 'status'))).to.equal(en.agent.notSignedIn);
  });
});

describe('<finesse-agent-state> languages', () => {
  it('speaks Japanese with lang="ja"', async () => {
    const agent = new FakeAgent(
      snapshot({ user: user({ state: 'NOT_READY', reasonCodeId: '12' }) }),
    );
    const el = await mountState(agent, 'ja');
    expect(text(part(el, 'badge'))).to.equal(ja.agent.states.NOT_READY);
    expect(text(part(el, 'ready-button'))).to.equal(ja.agent.ready);
    expect(text(part(el, 'extension'))).to.equal('内線 1001');
    expect(part<HTMLSelectElement>(el, 'logout-reason-select')!.options[0]!.text).to.equal(
      ja.agent.chooseReason,
    );
    await expect(el).to.be.accessible();
  });

  it('speaks Korean with lang="ko", including the login form and warning', async () => {
    const agent = new FakeAgent(
      snapshot({ user: user({ state: 'LOGOUT' }), notifications: 'polling' }),
    );
    const el = await mountState(agent, 'ko');
    expect(text(part(el, 'badge'))).to.equal(ko.agent.states.LOGOUT);
    expect(text(part(el, 'login-button'))).to.equal(ko.agent.login);
    expect(text(part(el, 'warning'))).to.equal(ko.agent.pollingWarning);
    await expect(el).to.be.accessible();
  });

  it('follows the closest ancestor lang', async () => {
    const agent = new FakeAgent();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="ko-KR"><finesse-agent-state .agent=${agent}></finesse-agent-state></div>`,
    );
    const el = wrapper.firstElementChild as FinesseAgentState;
    expect(text(part(el, 'badge'))).to.equal(ko.agent.states.READY);
    el.setAttribute('lang', 'ja');
    await el.updateComplete;
    expect(text(part(el, 'badge'))).to.equal(ja.agent.states.READY);
  });

  it('has every agent and dialog string in every language', () => {
    const shape = (value: unknown): unknown =>
      value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]))
        : typeof value;
    for (const catalog of [ja, ko]) {
      expect(shape(catalog.agent)).to.deep.equal(shape(en.agent));
      expect(shape(catalog.dialog)).to.deep.equal(shape(en.dialog));
    }
  });
});
