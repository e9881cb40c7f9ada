import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import type { FinesseAgentState } from '../../src/elements/agent-state/agent-state.component.ts';
import type { FinesseDialogControls } from '../../src/elements/dialog-controls/dialog-controls.component.ts';
import { en } from '../../src/i18n/en.ts';
import { FakeSession } from './fake-session.ts';
import {
  FakeAgent,
  apiError,
  dialog,
  isoBefore,
  part,
  parts,
  snapshot,
  text,
  user,
  withCalls,
} from './fake-agent.ts';
import { axeViolations, contrast } from './helpers/axe.ts';

type Button = HTMLButtonElement;

/** A fake session in this state, its clock on the fake agent's. */
function sessionIn(state: FakeSession['state'], patch: Partial<FakeSession> = {}): FakeSession {
  const session = new FakeSession();
  session.signInNow();
  session.state = state;
  return Object.assign(session, patch);
}

/** Both agent elements on one model and one session, as a desktop has them. */
async function mountBoth(agent: FakeAgent, session?: FakeSession) {
  const wrapper = await fixture<HTMLElement>(
    html`<div>
      <finesse-agent-state .session=${session} .agent=${agent}></finesse-agent-state>
      <finesse-dialog-controls .session=${session} .agent=${agent}></finesse-dialog-controls>
    </div>`,
  );
  const state = wrapper.querySelector<FinesseAgentState>('finesse-agent-state')!;
  const dialogs = wrapper.querySelector<FinesseDialogControls>('finesse-dialog-controls')!;
  // Each shows its state once its texts are there (the session's English comes with a part).
  await Promise.all([state.updateComplete, dialogs.updateComplete]);
  return { wrapper, state, dialogs };
}

async function settle(...elements: { updateComplete: Promise<unknown> }[]): Promise<void> {
  for (const element of elements) await element.updateComplete;
  for (const element of elements) await element.updateComplete;
}

describe('agent elements: session health', () => {
  const ringing = () =>
    new FakeAgent(
      snapshot({
        user: user({ state: 'NOT_READY', stateChangeTime: isoBefore(90_000) }),
        dialogs: [dialog({ state: 'ALERTING' }, ['ANSWER'])],
      }),
    );

  it('offline: one line in each element, every control disabled, times marked as maybe stale', async () => {
    const { state, dialogs } = await mountBoth(ringing(), sessionIn('offline'));
    for (const element of [state, dialogs]) {
      expect(text(part(element, 'health'))).to.equal(en.agent.health.offline);
      expect(parts(element, 'health').length).to.equal(1);
    }
    expect(part<Button>(state, 'ready-button')!.disabled).to.equal(true);
    expect(part<Button>(state, 'not-ready-button')!.disabled).to.equal(true);
    expect(part<Button>(dialogs, 'answer-button')!.disabled).to.equal(true);
    expect(part<Button>(dialogs, 'make-call-button')!.disabled).to.equal(true);
    expect(part(state, 'time')!.classList.contains('stale')).to.equal(true);
    expect(text(part(state, 'stale'))).to.contain(en.agent.staleTime);
    expect(text(part(dialogs, 'stale'))).to.contain(en.agent.staleTime);
  });

  it('needs-sign-in before expiry: says how long is left, and the controls still work', async () => {
    const session = sessionIn('needs-sign-in');
    session.expiresAt = session.time + 125_000;
    const { state, dialogs } = await mountBoth(ringing(), session);
    expect(text(part(state, 'health'))).to.equal(en.agent.health.signInSoon('2:05'));
    expect(part<Button>(state, 'ready-button')!.disabled).to.equal(false);
    expect(part<Button>(dialogs, 'answer-button')!.disabled).to.equal(false);
  });

  it('needs-sign-in after expiry: says the sign-in ended and disables the controls', async () => {
    const session = sessionIn('needs-sign-in');
    session.expiresAt = session.time - 1;
    const { state, dialogs } = await mountBoth(ringing(), session);
    expect(text(part(state, 'health'))).to.equal(en.agent.health.expired);
    expect(part<Button>(state, 'ready-button')!.disabled).to.equal(true);
    expect(part<Button>(dialogs, 'answer-button')!.disabled).to.equal(true);
  });

  it('follows the session live: back to active, the line goes and the controls come back', async () => {
    const session = sessionIn('offline');
    const { state, dialogs } = await mountBoth(ringing(), session);
    expect(part(state, 'health')).not.to.equal(null);
    session.setState('active');
    await settle(state, dialogs);
    expect(part(state, 'health')).to.equal(null);
    expect(part(dialogs, 'health')).to.equal(null);
    expect(part<Button>(dialogs, 'answer-button')!.disabled).to.equal(false);
    expect(part(state, 'time')!.classList.contains('stale')).to.equal(false);
    expect(part(state, 'stale')).to.equal(null);
  });
});

