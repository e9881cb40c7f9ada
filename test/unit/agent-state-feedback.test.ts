import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { en } from '../../src/i18n/en.ts';
import {
  FakeAgent,
  agentIn,
  apiError,
  choose,
  has,
  mountState,
  part,
  parts,
  snapshot,
  text,
  user,
} from './fake-agent.ts';

type Button = HTMLButtonElement;

describe('<finesse-agent-state> feedback and API', () => {
  describe('busy', () => {
    it('disables every control while a state request is in flight, and says so', async () => {
      const agent = agentIn({ state: 'NOT_READY', reasonCodeId: '12' });
      agent.patch({ busy: new Set(['state']) });
      const el = await mountState(agent);
      for (const button of parts<Button>(el, 'button')) expect(button.disabled).to.equal(true);
      for (const select of parts<HTMLSelectElement>(el, 'reason-select')) {
        expect(select.disabled).to.equal(true);
      }
      expect(text(el.shadowRoot!.querySelector('[role="status"]'))).to.equal(en.agent.sending);

      agent.patch({ busy: new Set(['16777217:HOLD', 'make-call']) });
      await el.updateComplete;
      expect(part<Button>(el, 'ready-button')!.disabled).to.equal(false);
    });

    it('disables phone login while busy', async () => {
      const agent = new FakeAgent(
        snapshot({ user: user({ state: 'LOGOUT' }), busy: new Set(['state']) }),
      );
      const el = await mountState(agent);
      expect(part<Button>(el, 'login-button')!.disabled).to.equal(true);
    });

    it('forgets the reason chosen once the request was accepted', async () => {
      const agent = new FakeAgent();
      const el = await mountState(agent);
      choose(part<HTMLSelectElement>(el, 'not-ready-reason-select')!, '12');
      await el.updateComplete;
      part<Button>(el, 'not-ready-button')!.click();
      await Promise.resolve();
      await el.updateComplete;
      expect(part<HTMLSelectElement>(el, 'not-ready-reason-select')!.value).to.equal('');
    });
  });

  describe('errors', () => {
    it('shows an api-error inline with the server message, and stays usable', async () => {
      const agent = agentIn({ state: 'NOT_READY', reasonCodeId: '12' });
      agent.patch({ lastError: apiError('Invalid State', 'Cannot change state to READY <now>') });
      const el = await mountState(agent);
      const error = part(el, 'error')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(text(error.querySelector('p'))).to.equal(
        `${en.agent.errorLead} Cannot change state to READY <now> (Invalid State)`,
      );
      expect(error.querySelector('now') === null).to.equal(true);
      expect(part<Button>(el, 'ready-button')!.disabled).to.equal(false);
      await expect(el).to.be.accessible();

      const dismiss = part<Button>(el, 'dismiss-button')!;
      expect(dismiss.getAttribute('aria-label')).to.equal(en.agent.dismissLabel);
      dismiss.click();
      await el.updateComplete;
      expect(agent.callsOf('clearError')).to.have.length(1);
      expect(has(el, 'error')).to.equal(false);
    });

    it('shows other errors in the words of their code', async () => {
      const agent = new FakeAgent();
      agent.patch({ lastError: new FinesseError('network', 'fetch failed') });
      const el = await mountState(agent);
      expect(text(part(el, 'error')!.querySelector('p'))).to.equal(en.errors.network);
    });

    it('does not throw out of a click when the model rejects', async () => {
      const agent = agentIn({ state: 'NOT_READY' });
      agent.reject = apiError('Invalid State', 'no');
      const el = await mountState(agent);
      part<Button>(el, 'ready-button')!.click();
      await el.updateComplete;
      expect(agent.callsOf('setState')).to.deep.equal([['READY']]);
    });
  });

  describe('polling', () => {
    it('warns that live updates are unavailable and Finesse may sign the phone out', async () => {
      const agent = new FakeAgent(snapshot({ notifications: 'polling' }));
      const el = await mountState(agent);
      expect(text(part(el, 'warning'))).to.equal(en.agent.pollingWarning);
      await expect(el).to.be.accessible();
      agent.patch({ notifications: 'live' });
      await el.updateComplete;
      expect(has(el, 'warning')).to.equal(false);
    });
  });

  describe('events', () => {
    it('fires finesse-agent-state-change, bubbling and composed, on a change only', async () => {
      const agent = new FakeAgent();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><finesse-agent-state .agent=${agent}></finesse-agent-state></div>`,
      );
      const seen: string[] = [];
      wrapper.addEventListener('finesse-agent-state-change', (e) => seen.push(e.detail.state));
      agent.patch({ notifications: 'polling' });
      const heard = oneEvent(wrapper, 'finesse-agent-state-change');
      agent.moveTo('NOT_READY', { reasonCodeId: '12' });
      const event = await heard;
      expect(event.detail).to.deep.equal({ state: 'NOT_READY', previous: 'READY' });
      expect(event.bubbles && event.composed).to.equal(true);
      expect(seen).to.deep.equal(['NOT_READY']);
    });

    it('fires finesse-agent-error with the server type and message, never a token', async () => {
      const agent = new FakeAgent();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><finesse-agent-state .agent=${agent}></finesse-agent-state></div>`,
      );
      const heard = oneEvent(wrapper, 'finesse-agent-error');
      agent.patch({ lastError: apiError('Parameter Missing', 'reasonCodeId is required') });
      const event = await heard;
      expect(event.detail).to.deep.equal({
        code: 'api-error',
        errorType: 'Parameter Missing',
        message: 'reasonCodeId is required',
      });
      expect(event.bubbles && event.composed).to.equal(true);
    });
  });

  describe('JS API', () => {
    it('delegates setState and loginPhone to the model', async () => {
      const agent = new FakeAgent();
      const el = await mountState(agent);
      await el.setState('NOT_READY', '12');
      await el.setState('READY');
      await el.loginPhone('1002');
      expect(agent.calls.map((call) => [call.method, ...call.args])).to.deep.equal([
        ['setState', 'NOT_READY', '12'],
        ['setState', 'READY'],
        ['loginPhone', '1002'],
      ]);
    });

    it('rejects with the model error so hosts can react', async () => {
      const agent = new FakeAgent();
      agent.reject = apiError('Invalid State', 'no');
      const el = await mountState(agent);
      const error = await el.setState('READY').catch((e: unknown) => e);
      expect(error).to.equal(agent.reject);
    });

    it('follows another model set on `agent`, and unsubscribes when removed', async () => {
      const first = new FakeAgent();
      const second = new FakeAgent(snapshot({ user: user({ firstName: 'Kim', lastName: 'Lee' }) }));
      const el = await mountState(first);
      expect(first.listenerCount).to.equal(1);
      el.agent = second;
      await el.updateComplete;
      expect(first.listenerCount).to.equal(0);
      expect(second.listenerCount).to.equal(1);
      expect(text(part(el, 'name'))).to.equal('Kim Lee');
      el.remove();
      expect(second.listenerCount).to.equal(0);
    });
  });
});
