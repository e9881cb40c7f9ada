import { expect } from '@open-wc/testing';
import type { ConnectionProblem } from '../../src/core/session/types.ts';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { ko } from '../../src/i18n/ko.ts';
import { FakeSession } from './fake-session.ts';
import { mount, part, text } from './sso-session-helpers.ts';
import { loadLanguages } from './helpers/languages.ts';

before(loadLanguages);

const CERT: ConnectionProblem = { code: 'certificate-untrusted', origin: 'https://fin.test:7443' };
const NET: ConnectionProblem = { code: 'network', origin: 'https://fin2.test:8445' };
const CSP: ConnectionProblem = {
  code: 'csp-blocked',
  origin: 'wss://fin.test:8445',
  directive: 'connect-src',
};

/** An active session with these problems, announced the way the core does. */
function withProblems(session: FakeSession, problems: ConnectionProblem[]): void {
  session.connectionProblems = problems;
  session.emit('connection-problems', { problems });
}

describe('<finesse-sso-session> connection notice', () => {
  it('shows nothing while every connection works', async () => {
    const session = new FakeSession();
    session.signInNow();
    const el = await mount(session);
    expect(part(el, 'connection-notice')).to.equal(null);
  });

  it('links each failing address, to open in a new tab, with what to do', async () => {
    const session = new FakeSession();
    session.signInNow();
    const el = await mount(session, 'en');
    withProblems(session, [CERT, NET]);
    await el.updateComplete;
    const notice = part(el, 'connection-notice')!;
    expect(notice.getAttribute('role')).to.equal('alert');
    const links = [...notice.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://fin.test:7443/',
      'https://fin2.test:8445/',
    ]);
    for (const a of links) {
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.equal('noopener');
      expect(text(a.parentElement)).to.contain(en.connection.openOnce);
    }
    expect(text(notice)).to.contain(en.connection.certificateLead);
    expect(text(notice)).to.contain(en.connection.networkLead);
    expect(text(notice)).to.contain(en.connection.clearsItself);
    await expect(el).to.be.accessible();
  });

  it('says CSP for a CSP block, with no link and no certificate advice', async () => {
    const session = new FakeSession();
    const el = await mount(session, 'en');
    withProblems(session, [CSP]);
    await el.updateComplete;
    const notice = part(el, 'connection-notice')!;
    expect(notice.querySelector('a')).to.equal(null);
    expect(text(notice)).to.equal(en.connection.cspBlocked('wss://fin.test:8445', 'connect-src'));
    expect(text(notice)).to.contain('Content-Security-Policy');
    expect(text(notice)).not.to.contain('certificate');
  });

  it('says in plain words that Finesse does not allow this desktop (CORS), with the CLI command, in en, ja and ko', async () => {
    const CORS: ConnectionProblem = {
      code: 'cors-not-allowed',
      origin: 'https://fin.test:8445',
      pageOrigin: 'https://desk.example.com',
    };
    const command = 'utils finesse cors allowed_origin add https://desk.example.com';
    for (const [lang, t] of [
      ['en', en],
      ['ja', ja],
      ['ko', ko],
    ] as const) {
      const session = new FakeSession();
      session.signInNow();
      const el = await mount(session, lang);
      withProblems(session, [CORS]);
      await el.updateComplete;
      const notice = part(el, 'connection-notice')!;
      expect(notice.querySelector('a')).to.equal(null);
      const said = text(notice.querySelector('[part~="cors-problem"]'));
      expect(said).to.equal(
        t.connection.corsNotAllowed('https://fin.test:8445', 'https://desk.example.com', command),
      );
      expect(said).to.contain(command);
      expect(said).to.contain('https://fin.test:8445');
      expect(text(notice)).to.contain(t.connection.clearsItself);
    }
  });

  it('clears the notice when the problems are gone', async () => {
    const session = new FakeSession();
    session.signInNow();
    const el = await mount(session);
    withProblems(session, [CERT]);
    await el.updateComplete;
    expect(part(el, 'connection-notice')).not.to.equal(null);
    withProblems(session, []);
    await el.updateComplete;
    expect(part(el, 'connection-notice')).to.equal(null);
  });

  it('speaks Japanese and Korean', async () => {
    for (const [lang, t] of [
      ['ja', ja],
      ['ko', ko],
    ] as const) {
      const session = new FakeSession();
      session.connectionProblems = [CERT, CSP];
      const el = await mount(session, lang);
      const notice = text(part(el, 'connection-notice'));
      expect(notice).to.contain(t.connection.certificateLead);
      expect(notice).to.contain(t.connection.openOnce);
      expect(notice).to.contain(t.connection.cspBlocked('wss://fin.test:8445', 'connect-src'));
      await expect(el).to.be.accessible();
    }
  });

  it('re-dispatches the core event as a bubbling, composed finesse-connection-problems', async () => {
    const session = new FakeSession();
    const el = await mount(session);
    const seen: unknown[] = [];
    el.parentElement!.addEventListener('finesse-connection-problems', (event) =>
      seen.push(event.detail),
    );
    withProblems(session, [CERT]);
    expect(seen).to.deep.equal([{ problems: [CERT] }]);
    expect(el.connectionProblems).to.deep.equal([CERT]);
  });
});
