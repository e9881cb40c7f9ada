import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { FinesseError } from '../../src/core/kernel/errors.ts';
import type { DialogAction } from '../../src/core/finesse/models.ts';
import { en } from '../../src/i18n/en.ts';
import {
  FakeAgent,
  apiError,
  cards,
  dialog,
  enabledButtons,
  has,
  mountDialogs,
  part,
  parts,
  participant,
  text,
  type,
  withCalls,
} from './fake-agent.ts';

type Button = HTMLButtonElement;

const ID = '16777217';
const ALL_ACTIONS: DialogAction[] = [
  'ANSWER',
  'HOLD',
  'RETRIEVE',
  'DROP',
  'CONSULT_CALL',
  'TRANSFER_SST',
  'TRANSFER',
  'CONFERENCE',
  'SEND_DTMF',
];
/** The buttons each action shows: on the card, or (consult, transfer, keypad) behind More actions. */
const BUTTON_OF: Record<string, string[]> = {
  ANSWER: ['answer-button'],
  HOLD: ['hold-button'],
  RETRIEVE: ['retrieve-button'],
  DROP: ['drop-button'],
  CONSULT_CALL: ['more-button', 'consult-button'],
  TRANSFER_SST: ['more-button', 'transfer-button'],
  TRANSFER: ['complete-transfer-button'],
  CONFERENCE: ['conference-button'],
  SEND_DTMF: ['more-button', ...Array<string>(12).fill('key')],
};

/** Opens the first (or given) card's More actions. */
async function openMore(el: HTMLElement, card: HTMLElement = cards(el)[0]!): Promise<void> {
  part<Button>(card, 'more-button')!.click();
  await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
}

