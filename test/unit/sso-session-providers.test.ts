import { expect } from '@open-wc/testing';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { FakeSession } from './fake-session.ts';
import { fixture, html } from '@open-wc/testing';
import type { FinesseSsoSession } from '../../src/elements/sso-session/sso-session.component.ts';
import { ko } from '../../src/i18n/ko.ts';
import { announcer, mount, part, rerender, text } from './sso-session-helpers.ts';
import { loadLanguages } from './helpers/languages.ts';

before(loadLanguages);

const S = 1000;

describe('<finesse-sso-session> with Genesys-style sessions', () => {
  it('shows how long a sign-in that cannot renew itself still lasts, not a renewal time', async () => {
    const session = new FakeSession();
    session.signInNow();
    session.silentRenewal = false;
    session.expiresAt = session.time + 3600 * S;
    const el = await mount(session);
    const status = text(part(el, 'status'));
    expect(status).to.include(en.validFor('1:00:00'));
    expect(status).not.to.include('renews');
  });

  it('shows the idle warning with its countdown, announces it once, and hides it when activity resumes', async () => {
    const session = new FakeSession();
    session.signInNow();
    const el = await mount(session, 'ja');
    expect(part(el, 'idle-warning')).to.equal(null);

    session.idleSignOutAt = session.time + 60 * S;
    session.emit('idle-warning', { signOutAt: session.idleSignOutAt });
    await rerender(el);
    expect(text(part(el, 'idle-warning'))).to.include(ja.idleWarning('1:00'));
    expect(part(el, 'stay-signed-in-button')?.textContent?.trim()).to.equal(ja.staySignedIn);
    const said = text(announcer(el));
    expect(said).to.equal(ja.idleWarning('1:00'));

    session.time += 10 * S;
    await rerender(el);
    expect(text(part(el, 'idle-warning'))).to.include(ja.idleWarning('0:50'));
    expect(text(announcer(el)), 'announced once, not every second').to.equal(said);

    session.idleSignOutAt = null;
    session.emit('idle-warning', { signOutAt: null });
    await rerender(el);
    expect(part(el, 'idle-warning')).to.equal(null);
    expect(text(announcer(el))).to.equal('');
  });

  it('forwards idle-warning as a bubbling, composed finesse-idle-warning event', async () => {
    const session = new FakeSession();
    session.signInNow();
    const el = await mount(session);
    const seen: unknown[] = [];
    document.addEventListener(
      'finesse-idle-warning',
      (event) => seen.push((event as CustomEvent).detail),
      {
        once: true,
      },
    );
    session.emit('idle-warning', { signOutAt: 123 });
    expect(seen).to.deep.equal([{ signOutAt: 123 }]);
    el.remove();
  });

  it("does not name Finesse in errors shown to an OAuth provider's agents, in every language", async () => {
    for (const [lang, strings] of [
      ['en', en],
      ['ja', ja],
      ['ko', ko],
    ] as const) {
      const session = new FakeSession();
      session.signInNow();
      session.state = 'needs-sign-in';
      session.fail('refresh-rejected');
      const el = await fixture<FinesseSsoSession>(
        html`<finesse-sso-session
          provider="genesys"
          lang=${lang}
          .session=${session}
        ></finesse-sso-session>`,
      );
      const shown = text(part(el, 'banner'));
      expect(shown).to.include(strings.oauthErrors['refresh-rejected']!);
      expect(shown).not.to.include('Finesse');
      el.remove();
    }
    // The Finesse provider keeps its own wording.
    const finesse = new FakeSession();
    finesse.signInNow();
    finesse.state = 'needs-sign-in';
    finesse.fail('refresh-rejected');
    const el = await mount(finesse);
    expect(text(part(el, 'banner'))).to.include(en.errors['refresh-rejected']);
  });
});
