import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { langHostCount } from '../../src/elements/shared/controllers/lang-controller.ts';
import { FINESSE_ERROR_CODES } from '../../src/core/kernel/errors.ts';
import { announcementFor } from '../../src/elements/sso-session/countdown.ts';
import { formatRemaining } from '../../src/elements/shared/format-remaining.ts';
import type { FinesseSsoSession } from '../../src/elements/sso-session/sso-session.component.ts';
import { en } from '../../src/i18n/en.ts';
import { hasEnglish, loadEnglish, messagesFor, resolveLang, toLang } from '../../src/i18n/index.ts';
import type { EnglishPart } from '../../src/i18n/index.ts';
import { ja } from '../../src/i18n/ja.ts';
import { ko } from '../../src/i18n/ko.ts';
import { FakeSession } from './fake-session.ts';
import { mount, part, text } from './sso-session-helpers.ts';
import { loadLanguages } from './helpers/languages.ts';

const ENGLISH_PARTS: EnglishPart[] = ['relay', 'gadget', 'oidc', 'genesys', 'diagnostics'];

describe('<finesse-sso-session> languages loaded on demand', () => {
  it("loads a mode's own English with the mode, and updateComplete waits for it", async () => {
    // The first script's English leaves relay mode's errors out (they come with its part).
    expect(hasEnglish('relay')).to.equal(false);
    expect(messagesFor('en').errors['relay-not-allowed']).to.equal(undefined);
    const session = new FakeSession();
    session.mode = 'relay';
    session.username = null;
    session.fail('relay-not-allowed');
    const el = await mount(session, 'en');
    expect(hasEnglish('relay')).to.equal(true);
    expect(text(part(el, 'banner-body'))).to.equal(en.errors['relay-not-allowed']);
    // A popup-mode session needs none of the parts' English.
    expect(hasEnglish('gadget') || hasEnglish('oidc') || hasEnglish('diagnostics')).to.equal(false);
  });

  it('loads Japanese on first use and shows no English meanwhile', async () => {
    const session = new FakeSession();
    session.username = null;
    session.fail('popup-blocked');
    const el = await fixture<FinesseSsoSession>(
      html`<finesse-sso-session lang="ja" .session=${session}></finesse-sso-session>`,
    );
    // Until the catalogue is there the element renders nothing of its own (its starting state).
    expect(el.shadowRoot?.textContent ?? '').not.to.contain(en.tryAgain);
    await waitUntil(() => part(el, 'sign-in-button'), 'the Japanese texts never arrived');
    expect(text(part(el, 'sign-in-button'))).to.equal('再試行');
  });
});

