import { expect } from '@open-wc/testing';
import { FINESSE_ERROR_CODES, TRANSPORT_CODES } from '../../src/core/kernel/errors.ts';
import type { FinesseErrorCode } from '../../src/core/kernel/errors.ts';
import { headingKind, isWaitKind } from '../../src/elements/sso-session/instruction.ts';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { ko } from '../../src/i18n/ko.ts';
import { FakeSession } from './fake-session.ts';
import { mount, part, rerender, text } from './sso-session-helpers.ts';

/** A session in needs-sign-in for this code, two minutes before expiry. */
function needing(code: FinesseErrorCode): FakeSession {
  const session = new FakeSession();
  session.signInNow();
  session.state = 'needs-sign-in';
  session.fail(code);
  session.expiresAt = session.time + 120_000;
  return session;
}

describe('<finesse-sso-session> one instruction per state', () => {
  it('asks to sign in again for a refusal, with heading, body and button saying so', async () => {
    const el = await mount(needing('refresh-rejected'));
    expect(part(el, 'banner')!.dataset['tone']).to.equal('act');
    expect(text(part(el, 'banner-heading'))).to.equal(en.headings['sign-in-again']);
    expect(text(part(el, 'banner-body'))).to.equal(en.errors['refresh-rejected']);
    expect(text(part(el, 'sign-in-again-button'))).to.equal(en.signInAgain);
  });

  it('names a lost rotation in its own heading', async () => {
    const el = await mount(needing('rotation-lost'));
    expect(text(part(el, 'banner-heading'))).to.equal(en.headings['rotation-lost']);
    expect(text(part(el, 'banner-body'))).to.equal(en.errors['rotation-lost']);
    expect(en.headings['rotation-lost']).not.to.equal(en.headings['sign-in-again']);
  });

  it('waits (no sign-in asked) for a transport cause, as the core retries it by itself', async () => {
    for (const code of TRANSPORT_CODES) {
      const el = await mount(needing(code));
      expect(part(el, 'banner')!.dataset['tone'], code).to.equal('wait');
      expect(part(el, 'sign-in-again-button'), code).to.equal(null);
      expect(text(part(el, 'banner-heading')), code).to.match(/nothing to do/);
    }
  });

  it('after a failed sign-in in the banner, the button says Try again as the body does', async () => {
    const el = await mount(needing('popup-blocked'));
    expect(text(part(el, 'banner-heading'))).to.equal(en.headings['allow-popups']);
    expect(text(part(el, 'sign-in-again-button'))).to.equal(en.tryAgain);
    expect(en.errors['popup-blocked']).to.contain('Try again');
  });

  it('gives every error code a heading in every state a banner shows it, in every language', () => {
    for (const messages of [en, ja, ko]) {
      for (const state of ['signed-out', 'needs-sign-in', 'offline'] as const) {
        for (const code of FINESSE_ERROR_CODES) {
          const heading = messages.headings[headingKind(state, code)];
          expect(heading, `${state} ${code}`).to.be.a('string').and.not.empty;
        }
      }
    }
  });

  it('never says "try again" or "sign in" in a heading that says there is nothing to do', () => {
    for (const messages of [en, ja, ko]) {
      const waits = [messages.headings.wait, messages.headings['out-of-service']];
      for (const wait of waits) expect(messages.headings['sign-in-again']).not.to.equal(wait);
    }
    for (const kind of ['wait', 'out-of-service'] as const) {
      expect(isWaitKind(kind)).to.equal(true);
      expect(en.headings[kind]).not.to.match(/try again|sign in/i);
    }
    for (const body of [en.offlineExpired.body, en.offlineNoExpiry.body, en.outOfService.body]) {
      expect(body).not.to.match(/select|tell your/i);
    }
  });

  it('keeps the typed username when the popup is blocked', async () => {
    const session = new FakeSession();
    session.username = null;
    const el = await mount(session);
    const input = part(el, 'username-input') as HTMLInputElement;
    input.value = 'agent1';
    input.dispatchEvent(new InputEvent('input'));
    // The sign-in starts (the form goes away), then fails with a blocked popup.
    session.signingInHere = true;
    session.setState('signing-in');
    await rerender(el);
    expect(part(el, 'username-input')).to.equal(null);
    session.signingInHere = false;
    session.fail('popup-blocked');
    session.setState('signed-out');
    await rerender(el);
    expect((part(el, 'username-input') as HTMLInputElement).value).to.equal('agent1');
    part(el, 'sign-in-button')!.click();
    expect(session.calls.at(-1)).to.deep.equal({
      method: 'signIn',
      args: [{ username: 'agent1' }],
    });
  });
});
