import { expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/sso-session/finesse-sso-session.ts';
import type { FinesseSsoSession } from '../../src/elements/sso-session/sso-session.component.ts';
import { en } from '../../src/i18n/en.ts';
import { hasEnglish } from '../../src/i18n/index.ts';

/**
 * The element builds its own session from the engine part (a dynamic import here, a script
 * beside the first one in the IIFE build): until the part is there it has no session and shows
 * nothing that could need the engine; `updateComplete` resolves once it shows the session.
 */
describe('<finesse-sso-session> and the engine part', () => {
  it('has no session until the engine part loads; updateComplete waits for it and its English', async () => {
    expect(hasEnglish('engine')).to.equal(false);
    const el = document.createElement('finesse-sso-session') as FinesseSsoSession;
    el.setAttribute('mode', 'popup');
    el.setAttribute('finesse-url', `${location.origin}/engine-test`);
    el.setAttribute('username', 'agent1');
    document.body.append(el);
    try {
      // Connected, but the session is built from a part: nothing yet, no button to click.
      expect(el.session).to.equal(undefined);
      expect(el.shadowRoot?.querySelector('[part~="sign-in-button"]') ?? null).to.equal(null);
      await el.updateComplete;
      expect(el.session?.mode).to.equal('popup');
      expect(hasEnglish('engine')).to.equal(true);
      // The session's own texts come with the engine part: the stored pair is read, then the
      // sign-in is offered in English.
      await waitUntil(() => el.session!.state === 'signed-out', 'reads the stored pair', {
        timeout: 10_000,
      });
      await el.updateComplete;
      const button = el.shadowRoot!.querySelector('[part~="sign-in-button"]');
      expect(button?.textContent?.trim()).to.equal(en.signIn);
    } finally {
      el.remove();
    }
  });
});
