import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { en } from '../../src/i18n/en.ts';
import {
  END_OF_SHIFT,
  FakeAgent,
  LUNCH,
  agentIn,
  choose,
  has,
  mountState,
  part,
  parts,
  rerender,
  snapshot,
  text,
  type,
} from './fake-agent.ts';

type Button = HTMLButtonElement;

describe('<finesse-agent-state>', () => {
  describe('without an agent', () => {
    it('shows a quiet "not signed in" line and no controls without a model', async () => {
      const el = await mountState(undefined);
      expect(text(part(el, 'status'))).to.equal(en.agent.notSignedIn);
      expect(parts(el, 'button')).to.have.length(0);
      expect(has(el, 'error')).to.equal(false);
      expect(el.snapshot).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('shows the same line while the model has no user yet', async () => {
      const el = await mountState(new FakeAgent(snapshot({ user: null })));
      expect(text(part(el, 'status'))).to.equal(en.agent.notSignedIn);
      expect(parts(el, 'button')).to.have.length(0);
    });

    it('rejects JS API calls with signed-out while there is no model', async () => {
      const el = await mountState(undefined);
      const error = await el.setState('READY').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(FinesseError);
      expect((error as FinesseError).code).to.equal('signed-out');
    });
  });

  describe('READY', () => {
    it('shows name, extension, a translated badge and the time in state', async () => {
      const agent = new FakeAgent();
      const el = await mountState(agent);
      expect(text(part(el, 'name'))).to.equal('Jane Doe');
      expect(text(part(el, 'extension'))).to.equal('Ext. 1001');
      const badge = part(el, 'badge')!;
      expect(text(badge)).to.equal('Ready');
      expect(badge.dataset['state']).to.equal('READY');
      expect(text(part(el, 'time'))).to.equal('1:05');
      expect(part(el, 'time')!.getAttribute('role')).to.equal('timer');
      expect(has(el, 'reason')).to.equal(false);
      expect(has(el, 'pending')).to.equal(false);
      expect(el.snapshot).to.equal(agent.snapshot);
      await expect(el).to.be.accessible();
    });

    it('disables READY, and NOT_READY / LOGOUT until a required reason is chosen', async () => {
      const agent = new FakeAgent();
      const el = await mountState(agent);
      expect(part<Button>(el, 'ready-button')!.disabled).to.equal(true);
      expect(part<Button>(el, 'not-ready-button')!.disabled).to.equal(true);
      expect(part<Button>(el, 'logout-button')!.disabled).to.equal(true);

      const menu = part<HTMLSelectElement>(el, 'not-ready-reason-select')!;
      expect(menu.required).to.equal(true);
      expect([...menu.options].map((option) => option.text)).to.deep.equal([
        en.agent.chooseReason,
        'Lunch',
        'Meeting',
      ]);
      expect(menu.labels[0]!.textContent!.trim()).to.equal(en.agent.notReadyReasonLabel);
      choose(menu, '13');
      await el.updateComplete;
      const notReady = part<Button>(el, 'not-ready-button')!;
      expect(notReady.disabled).to.equal(false);
      notReady.click();
      expect(agent.callsOf('setState')).to.deep.equal([['NOT_READY', '13']]);
    });

    it('sends LOGOUT with the reason chosen', async () => {
      const agent = new FakeAgent();
      const el = await mountState(agent);
      choose(part<HTMLSelectElement>(el, 'logout-reason-select')!, END_OF_SHIFT.id);
      await el.updateComplete;
      part<Button>(el, 'logout-button')!.click();
      expect(agent.callsOf('setState')).to.deep.equal([['LOGOUT', '2']]);
    });

    it('offers "No reason" and sends no reason when none is required', async () => {
      const agent = new FakeAgent(
        snapshot({
          reasonRequired: { NOT_READY: false, LOGOUT: false },
          reasonCodes: { NOT_READY: [LUNCH], LOGOUT: [] },
        }),
      );
      const el = await mountState(agent);
      const menu = part<HTMLSelectElement>(el, 'not-ready-reason-select')!;
      expect(menu.required).to.equal(false);
      expect(menu.options[0]!.text).to.equal(en.agent.noReason);
      expect(has(el, 'logout-reason-select')).to.equal(false);
      part<Button>(el, 'not-ready-button')!.click();
      part<Button>(el, 'logout-button')!.click();
      expect(agent.callsOf('setState')).to.deep.equal([['NOT_READY'], ['LOGOUT']]);
    });
  });

  describe('live time in state', () => {
    it('advances with the model clock, m:ss then h:mm:ss past an hour', async () => {
      const agent = new FakeAgent();
      const el = await mountState(agent);
      expect(text(part(el, 'time'))).to.equal('1:05');
      agent.time += 1_000;
      await rerender(el);
      expect(text(part(el, 'time'))).to.equal('1:06');
      agent.time += 59 * 60_000;
      await rerender(el);
      expect(text(part(el, 'time'))).to.equal('1:00:06');
    });

    it('restarts when the state changes, and shows no time when Finesse sent none', async () => {
      const agent = new FakeAgent();
      const el = await mountState(agent);
      agent.moveTo('NOT_READY');
      await el.updateComplete;
      expect(text(part(el, 'time'))).to.equal('0:00');
      agent.moveTo('READY', { stateChangeTime: '' });
      await el.updateComplete;
      expect(has(el, 'time')).to.equal(false);
    });
  });

  describe('NOT_READY', () => {
    it('shows the reason label looked up by id, and READY works', async () => {
      const agent = agentIn({ state: 'NOT_READY', reasonCodeId: '12' });
      const el = await mountState(agent);
      expect(text(part(el, 'badge'))).to.equal('Not ready');
      expect(text(part(el, 'reason'))).to.equal('Lunch');
      const ready = part<Button>(el, 'ready-button')!;
      expect(ready.disabled).to.equal(false);
      ready.click();
      expect(agent.callsOf('setState')).to.deep.equal([['READY']]);
      await expect(el).to.be.accessible();
    });

    it('falls back to the reason embedded in the User', async () => {
      const embedded = { ...LUNCH, id: '99', label: 'Training' };
      const el = await mountState(
        agentIn({ state: 'NOT_READY', reasonCodeId: '99', reasonCode: embedded }),
      );
      expect(text(part(el, 'reason'))).to.equal('Training');
    });

    it('allows NOT_READY again only with another reason', async () => {
      const agent = agentIn({ state: 'NOT_READY', reasonCodeId: '12' });
      const el = await mountState(agent);
      const menu = part<HTMLSelectElement>(el, 'not-ready-reason-select')!;
      choose(menu, '12');
      await el.updateComplete;
      expect(part<Button>(el, 'not-ready-button')!.disabled).to.equal(true);
      choose(menu, '13');
      await el.updateComplete;
      expect(part<Button>(el, 'not-ready-button')!.disabled).to.equal(false);
    });
  });

  describe('LOGOUT', () => {
    it('shows the phone login form prefilled with the extension, and no state buttons', async () => {
      const agent = agentIn({ state: 'LOGOUT' });
      const el = await mountState(agent);
      expect(text(part(el, 'badge'))).to.equal('Logged out');
      expect(has(el, 'actions')).to.equal(false);
      const input = part<HTMLInputElement>(el, 'extension-input')!;
      expect(input.value).to.equal('1001');
      expect(input.labels![0]!.textContent).to.equal(en.agent.extensionLabel);
      part<Button>(el, 'login-button')!.click();
      expect(agent.callsOf('loginPhone')).to.deep.equal([['1001']]);
      await expect(el).to.be.accessible();
    });

    it('logs in at another extension typed in the field', async () => {
      const agent = agentIn({ state: 'LOGOUT' });
      const el = await mountState(agent);
      type(part<HTMLInputElement>(el, 'extension-input')!, ' 1002 ');
      part<Button>(el, 'login-button')!.click();
      expect(agent.callsOf('loginPhone')).to.deep.equal([['1002']]);
    });

    for (const [typed, message] of [
      ['', en.agent.extensionMissing],
      ['12a<b>', en.agent.extensionInvalid],
    ] as const) {
      it(`refuses the extension "${typed}" with a message and sends nothing`, async () => {
        const agent = agentIn({ state: 'LOGOUT' });
        const el = await mountState(agent);
        const input = part<HTMLInputElement>(el, 'extension-input')!;
        type(input, typed);
        part<Button>(el, 'login-button')!.click();
        await el.updateComplete;
        const problem = part(el, 'problem')!;
        expect(problem.getAttribute('role')).to.equal('alert');
        expect(text(problem)).to.equal(message);
        expect(input.getAttribute('aria-invalid')).to.equal('true');
        expect(agent.callsOf('loginPhone')).to.deep.equal([]);
        await expect(el).to.be.accessible();
      });
    }
  });

  describe('during a call', () => {
    it('TALKING: READY disabled, NOT_READY queued as the pending state, shown', async () => {
      const agent = agentIn({ state: 'TALKING', pendingState: 'NOT_READY' });
      const el = await mountState(agent);
      expect(text(part(el, 'badge'))).to.equal('Talking');
      expect(text(part(el, 'pending'))).to.equal(en.agent.pending('Not ready'));
      expect(text(part(el, 'note'))).to.equal(en.agent.inCallNote);
      expect(part<Button>(el, 'ready-button')!.disabled).to.equal(true);
      choose(part<HTMLSelectElement>(el, 'not-ready-reason-select')!, '12');
      choose(part<HTMLSelectElement>(el, 'logout-reason-select')!, '2');
      await el.updateComplete;
      expect(part<Button>(el, 'not-ready-button')!.disabled).to.equal(false);
      expect(part<Button>(el, 'logout-button')!.disabled).to.equal(false);
      part<Button>(el, 'not-ready-button')!.click();
      expect(agent.callsOf('setState')).to.deep.equal([['NOT_READY', '12']]);
      await expect(el).to.be.accessible();
    });

    for (const state of ['HOLD', 'RESERVED', 'RESERVED_OUTBOUND'] as const) {
      it(`${state}: READY is disabled`, async () => {
        const el = await mountState(agentIn({ state }));
        expect(part<Button>(el, 'ready-button')!.disabled).to.equal(true);
        expect(has(el, 'note')).to.equal(true);
      });
    }

    it('WORK: shows wrap-up and allows READY', async () => {
      const agent = agentIn({ state: 'WORK' });
      const el = await mountState(agent);
      expect(text(part(el, 'badge'))).to.equal('Wrap-up');
      expect(has(el, 'note')).to.equal(false);
      part<Button>(el, 'ready-button')!.click();
      expect(agent.callsOf('setState')).to.deep.equal([['READY']]);
      await expect(el).to.be.accessible();
    });
  });
});