describe('<finesse-sso-session> languages', () => {
  before(loadLanguages);

  it('speaks Japanese with lang="ja"', async () => {
    const session = new FakeSession();
    session.username = null;
    session.fail('popup-blocked');
    const el = await mount(session, 'ja');
    expect(text(part(el, 'sign-in-button'))).to.equal('再試行');
    expect(text(part(el, 'error'))).to.equal(ja.errors['popup-blocked']);
    expect((part(el, 'username-input') as HTMLInputElement).labels?.[0]?.textContent).to.equal(
      ja.usernameLabel,
    );
    await expect(el).to.be.accessible();
  });

  it('speaks Korean with lang="ko", including the banner', async () => {
    const session = new FakeSession();
    session.signInNow();
    session.state = 'needs-sign-in';
    session.fail('refresh-needs-interaction');
    session.expiresAt = session.time + 95_000;
    const el = await mount(session, 'ko');
    expect(text(part(el, 'sign-in-again-button'))).to.equal('다시 로그인');
    expect(text(part(el, 'banner'))).to.contain(ko.errors['refresh-needs-interaction']);
    expect(text(part(el, 'countdown'))).to.equal('1:35');
    await expect(el).to.be.accessible();
  });

  it('says in Japanese and Korean that an offline, expired session keeps trying by itself', async () => {
    for (const [lang, messages] of [
      ['ja', ja],
      ['ko', ko],
    ] as const) {
      const session = new FakeSession();
      session.signInNow();
      session.state = 'offline';
      session.expiresAt = session.time - 1_000;
      session.expired = true;
      const el = await mount(session, lang);
      expect(text(part(el, 'banner-heading'))).to.equal(messages.offlineExpired.heading);
      expect(text(part(el, 'banner-body'))).to.equal(messages.offlineExpired.body);
      expect(text(part(el, 'offline-sign-in-button'))).to.equal(messages.offlineSignIn);
    }
  });

  it('never claims that a failure shown as an error is being retried (only the offline status retries)', () => {
    // Transport errors are shown after a failed sign-in, sign-out or agent-state request,
    // none of which is retried by itself; the refresh's own retries show the offline status.
    for (const messages of [en, ja, ko]) {
      for (const text of [
        ...Object.values(messages.errors),
        ...Object.values(messages.oauthErrors),
      ]) {
        expect(text).not.to.match(/keeps retrying|retrying|再試行を続け|계속 다시 시도/);
      }
    }
    expect(en.offline('1:00').body).to.match(/keeps trying/);
  });

  it('follows the closest ancestor lang and re-renders when its own lang changes', async () => {
    const session = new FakeSession();
    session.signInNow();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="ja-JP"><finesse-sso-session .session=${session}></finesse-sso-session></div>`,
    );
    const el = wrapper.firstElementChild as FinesseSsoSession;
    expect(text(part(el, 'sign-out-button'))).to.equal(ja.signOut);
    el.setAttribute('lang', 'ko');
    await el.updateComplete;
    expect(text(part(el, 'sign-out-button'))).to.equal(ko.signOut);
  });

  it('re-renders when the document language changes (one observer shared by every element)', async () => {
    const root = document.documentElement;
    const before = root.getAttribute('lang');
    const session = new FakeSession();
    session.signInNow();
    try {
      root.lang = 'en';
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <finesse-sso-session .session=${session}></finesse-sso-session>
          <finesse-sso-session .session=${session}></finesse-sso-session>
        </div>`,
      );
      const [first, second] = [...wrapper.children] as FinesseSsoSession[];
      await Promise.all([first!.updateComplete, second!.updateComplete]);
      expect(text(part(first!, 'sign-out-button'))).to.equal(en.signOut);
      expect(langHostCount()).to.equal(2);
      root.lang = 'ko-KR';
      await waitUntil(() => text(part(second!, 'sign-out-button')) === ko.signOut);
      expect(text(part(first!, 'sign-out-button'))).to.equal(ko.signOut);
      wrapper.remove();
      expect(langHostCount()).to.equal(0);
    } finally {
      if (before === null) root.removeAttribute('lang');
      else root.setAttribute('lang', before);
    }
  });

  it('falls back to English for an unsupported language', async () => {
    const el = await mount(new FakeSession(), 'fr');
    expect(text(part(el, 'sign-in-button'))).to.equal(en.signIn);
  });

  it('has a non-empty message for every error code in every language', async () => {
    // English: the first script's, and each part's as the elements load it.
    for (const englishPart of ENGLISH_PARTS) await loadEnglish(englishPart);
    for (const lang of ['en', 'ja', 'ko'] as const) {
      for (const code of FINESSE_ERROR_CODES) {
        expect(messagesFor(lang).errors[code], `${lang} ${code}`).to.be.a('string').and.not.empty;
      }
    }
    expect(ja.errors.network).not.to.equal(en.errors.network);
    expect(ko.errors.network).not.to.equal(en.errors.network);
  });
});

describe('resolveLang', () => {
  it('prefers the element, then ancestors across shadow roots, then the document', () => {
    const outer = document.createElement('div');
    outer.lang = 'ko';
    const host = document.createElement('div');
    outer.append(host);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(resolveLang(inner)).to.equal('ko');
    inner.lang = 'ja';
    expect(resolveLang(inner)).to.equal('ja');
  });

  it('uses document.documentElement.lang when no ancestor has one', () => {
    const previous = document.documentElement.lang;
    document.documentElement.lang = 'ja';
    try {
      expect(resolveLang(document.createElement('span'))).to.equal('ja');
    } finally {
      document.documentElement.lang = previous;
    }
  });

  it('maps BCP 47 tags and rejects unsupported ones', () => {
    expect(toLang('ja-JP')).to.equal('ja');
    expect(toLang('KO_kr')).to.equal('ko');
    expect(toLang('en-GB')).to.equal('en');
    expect(toLang('de')).to.equal(null);
    expect(toLang('')).to.equal(null);
  });
});

describe('countdown helpers', () => {
  it('formats m:ss rounded up, h:mm:ss from an hour, and expired at zero', () => {
    expect(formatRemaining(125_000, 'en')).to.equal('2:05');
    expect(formatRemaining(59_001, 'en')).to.equal('1:00');
    expect(formatRemaining(1, 'en')).to.equal('0:01');
    expect(formatRemaining(3_725_000, 'en')).to.equal('1:02:05');
    expect(formatRemaining(0, 'en')).to.equal(en.expired);
    expect(formatRemaining(-5_000, 'ja')).to.equal(ja.expired);
  });

  it('reports a threshold only when it is crossed downwards', () => {
    expect(announcementFor(null, 110_000)).to.equal(null);
    expect(announcementFor(121_000, 120_000)).to.equal(120_000);
    expect(announcementFor(120_000, 119_000)).to.equal(null);
    expect(announcementFor(61_000, 59_000)).to.equal(60_000);
    expect(announcementFor(31_000, 30_000)).to.equal(30_000);
    expect(announcementFor(300_000, 45_000)).to.equal(60_000);
    expect(announcementFor(30_000, 200_000)).to.equal(null);
    expect(announcementFor(40_000, -1_000)).to.equal(null);
  });
});