describe('agent elements: errors in one place', () => {
  it('shows one model error once, in the first element, not in both', async () => {
    const agent = new FakeAgent();
    const { wrapper, state, dialogs } = await mountBoth(agent);
    agent.patch({ lastError: apiError('CTI_ERROR', 'Device out of service') });
    await settle(state, dialogs);
    expect(parts(state, 'error').length + parts(dialogs, 'error').length).to.equal(1);
    expect(part(state, 'error')).not.to.equal(null);
    expect(wrapper.textContent).not.to.contain('Device out of service'); // in shadow roots only
  });

  it('shows the error of a call action next to the calls, where the agent clicked', async () => {
    const agent = withCalls(dialog({}, ['HOLD']));
    const { state, dialogs } = await mountBoth(agent);
    const failure = apiError('Invalid State', 'The call cannot be held');
    agent.reject = failure;
    agent.patch({ lastError: failure }); // the model sets lastError, then rejects
    part<Button>(dialogs, 'hold-button')!.click();
    await Promise.resolve();
    await settle(state, dialogs);
    expect(part(state, 'error')).to.equal(null);
    expect(text(part(dialogs, 'error'))).to.contain('The call cannot be held');
    // Dismissed once, gone everywhere.
    part<Button>(dialogs, 'dismiss-button')!.click();
    await settle(state, dialogs);
    expect(parts(state, 'error').length + parts(dialogs, 'error').length).to.equal(0);
  });
});

describe('<finesse-dialog-controls> ringing call', () => {
  it('leads with Incoming call, the caller and the variables, and a large Answer that takes the focus', async () => {
    const agent = new FakeAgent(snapshot({ user: user({ state: 'READY' }) }));
    const el = await fixture<FinesseDialogControls>(
      html`<finesse-dialog-controls .agent=${agent}></finesse-dialog-controls>`,
    );
    agent.patch({
      dialogs: [
        dialog({ state: 'ALERTING', callVariables: { callVariable1: 'Order 4711' } }, ['ANSWER']),
      ],
    });
    await settle(el);
    const card = part(el, 'call')!;
    expect(card.getAttribute('part')).to.contain('ringing');
    const order = [...card.querySelectorAll('[part]')].map((node) => node.getAttribute('part'));
    expect(order.indexOf('ringing-heading')).to.be.lessThan(order.indexOf('party'));
    expect(order.indexOf('variables')).to.be.lessThan(order.indexOf('actions'));
    expect(text(part(el, 'ringing-heading'))).to.equal(en.dialog.ringing);
    const answer = part<Button>(el, 'answer-button')!;
    expect(el.shadowRoot!.activeElement).to.equal(answer);
    const other = part<Button>(el, 'make-call-button')!;
    expect(answer.getBoundingClientRect().height).to.be.greaterThan(
      other.getBoundingClientRect().height,
    );
    // Accent colour: the ringing card's border differs from a plain card's.
    expect(getComputedStyle(card).borderTopWidth).to.equal('3px');
    expect(other.disabled, 'Call is disabled while a call is up').to.equal(true);
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('does not take the focus from a field the agent is typing in', async () => {
    const agent = new FakeAgent(snapshot({ user: user({ state: 'READY' }) }));
    const el = await fixture<FinesseDialogControls>(
      html`<finesse-dialog-controls .agent=${agent}></finesse-dialog-controls>`,
    );
    const input = part<HTMLInputElement>(el, 'make-call-input')!;
    input.focus();
    agent.patch({ dialogs: [dialog({ state: 'ALERTING' }, ['ANSWER'])] });
    await settle(el);
    expect(el.shadowRoot!.activeElement).to.equal(input);
  });
});

describe('agent elements: contrast (axe, WCAG 2.2 AA) and disabled controls', () => {
  it('passes axe in every state of the controls, busy and paused included', async () => {
    const agent = withCalls(dialog({}, ['HOLD', 'DROP', 'CONSULT_CALL', 'SEND_DTMF']));
    const { wrapper, state, dialogs } = await mountBoth(agent, sessionIn('offline'));
    part<Button>(dialogs, 'more-button')!.click();
    await settle(state, dialogs);
    await nextFrame();
    expect(await axeViolations(wrapper)).to.deep.equal([]);
  });

  it('shows a disabled button as more than a paler shade: no fill, dashed outline, readable text', async () => {
    const agent = new FakeAgent(snapshot({ user: user({ state: 'READY' }) }));
    const el = await fixture<FinesseAgentState>(
      html`<finesse-agent-state .agent=${agent}></finesse-agent-state>`,
    );
    const ready = part<Button>(el, 'ready-button')!;
    const notReady = part<Button>(el, 'not-ready-button')!;
    expect(ready.disabled, 'READY while READY').to.equal(true);
    // Choose a reason: NOT_READY becomes enabled, a filled button.
    const select = part<HTMLSelectElement>(el, 'not-ready-reason-select')!;
    select.value = '12';
    select.dispatchEvent(new Event('change'));
    await settle(el);
    expect(notReady.disabled).to.equal(false);
    const on = getComputedStyle(notReady);
    const off = getComputedStyle(ready);
    expect(off.borderTopStyle).to.equal('dashed');
    expect(on.borderTopStyle).to.equal('solid');
    expect(off.backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    // The fills differ strongly (3:1, the non-text contrast of WCAG 1.4.11), not by a shade.
    expect(contrast(on.backgroundColor, 'rgb(255, 255, 255)')).to.be.greaterThan(3);
    // Disabled text stays readable (4.5:1 on white).
    expect(contrast(off.color, 'rgb(255, 255, 255)')).to.be.greaterThan(4.5);
  });
});
