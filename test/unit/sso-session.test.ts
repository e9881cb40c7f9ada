import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { SESSION_EVENT_TYPES } from '../../src/elements/shared/events.ts';
import { ContextEvent } from '@lit/context';
import { sessionContext } from '../../src/elements/shared/context.ts';
import type { SessionApi } from '../../src/core/session/session-api.ts';
import type { FinesseErrorCode } from '../../src/core/kernel/errors.ts';
import { headingKind } from '../../src/elements/sso-session/instruction.ts';
import { en } from '../../src/i18n/en.ts';
import { FakeSession, SECRET_TOKEN } from './fake-session.ts';
import { mount, part, rerender, text } from './sso-session-helpers.ts';

describe('<finesse-sso-session>', () => {
  describe('signed-out', () => {
    it('shows a sign-in button and no username field when the username is known', async () => {
      const el = await mount(new FakeSession());
      expect(text(part(el, 'sign-in-button'))).to.equal('Sign in');
      expect(part(el, 'sign-in-button')!.localName).to.equal('button');
      expect(part(el, 'username-input')).to.equal(null);
      expect(part(el, 'banner')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('asks for the username, with a label, only when it is unknown', async () => {
      const session = new FakeSession();
      session.username = null;
      const el = await mount(session);
      const input = part(el, 'username-input') as HTMLInputElement;
      expect(input.labels?.[0]?.textContent).to.equal(en.usernameLabel);
      await expect(el).to.be.accessible();

      input.value = ' agent042 ';
      part(el, 'sign-in-button')!.click();
      expect(session.calls.at(-1)).to.deep.equal({
        method: 'signIn',
        args: [{ username: 'agent042' }],
      });
    });

    it('does not sign in with an empty username field', async () => {
      const session = new FakeSession();
      session.username = null;
      const el = await mount(session);
      part(el, 'sign-in-button')!.click();
      expect(session.count('signIn')).to.equal(0);
    });

    it('calls session.signIn synchronously within the click', async () => {
      const session = new FakeSession();
      const el = await mount(session);
      part(el, 'sign-in-button')!.click();
      // Checked before any microtask runs: a popup opened later would be blocked.
      expect(session.count('signIn')).to.equal(1);
    });

    it('is keyboard operable: Enter in the username field signs in', async () => {
      const session = new FakeSession();
      session.username = null;
      const el = await mount(session);
      const input = part(el, 'username-input') as HTMLInputElement;
      input.value = 'agent042';
      input.form!.requestSubmit();
      expect(session.count('signIn')).to.equal(1);
    });

    it('says after a sign-out that the identity provider session was not ended', async () => {
      const session = new FakeSession();
      session.signInNow();
      const el = await mount(session);
      expect(part(el, 'notice')).to.equal(null);

      session.state = 'signed-out';
      session.emit('signed-out', { byThisTab: true });
      session.emit('session-change', { state: 'signed-out', previous: 'active' });
      await el.updateComplete;
      expect(text(part(el, 'notice'))).to.equal(en.signedOutNote);
      await expect(el).to.be.accessible();

      session.setState('signing-in');
      await el.updateComplete;
      expect(part(el, 'notice')).to.equal(null);
    });

    it('says why when another user signed in in this browser (reason user-changed)', async () => {
      const session = new FakeSession();
      session.signInNow();
      const el = await mount(session);
      session.state = 'signed-out';
      session.emit('signed-out', { byThisTab: false, reason: 'user-changed' });
      session.emit('session-change', { state: 'signed-out', previous: 'active' });
      await el.updateComplete;
      const notes = [...el.shadowRoot!.querySelectorAll('[part~="notice"]')].map((n) => text(n));
      expect(notes).to.deep.equal([en.userChangedNote, en.signedOutNote]);
      // It offers the sign-in again.
      expect(text(part(el, 'sign-in-button'))).to.equal('Sign in');
      await expect(el).to.be.accessible();

      session.setState('signing-in');
      await el.updateComplete;
      expect(part(el, 'notice')).to.equal(null);
    });
  });

  describe('errors after a failed sign-in', () => {
    const codes: FinesseErrorCode[] = [
      'popup-blocked',
      'popup-closed',
      'popup-timeout',
      'popup-opener-lost',
      'token-page-unreadable',
      'json-viewer',
      'token-answer-invalid',
      'user-mismatch',
      'storage-unavailable',
      'insecure-context',
    ];
    for (const code of codes) {
      it(`shows the ${code} message with a retry button that signs in at once`, async () => {
        const session = new FakeSession();
        session.fail(code);
        const el = await mount(session);
        const error = part(el, 'error')!;
        expect(error.getAttribute('role')).to.equal('alert');
        expect(text(error)).to.equal(en.errors[code]);
        // The heading asks for the same thing as the body (see instruction.ts).
        expect(text(part(el, 'banner-heading'))).to.equal(
          en.headings[headingKind('signed-out', code)],
        );
        const retry = part(el, 'sign-in-button')!;
        expect(text(retry)).to.equal(en.tryAgain);
        retry.click();
        expect(session.count('signIn')).to.equal(1);
      });
    }

    it('passes axe with an error shown', async () => {
      const session = new FakeSession();
      session.fail('popup-blocked');
      const el = await mount(session);
      await expect(el).to.be.accessible();
    });
  });

  describe('signing-in, active, refreshing, offline', () => {
    it('tells the agent to finish in the window that opened, in the tab that opened it only', async () => {
      const session = new FakeSession();
      session.state = 'signing-in';
      session.signingInHere = true;
      const el = await mount(session);
      expect(text(part(el, 'banner-heading'))).to.equal(en.signingInHere.heading);
      expect(text(part(el, 'banner-body'))).to.equal(en.signingInHere.body);
      expect(part(el, 'sign-in-button')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('tells another tab that the sign-in runs elsewhere', async () => {
      const session = new FakeSession();
      session.state = 'signing-in';
      session.signingInHere = false;
      const el = await mount(session);
      expect(text(part(el, 'banner-heading'))).to.equal(en.signingInElsewhere.heading);
      expect(text(part(el, 'banner'))).not.to.contain(en.signingInHere.heading);
    });

    it('shows the user and the renewal countdown when active', async () => {
      const session = new FakeSession();
      session.signInNow();
      const el = await mount(session);
      expect(text(part(el, 'status'))).to.equal('Signed in as agent007 · renews in 45:00');

      session.time += 60_000 + 500;
      await rerender(el);
      expect(text(part(el, 'status'))).to.equal('Signed in as agent007 · renews in 44:00');
      await expect(el).to.be.accessible();
    });

    it('signs out from the status line', async () => {
      const session = new FakeSession();
      session.signInNow();
      const el = await mount(session);
      part(el, 'sign-out-button')!.click();
      expect(session.count('signOut')).to.equal(1);
    });

    it('says it is renewing while refreshing', async () => {
      const session = new FakeSession();
      session.signInNow();
      session.state = 'refreshing';
      const el = await mount(session);
      expect(text(part(el, 'status'))).to.equal(`Signed in as agent007 · ${en.renewingNow}`);
      await expect(el).to.be.accessible();
    });

    it('has no sign-out button in gadget mode (the Finesse desktop owns the sign-in)', async () => {
      const session = new FakeSession();
      session.signInNow();
      session.mode = 'gadget';
      session.storage = 'memory'; // a gadget stores nothing: no "not shared" warning for that
      session.expiresAt = null;
      session.refreshAt = null;
      const el = await mount(session);
      expect(text(part(el, 'status'))).to.equal('Signed in as agent007');
      expect(part(el, 'sign-out-button') === null).to.equal(true);
      expect(part(el, 'notice') === null).to.equal(true);
    });

    it('says offline that it keeps retrying and how long the sign-in stays valid', async () => {
      const session = new FakeSession();
      session.signInNow();
      session.state = 'offline';
      session.expiresAt = session.time + 4 * 60_000 + 5_000;
      const el = await mount(session);
      // A visible banner (not a quiet status line) that says there is nothing to do.
      expect(part(el, 'banner')!.dataset['tone']).to.equal('wait');
      expect(text(part(el, 'banner-heading'))).to.equal(en.offline('4:05').heading);
      expect(text(part(el, 'banner-body'))).to.equal(en.offline('4:05').body);
      expect(part(el, 'sign-in-again-button')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('says offline past expiry that it keeps trying and there is nothing to do; offers a sign-in without a banner', async () => {
      const session = new FakeSession();
      session.signInNow();
      session.state = 'offline';
      session.expiresAt = session.time - 5_000;
      session.expired = true;
      const el = await mount(session);
      expect(text(part(el, 'banner-heading'))).to.equal(en.offlineExpired.heading);
      expect(text(part(el, 'banner-body'))).to.equal(en.offlineExpired.body);
      // A wait banner: the sign-in is offered, not asked for.
      expect(part(el, 'banner')!.dataset['tone']).to.equal('wait');
      expect(part(el, 'sign-in-again-button')).to.equal(null);
      const offer = part(el, 'offline-sign-in-button') as HTMLButtonElement;
      expect(offer.classList.contains('secondary')).to.equal(true);
      offer.click();
      expect(session.count('signIn')).to.equal(1);
      await expect(el).to.be.accessible();
    });
  });

  describe('storage degraded', () => {
    it('notes that this tab cannot share the sign-in', async () => {
      const session = new FakeSession();
      session.signInNow();
      session.storage = 'memory';
      const el = await mount(session);
      expect(text(part(el, 'notice'))).to.equal(en.storageDegraded);
      expect(el.storage).to.equal('memory');
      await expect(el).to.be.accessible();
    });
  });

  describe('events', () => {
    const cases = [
      ['session-change', { state: 'active', previous: 'signing-in' }],
      ['token-refreshed', { expiresAt: 1_800_000_000_000, byThisTab: false }],
      ['session-error', { code: 'network', message: 'Finesse cannot be reached.' }],
      ['signed-out', { byThisTab: true }],
      ['signed-out', { byThisTab: false, reason: 'user-changed' }],
      ['user-changed', { previousUserId: 'agent1', userId: 'agent2' }],
      ['storage-degraded', { reason: 'IndexedDB could not be opened' }],
    ] as const;
    for (const [type, detail] of cases) {
      it(`re-dispatches ${type} as finesse-${type}, bubbling and composed`, async () => {
        const session = new FakeSession();
        const parent = await fixture<HTMLDivElement>(
          html`<div><finesse-sso-session .session=${session}></finesse-sso-session></div>`,
        );
        const heard = oneEvent(parent, `finesse-${type}`);
        session.emit(type, detail as never);
        const event = (await heard) as CustomEvent;
        expect(event.target).to.equal(parent.firstElementChild);
        expect(event.bubbles).to.equal(true);
        expect(event.composed).to.equal(true);
        expect(event.detail).to.deep.equal(detail);
      });
    }

    it('stops listening when disconnected and leaves a host-provided session running', async () => {
      const session = new FakeSession();
      const el = await mount(session);
      expect(session.listenerCount).to.equal(SESSION_EVENT_TYPES.length);
      el.remove();
      expect(session.listenerCount).to.equal(0);
      expect(session.count('dispose')).to.equal(0);
      expect(session.count('start')).to.equal(0);
    });

    it('follows a session swapped in while connected', async () => {
      const first = new FakeSession();
      const second = new FakeSession();
      second.signInNow();
      const el = await mount(first);
      el.session = second;
      await el.updateComplete;
      expect(first.listenerCount).to.equal(0);
      expect(second.listenerCount).to.equal(SESSION_EVENT_TYPES.length);
      expect(text(part(el, 'status'))).to.contain('agent007');
    });
  });

  describe('API', () => {
    it('reads state, times, user and storage from the session', async () => {
      const session = new FakeSession();
      session.signInNow();
      const el = await mount(session);
      expect(el.state).to.equal('active');
      expect(el.expiresAt).to.equal(session.expiresAt);
      expect(el.refreshAt).to.equal(session.refreshAt);
      expect(el.user).to.deep.equal(session.user);
      expect(el.storage).to.equal('indexeddb');
    });

    it('delegates signIn, signOut, getAccessToken and fetch', async () => {
      const session = new FakeSession();
      session.signInNow();
      const el = await mount(session);
      await el.signIn();
      await el.signOut({ agentLogout: { reasonCodeId: 7 } });
      expect(await el.getAccessToken()).to.equal(SECRET_TOKEN);
      const response = await el.fetch('/finesse/api/User/agent007');
      expect(response.status).to.equal(200);
      expect(session.calls.map((call) => call.method)).to.deep.equal([
        'signIn',
        'signOut',
        'getAccessToken',
        'fetch',
      ]);
      expect(session.calls[1].args).to.deep.equal([{ agentLogout: { reasonCodeId: 7 } }]);
    });

    it('rejects with a FinesseError when there is no session', async () => {
      const el = document.createElement('finesse-sso-session');
      const error = await el.getAccessToken().catch((caught: unknown) => caught);
      expect((error as { code?: string }).code).to.equal('signed-out');
      expect(el.state).to.equal('signed-out');
    });

    it('provides the session to children through context', async () => {
      const session = new FakeSession();
      const el = await fixture(
        html`<finesse-sso-session .session=${session}><span></span></finesse-sso-session>`,
      );
      let received: SessionApi | undefined;
      el.firstElementChild!.dispatchEvent(
        new ContextEvent(sessionContext, el.firstElementChild!, (value) => {
          received = value;
        }),
      );
      expect(received).to.equal(session);
    });

    it('marks connected and the first active state for the benchmark', async () => {
      performance.clearMarks('finesse-sso:connected');
      performance.clearMarks('finesse-sso:active');
      const session = new FakeSession();
      session.state = 'signing-in';
      const el = await mount(session);
      expect(performance.getEntriesByName('finesse-sso:connected')).to.have.length(1);
      expect(performance.getEntriesByName('finesse-sso:active')).to.have.length(0);
      session.state = 'active';
      session.emit('session-change', { state: 'active', previous: 'signing-in' });
      session.setState('refreshing');
      session.setState('active');
      await el.updateComplete;
      expect(performance.getEntriesByName('finesse-sso:active')).to.have.length(1);
    });

    it('always renders the default slot', async () => {
      const el = await fixture(
        html`<finesse-sso-session .session=${new FakeSession()}
          ><p>host UI</p></finesse-sso-session
        >`,
      );
      const slot = el.shadowRoot!.querySelector('slot')!;
      expect(slot.assignedElements()[0].textContent).to.equal('host UI');
    });
  });

  describe('tokens', () => {
    it('never shows the token in the shadow DOM, attributes or event details', async () => {
      const session = new FakeSession();
      const el = await mount(session);
      const details: unknown[] = [];
      for (const type of ['session-change', 'token-refreshed', 'session-error', 'signed-out']) {
        el.addEventListener(`finesse-${type}`, (event) =>
          details.push((event as CustomEvent).detail),
        );
      }
      const leaks = () =>
        [el.shadowRoot!.innerHTML, el.outerHTML, JSON.stringify(details), document.title].filter(
          (value) => value.includes(SECRET_TOKEN),
        );

      session.signInNow();
      session.emit('session-change', { state: 'active', previous: 'signed-out' });
      expect(await el.getAccessToken()).to.equal(SECRET_TOKEN);
      await el.fetch('/finesse/api/User/agent007');
      session.emit('token-refreshed', { expiresAt: session.expiresAt!, byThisTab: true });
      await el.updateComplete;
      expect(leaks()).to.deep.equal([]);

      for (const state of ['refreshing', 'offline', 'needs-sign-in', 'signed-out'] as const) {
        session.setState(state);
        await el.updateComplete;
        expect(leaks(), state).to.deep.equal([]);
      }
      expect(details.length).to.be.greaterThan(4);
    });
  });
});