describe('<finesse-dialog-controls> actions, errors, events and API', () => {
  describe('actions', () => {
    it('shows no action at all when the server lists none (no wall of disabled buttons)', async () => {
      const el = await mountDialogs(withCalls(dialog({}, [])));
      expect(cards(el)[0]!.querySelectorAll('button').length).to.equal(0);
      expect(has(el, 'target-input')).to.equal(false);
      expect(has(el, 'more-button')).to.equal(false);
    });

    for (const action of ALL_ACTIONS) {
      it(`shows only ${BUTTON_OF[action]!.join(', ')} when only ${action} is listed`, async () => {
        const el = await mountDialogs(withCalls(dialog({}, [action])));
        const more = has(el, 'more-button');
        if (more) await openMore(el);
        expect(enabledButtons(el)).to.deep.equal(BUTTON_OF[action]);
        const all = cards(el)[0]!.querySelectorAll('button').length;
        expect(all, 'nothing disabled is shown').to.equal(BUTTON_OF[action]!.length);
      });
    }

    it('puts consult, transfer and the keypad behind one More actions disclosure', async () => {
      const el = await mountDialogs(withCalls(dialog({}, ALL_ACTIONS)));
      const more = part<Button>(el, 'more-button')!;
      expect(more.getAttribute('aria-expanded')).to.equal('false');
      expect(has(el, 'consult-button') || has(el, 'keypad')).to.equal(false);
      await openMore(el);
      expect(more.getAttribute('aria-expanded')).to.equal('true');
      const panel = el.shadowRoot!.getElementById(more.getAttribute('aria-controls')!)!;
      expect(part(panel, 'consult-button')).not.to.equal(null);
      expect(part(panel, 'keypad')).not.to.equal(null);
      await expect(el).to.be.accessible();
    });

    it("ignores actions listed on another participant than the agent's extension", async () => {
      const call = dialog({
        participants: [participant('5551234', ALL_ACTIONS), participant('1001')],
      });
      const el = await mountDialogs(withCalls(call));
      expect(enabledButtons(el)).to.deep.equal([]);
    });

    const simple = [
      ['answer-button', 'ANSWER'],
      ['hold-button', 'HOLD'],
      ['retrieve-button', 'RETRIEVE'],
      ['drop-button', 'DROP'],
      ['conference-button', 'CONFERENCE'],
      ['complete-transfer-button', 'TRANSFER'],
    ] as const;
    for (const [name, action] of simple) {
      it(`${name} sends ${action} for that call`, async () => {
        const agent = withCalls(dialog({ id: 'other' }, ALL_ACTIONS), dialog({}, ALL_ACTIONS));
        const el = await mountDialogs(agent);
        part<Button>(cards(el)[1]!, name)!.click();
        expect(agent.callsOf('dialogAction')).to.deep.equal([[ID, action]]);
      });
    }

    it('consults and transfers (single step) to the number typed for the call', async () => {
      const agent = withCalls(dialog({}, ALL_ACTIONS));
      const el = await mountDialogs(agent);
      await openMore(el);
      const input = part<HTMLInputElement>(el, 'target-input')!;
      expect(input.labels![0]!.textContent).to.equal(en.dialog.targetLabel);
      expect(input.getAttribute('inputmode')).to.equal('tel');
      type(input, '555 9876');
      part<Button>(el, 'consult-button')!.click();
      type(input, '+1 (555) 000-1111');
      part<Button>(el, 'transfer-button')!.click();
      expect(agent.callsOf('dialogAction')).to.deep.equal([
        [ID, 'CONSULT_CALL', { toAddress: '5559876' }],
        [ID, 'TRANSFER_SST', { toAddress: '+15550001111' }],
      ]);
    });

    it('asks for the consult number first, with an alert, and sends nothing', async () => {
      const agent = withCalls(dialog({}, ['CONSULT_CALL']));
      const el = await mountDialogs(agent);
      await openMore(el);
      part<Button>(el, 'consult-button')!.click();
      await el.updateComplete;
      const problem = part(el, 'problem')!;
      expect(problem.getAttribute('role')).to.equal('alert');
      expect(text(problem)).to.equal(en.dialog.problems['empty-number']);
      expect(agent.callsOf('dialogAction')).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('opens a labelled keypad and sends each key as DTMF', async () => {
      const agent = withCalls(dialog({}, ['SEND_DTMF']));
      const el = await mountDialogs(agent);
      expect(has(el, 'keypad')).to.equal(false);
      const toggle = part<Button>(el, 'more-button')!;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      const keypad = part(el, 'keypad')!;
      expect(keypad.getAttribute('role')).to.equal('group');
      expect(keypad.getAttribute('aria-label')).to.equal('Keypad for the call with 5551234');
      const keys = parts<Button>(el, 'key');
      expect(keys.map((key) => text(key))).to.deep.equal([
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '*',
        '0',
        '#',
      ]);
      keys[4]!.click();
      keys[11]!.click();
      expect(agent.callsOf('dialogAction')).to.deep.equal([
        [ID, 'SEND_DTMF', { dtmf: '5' }],
        [ID, 'SEND_DTMF', { dtmf: '#' }],
      ]);
      await expect(el).to.be.accessible();
    });

    it('hides the keypad when SEND_DTMF is no longer listed', async () => {
      const agent = withCalls(dialog({}, ['SEND_DTMF']));
      const el = await mountDialogs(agent);
      await openMore(el);
      agent.patch({ dialogs: [dialog({}, ['RETRIEVE'])] });
      await el.updateComplete;
      expect(has(el, 'keypad')).to.equal(false);
      expect(has(el, 'more-button')).to.equal(false);
    });

    it("disables a call's buttons while a request for it is in flight", async () => {
      const agent = withCalls(dialog({ id: 'other' }, ALL_ACTIONS), dialog({}, ALL_ACTIONS));
      agent.patch({ busy: new Set([`${ID}:HOLD`]) });
      const el = await mountDialogs(agent);
      const [other, busy] = cards(el);
      await openMore(el, busy);
      expect(
        // More actions only opens a panel: it stays usable; what it holds waits.
        [
          ...busy!.querySelectorAll<Button>('[part~="actions"] button:not([part~="more-button"])'),
        ].every((b) => b.disabled),
      ).to.be.true;
      expect(part<Button>(busy!, 'consult-button')!.disabled).to.equal(true);
      expect(part<Button>(other!, 'hold-button')!.disabled).to.equal(false);
    });
  });

  describe('errors and events', () => {
    it('shows an api-error inline with the server message; the controls stay usable', async () => {
      const agent = withCalls(dialog({}, ['HOLD']));
      agent.patch({ lastError: apiError('Generic Error', 'CTI request HOLD failed') });
      const el = await mountDialogs(agent);
      expect(text(part(el, 'error')!.querySelector('p'))).to.equal(
        `${en.agent.errorLead} CTI request HOLD failed (Generic Error)`,
      );
      expect(part<Button>(el, 'hold-button')!.disabled).to.equal(false);
      await expect(el).to.be.accessible();
      part<Button>(el, 'dismiss-button')!.click();
      await el.updateComplete;
      expect(has(el, 'error')).to.equal(false);
    });

    it('fires finesse-dialog-change when a call arrives, changes and leaves', async () => {
      const agent = new FakeAgent();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><finesse-dialog-controls .agent=${agent}></finesse-dialog-controls></div>`,
      );
      const seen: unknown[] = [];
      wrapper.addEventListener('finesse-dialog-change', (event) => {
        expect(event.bubbles && event.composed).to.equal(true);
        seen.push(event.detail);
      });
      agent.patch({ dialogs: [dialog({ state: 'ALERTING' })] });
      agent.patch({ dialogs: [dialog({ state: 'ALERTING', callVariables: { a: 'b' } })] });
      agent.patch({ dialogs: [dialog({ state: 'ACTIVE' })] });
      agent.patch({ dialogs: [] });
      expect(seen).to.deep.equal([
        { dialogId: ID, state: 'ALERTING' },
        { dialogId: ID, state: 'ACTIVE' },
        { dialogId: ID, state: 'DROPPED' },
      ]);
    });

    it('fires finesse-agent-error, bubbling and composed', async () => {
      const agent = new FakeAgent();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><finesse-dialog-controls .agent=${agent}></finesse-dialog-controls></div>`,
      );
      const heard = oneEvent(wrapper, 'finesse-agent-error');
      agent.patch({ lastError: apiError('Invalid Destination', 'No route to 999') });
      const event = await heard;
      expect(event.detail).to.deep.equal({
        code: 'api-error',
        errorType: 'Invalid Destination',
        message: 'No route to 999',
      });
      expect(event.composed).to.equal(true);
    });
  });

  describe('JS API', () => {
    it('delegates every call action to the model', async () => {
      const agent = new FakeAgent();
      const el = await mountDialogs(agent);
      await el.makeCall('5551234');
      await el.answer('1');
      await el.hold('1');
      await el.retrieve('1');
      await el.drop('1');
      await el.consult('1', '1002');
      await el.transfer('1', '5559876');
      await el.transfer('1');
      await el.conference('1');
      await el.sendDtmf('1', '12#');
      expect(agent.calls.map((call) => [call.method, ...call.args])).to.deep.equal([
        ['makeCall', '5551234'],
        ['dialogAction', '1', 'ANSWER'],
        ['dialogAction', '1', 'HOLD'],
        ['dialogAction', '1', 'RETRIEVE'],
        ['dialogAction', '1', 'DROP'],
        ['dialogAction', '1', 'CONSULT_CALL', { toAddress: '1002' }],
        ['dialogAction', '1', 'TRANSFER_SST', { toAddress: '5559876' }],
        ['dialogAction', '1', 'TRANSFER'],
        ['dialogAction', '1', 'CONFERENCE'],
        ['dialogAction', '1', 'SEND_DTMF', { dtmf: '12#' }],
      ]);
      expect(el.snapshot).to.equal(agent.snapshot);
    });

    it('rejects with signed-out without a model', async () => {
      const el = await mountDialogs(undefined);
      const error = await el.answer('1').catch((e: unknown) => e);
      expect((error as FinesseError).code).to.equal('signed-out');
    });
  });
});
