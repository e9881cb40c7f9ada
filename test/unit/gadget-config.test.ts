/**
 * Gadget mode reads `finesse.gadget.Config` as finesse.js publishes it: built from gadget
 * prefs (strings; '' = not set), the port in `hostPort`, the id added by ClientServices.init.
 * Every Config here comes from the stand-in builder modeled on Cisco's code.
 */
import { expect } from '@open-wc/testing';
import {
  buildConfigFromPrefs,
  initConfig,
  prefsFrom,
} from '../../demo/gadget/desktop/config-from-prefs.ts';
import { agentFor, releaseAgent } from '../../src/core/finesse/session-agent.ts';
import { GadgetSession } from '../../src/core/gadget/gadget-session.ts';
import type { GadgetConfig } from '../../src/core/gadget/finesse-globals.ts';
import { resolveLang } from '../../src/i18n/index.ts';
import { ja } from '../../src/i18n/ja.ts';
import { ko } from '../../src/i18n/ko.ts';
import { FakeSession } from './fake-session.ts';
import { ManualClock } from './helpers/manual-clock.ts';
import { mount, part, text } from './sso-session-helpers.ts';
import { loadLanguages } from './helpers/languages.ts';

before(loadLanguages);

/** The Config finesse.js would build from these prefs (unset ones are ''). */
const configFrom = (prefs: Record<string, string>): GadgetConfig =>
  buildConfigFromPrefs(prefsFrom(prefs)) as GadgetConfig;

const session = (
  config: GadgetConfig,
  extra: Partial<{ username: string; clock: ManualClock }> = {},
) =>
  new GadgetSession({
    config,
    getAuthHeader: () => 'Bearer t',
    pageOrigin: 'https://gadgets.example.com',
    ...extra,
  });

describe('gadget Config: the Finesse node', () => {
  it('takes the port from hostPort (a string), as finesse.js publishes it', () => {
    const config = configFrom({ host: 'fin1.example.com', hostPort: '8445', scheme: 'https' });
    expect(config).to.not.have.property('port');
    expect(session(config).endpoints.finesseUrl).to.equal('https://fin1.example.com:8445');
  });

  it('treats empty prefs as unset: the scheme is the page’s, the port the scheme’s default', () => {
    const config = configFrom({ host: 'fin1.example.com', hostPort: '', scheme: '' });
    expect(session(config).endpoints.finesseUrl).to.equal('https://fin1.example.com');
    const http = configFrom({ host: 'fin1.example.com', hostPort: '8082', scheme: 'http' });
    expect(session(http).endpoints.finesseUrl).to.equal('http://fin1.example.com:8082');
  });

  it('never sends the browser to restHost (the gadget container’s server-side host)', () => {
    const config = configFrom({
      host: 'fin1.example.com',
      hostPort: '8445',
      restHost: 'localhost',
    });
    expect(session(config).endpoints.finesseUrl).to.equal('https://fin1.example.com:8445');
  });

  it('uses the page origin when the Config names no host', () => {
    expect(session(configFrom({})).endpoints.finesseUrl).to.equal('https://gadgets.example.com');
  });
});

describe('gadget Config: the agent', () => {
  const authorization = btoa('agent7:secret-password');

  it('takes the id ClientServices.init set from authorization', () => {
    const config = initConfig(configFrom({ host: 'fin1.example.com', authorization }));
    expect(config.id).to.equal('agent7');
    const s = session(config as GadgetConfig);
    expect(s.username).to.equal('agent7');
    expect(s.user).to.deep.equal({ userId: 'agent7', realm: '', userPrincipal: 'agent7' });
  });

  it('decodes authorization itself before init ran, keeping nothing after the colon', () => {
    const s = session(configFrom({ host: 'fin1.example.com', authorization }));
    expect(s.username).to.equal('agent7');
    expect(JSON.stringify(s.user)).to.not.contain('secret');
  });

  it('falls back to the element’s username, else has no agent', () => {
    const config = configFrom({ host: 'fin1.example.com', authorization: '' });
    expect(session(config, { username: 'jdoe' }).username).to.equal('jdoe');
    expect(session(config).username).to.equal(null);
    expect(session(configFrom({ authorization: 'not base64!' })).username).to.equal(null);
  });
});

describe('gadget Config: clock drift', () => {
  it('now() is Finesse server time: the clock plus clientDriftInMillis', () => {
    const clock = new ManualClock();
    const ahead = session(configFrom({ clientDriftInMillis: '5000' }), { clock });
    const behind = session(configFrom({ clientDriftInMillis: '-3000' }), { clock });
    const unset = session(configFrom({}), { clock });
    expect(ahead.now()).to.equal(clock.now() + 5000);
    expect(behind.now()).to.equal(clock.now() - 3000);
    expect(unset.now()).to.equal(clock.now());
  });

  it('the agent model’s durations (what the elements tick with) follow the corrected clock', () => {
    const clock = new ManualClock();
    const s = session(configFrom({ clientDriftInMillis: '7000' }), { clock });
    try {
      expect(agentFor(s).now()).to.equal(clock.now() + 7000);
    } finally {
      releaseAgent(s);
    }
  });
});

describe('gadget Config: language', () => {
  const root = document.documentElement;
  let saved = '';
  beforeEach(() => {
    saved = root.lang;
    root.lang = 'en'; // the gadget page's own default
  });
  afterEach(() => {
    root.lang = saved;
  });

  it('exposes locale, else language', () => {
    expect(session(configFrom({ locale: 'ja_JP', language: 'ko' })).language).to.equal('ja_JP');
    expect(session(configFrom({ language: 'ko' })).language).to.equal('ko');
    expect(session(configFrom({})).language).to.equal(null);
  });

  it('ranks an explicit lang, then the desktop locale, then the page and browser', () => {
    const el = document.createElement('div');
    document.body.append(el);
    try {
      expect(resolveLang(el, 'ko_KR')).to.equal('ko');
      expect(resolveLang(el, null)).to.equal('en');
      el.setAttribute('lang', 'ja');
      expect(resolveLang(el, 'ko_KR')).to.equal('ja');
    } finally {
      el.remove();
    }
  });

  it('the session element speaks the desktop locale unless its lang says otherwise', async () => {
    const fake = Object.assign(new FakeSession(), { language: 'ja_JP' });
    fake.signInNow();
    expect(text(part(await mount(fake), 'sign-out-button'))).to.equal(ja.signOut);
    expect(text(part(await mount(fake, 'ko'), 'sign-out-button'))).to.equal(ko.signOut);
  });
});
