import { expect } from '@open-wc/testing';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { ko } from '../../src/i18n/ko.ts';
import {
  FakeAgent,
  cards,
  dialog,
  enabledButtons,
  has,
  isoBefore,
  mountDialogs,
  part,
  participant,
  rerender,
  snapshot,
  text,
  type,
  user,
  withCalls,
} from './fake-agent.ts';
import { loadLanguages } from './helpers/languages.ts';

before(loadLanguages);

type Button = HTMLButtonElement;

describe('<finesse-dialog-controls>', () => {
  describe('without calls', () => {
    it('shows a quiet "not signed in" line without a model', async () => {
      const el = await mountDialogs(undefined);
      expect(text(part(el, 'status'))).to.equal(en.agent.notSignedIn);
      expect(has(el, 'make-call')).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('shows an empty, labelled calls region and the make-call field', async () => {
      const el = await mountDialogs(new FakeAgent());
      const region = part(el, 'calls')!;
      expect(region.localName).to.equal('section');
      expect(region.getAttribute('aria-label')).to.equal(en.dialog.callsLabel);
      expect(text(region)).to.equal(en.dialog.noCalls);
      const input = part<HTMLInputElement>(el, 'make-call-input')!;
      expect(input.getAttribute('inputmode')).to.equal('tel');
      expect(input.labels![0]!.textContent).to.equal(en.dialog.dialLabel);
      await expect(el).to.be.accessible();
    });
  });

  describe('a call card', () => {
    it('is a labelled group in a list with direction, party, state and duration', async () => {
      const el = await mountDialogs(withCalls(dialog({ state: 'ALERTING' }, ['ANSWER'])));
      const [card] = cards(el);
      expect(card!.getAttribute('role')).to.equal('group');
      expect(card!.getAttribute('aria-label')).to.equal('Call with 5551234');
      expect(card!.closest('li')!.parentElement!.localName).to.equal('ul');
      expect(text(part(card!, 'direction'))).to.equal('Incoming');
      expect(text(part(card!, 'party'))).to.equal('5551234');
      expect(text(part(card!, 'badge'))).to.equal('Ringing');
      expect(text(part(card!, 'duration'))).to.equal('0:00');
      await expect(el).to.be.accessible();
    });

    it("shows the agent participant's state (on hold) over the dialog's", async () => {
      const held = dialog({
        participants: [
          participant('5551234'),
          participant('1001', ['RETRIEVE'], { state: 'HELD' }),
        ],
      });
      const el = await mountDialogs(withCalls(held));
      expect(text(part(el, 'badge'))).to.equal('On hold');
      expect(enabledButtons(el)).to.deep.equal(['retrieve-button']);
    });

    it('reads outgoing and consult calls', async () => {
      const outgoing = dialog({
        id: '1',
        fromAddress: '1001',
        toAddress: '5559876',
        callType: 'OUT',
      });
      const consult = dialog({
        id: '2',
        fromAddress: '1001',
        toAddress: '1002',
        callType: 'CONSULT',
      });
      const el = await mountDialogs(withCalls(outgoing, consult));
      const [first, second] = cards(el);
      expect(text(part(first!, 'direction'))).to.equal('Outgoing');
      expect(text(part(first!, 'party'))).to.equal('5559876');
      expect(text(part(second!, 'direction'))).to.equal('Consult');
      expect(second!.getAttribute('aria-label')).to.equal('Call with 1002');
    });

    it('lists the call variables that have a value', async () => {
      const call = dialog({
        callVariables: { callVariable1: 'Order 42', callVariable2: '', 'user.ecc.account': 'A-7' },
      });
      const el = await mountDialogs(withCalls(call));
      const list = part(el, 'variables')!;
      expect(list.localName).to.equal('dl');
      const pairs = [...list.querySelectorAll('div')].map((row) => [
        text(row.querySelector('dt')),
        text(row.querySelector('dd')),
      ]);
      expect(pairs).to.deep.equal([
        ['callVariable1', 'Order 42'],
        ['user.ecc.account', 'A-7'],
      ]);
      await expect(el).to.be.accessible();
    });

    it('counts the duration from the participant startTime with the model clock', async () => {
      const call = dialog({
        participants: [
          participant('5551234'),
          participant('1001', [], { startTime: isoBefore(30_000) }),
        ],
      });
      const agent = withCalls(call);
      const el = await mountDialogs(agent);
      expect(text(part(el, 'duration'))).to.equal('0:30');
      agent.time += 45_000;
      await rerender(el);
      expect(text(part(el, 'duration'))).to.equal('1:15');
      agent.time += 3_600_000;
      await rerender(el);
      expect(text(part(el, 'duration'))).to.equal('1:01:15');
    });

    it('counts from when the call was first seen when Finesse gives no start time', async () => {
      const agent = new FakeAgent();
      const el = await mountDialogs(agent);
      agent.time += 5_000;
      agent.patch({ dialogs: [dialog({ state: 'ALERTING' })] });
      await el.updateComplete;
      expect(text(part(el, 'duration'))).to.equal('0:00');
      agent.time += 10_000;
      await rerender(el);
      expect(text(part(el, 'duration'))).to.equal('0:10');
      // Gone and back (same id): counted afresh, not from the first sighting.
      agent.patch({ dialogs: [] });
      await el.updateComplete;
      agent.time += 20_000;
      agent.patch({ dialogs: [dialog({ state: 'ALERTING' })] });
      await el.updateComplete;
      expect(text(part(el, 'duration'))).to.equal('0:00');
    });

    it('shows a hostile party as text, in the card and its accessible name', async () => {
      const el = await mountDialogs(withCalls(dialog({ fromAddress: '5551234<x>' })));
      expect(text(part(el, 'party'))).to.equal('5551234<x>');
      expect(cards(el)[0]!.getAttribute('aria-label')).to.equal('Call with 5551234<x>');
      expect(el.shadowRoot!.querySelector('x') === null).to.equal(true);
    });
  });

  describe('make call', () => {
    it('calls the number typed, without separators, and clears the field', async () => {
      const agent = new FakeAgent();
      const el = await mountDialogs(agent);
      const input = part<HTMLInputElement>(el, 'make-call-input')!;
      type(input, ' 555-1234 ');
      part<Button>(el, 'make-call-button')!.click();
      expect(agent.callsOf('makeCall')).to.deep.equal([['5551234']]);
      await Promise.resolve();
      await el.updateComplete;
      expect(input.value).to.equal('');
    });

    const refused = [
      ['', en.dialog.problems['empty-number']],
      ['   ', en.dialog.problems['empty-number']],
      ['call mom', en.dialog.problems['invalid-number']('call mom')],
      ['1001', en.dialog.problems['self-call']],
      ['5551234<x>', en.dialog.problems['invalid-number']('5551234<x>')],
    ] as const;
    for (const [typed, message] of refused) {
      it(`refuses "${typed}" with a clear message and sends nothing`, async () => {
        const agent = new FakeAgent();
        const el = await mountDialogs(agent);
        const input = part<HTMLInputElement>(el, 'make-call-input')!;
        type(input, typed);
        input.form!.requestSubmit();
        await el.updateComplete;
        const problem = part(el, 'problem')!;
        expect(problem.getAttribute('role')).to.equal('alert');
        expect(text(problem)).to.equal(message);
        expect(input.getAttribute('aria-invalid')).to.equal('true');
        expect(input.getAttribute('aria-describedby')).to.equal(problem.id);
        expect(agent.callsOf('makeCall')).to.deep.equal([]);
        // A typed `<x>` is echoed as text, never parsed as markup.
        expect(el.shadowRoot!.querySelector('x') === null).to.equal(true);
        await expect(el).to.be.accessible();
      });
    }

    it('clears the message as soon as the agent types again', async () => {
      const el = await mountDialogs(new FakeAgent());
      part<Button>(el, 'make-call-button')!.click();
      await el.updateComplete;
      type(part<HTMLInputElement>(el, 'make-call-input')!, '5');
      await el.updateComplete;
      expect(has(el, 'problem')).to.equal(false);
    });

    it('is disabled while a call is being placed and while logged out of the phone', async () => {
      const agent = new FakeAgent(snapshot({ busy: new Set(['make-call']) }));
      const el = await mountDialogs(agent);
      expect(part<Button>(el, 'make-call-button')!.disabled).to.equal(true);
      agent.patch({ busy: new Set(), user: user({ state: 'LOGOUT' }) });
      await el.updateComplete;
      expect(part<Button>(el, 'make-call-button')!.disabled).to.equal(true);
    });
  });

  describe('languages', () => {
    it('speaks Japanese with lang="ja"', async () => {
      const el = await mountDialogs(withCalls(dialog({ state: 'ALERTING' }, ['ANSWER'])), 'ja');
      expect(text(part(el, 'answer-button'))).to.equal(ja.dialog.answer);
      expect(cards(el)[0]!.getAttribute('aria-label')).to.equal('5551234 との通話');
      expect(text(part(el, 'direction'))).to.equal(ja.dialog.direction.incoming);
      expect(text(part(el, 'make-call-button'))).to.equal(ja.dialog.call);
      await expect(el).to.be.accessible();
    });

    it('speaks Korean with lang="ko", including number problems', async () => {
      const el = await mountDialogs(withCalls(dialog({}, ['HOLD'])), 'ko');
      expect(text(part(el, 'hold-button'))).to.equal(ko.dialog.hold);
      // During a call Call is disabled, with the hint where to call from instead.
      expect(part<Button>(el, 'make-call-button')!.disabled).to.equal(true);
      expect(text(part(el, 'hint'))).to.equal(ko.dialog.callDuringCall);
      const idle = await mountDialogs(new FakeAgent(), 'ko');
      part<Button>(idle, 'make-call-button')!.click();
      await idle.updateComplete;
      expect(text(part(idle, 'problem'))).to.equal(ko.dialog.problems['empty-number']);
      await expect(el).to.be.accessible();
    });
  });
});
