import { expect } from '@open-wc/testing';
import {
  buildFragment,
  hasNonce,
  isExactOrigin,
  newNonce,
  originAllowed,
  parseAllowList,
  parseFragment,
  safeCssValue,
} from '../../src/core/relay/protocol.ts';

const DESK = 'https://desk.example.com';

describe('relay allow-list (relay side)', () => {
  it('missing, empty or malformed files allow nobody', () => {
    expect(parseAllowList(null)).to.deep.equal([]);
    expect(parseAllowList(undefined)).to.deep.equal([]);
    expect(parseAllowList('')).to.deep.equal([]);
    expect(parseAllowList('<html>Not found</html>')).to.deep.equal([]);
    expect(parseAllowList('{ "origins": "*" ')).to.deep.equal([]);
    expect(parseAllowList('{ "origins": "https://desk.example.com" }')).to.deep.equal([]);
    expect(parseAllowList('["https://desk.example.com"]')).to.deep.equal([]);
    expect(parseAllowList('null')).to.deep.equal([]);
    expect(parseAllowList('{ "origins": [] }')).to.deep.equal([]);
  });

  it('keeps exact origins only: never "null", wildcards, paths or trailing slashes', () => {
    const list = parseAllowList(
      JSON.stringify({
        origins: [
          DESK,
          'null',
          '*',
          'https://*.example.com',
          'https://desk.example.com/',
          'https://desk.example.com/app',
          'HTTPS://DESK.EXAMPLE.COM',
          'file:///tmp',
          'javascript:alert(1)',
          42,
          'https://desk.example.com:8443',
        ],
      }),
    );
    expect(list).to.deep.equal([DESK, 'https://desk.example.com:8443']);
    expect(isExactOrigin('null')).to.equal(false);
  });

  it('matches event.origin exactly', () => {
    const list = [DESK];
    expect(originAllowed(DESK, list)).to.equal(true);
    expect(originAllowed('https://desk.example.com:443', list)).to.equal(false);
    expect(originAllowed('http://desk.example.com', list)).to.equal(false);
    expect(originAllowed('https://desk.example.com.evil.test', list)).to.equal(false);
    expect(originAllowed('https://evil.desk.example.com', list)).to.equal(false);
    expect(originAllowed('https://DESK.example.com', list)).to.equal(false);
    expect(originAllowed('null', ['null'])).to.equal(false);
    expect(originAllowed('', list)).to.equal(false);
  });
});

describe('relay fragment and messages', () => {
  it('round-trips version, nonce, lang and safe theme values', () => {
    const nonce = newNonce();
    expect(nonce).to.match(/^[0-9a-f]{32}$/);
    expect(newNonce()).not.to.equal(nonce);
    const hash = buildFragment({
      version: '0.1.0',
      nonce,
      lang: 'ja',
      theme: { accent: '#123456', radius: '6px', font: 'x;} body{display:none' },
    });
    const params = parseFragment(hash);
    expect(params).to.deep.equal({
      version: '0.1.0',
      nonce,
      lang: 'ja',
      theme: { accent: '#123456', radius: '6px' },
    });
  });

  it('drops unknown languages, malformed nonces and unsafe CSS', () => {
    const params = parseFragment('#v=1&n=abc&lang=xx&accent=url(https://evil)');
    expect(params.nonce).to.equal('');
    expect(params.lang).to.equal('en');
    expect(params.theme).to.deep.equal({});
    expect(safeCssValue('rgb(0, 94, 184)')).to.equal(true);
    expect(safeCssValue('red; background: url(x)')).to.equal(false);
  });

  it('accepts a message only with the exact nonce', () => {
    const nonce = newNonce();
    expect(hasNonce({ ns: 'finesse-sso-relay', type: 'ready', nonce }, nonce)).to.equal(true);
    expect(hasNonce({ ns: 'finesse-sso-relay', type: 'ready', nonce: 'x' }, nonce)).to.equal(false);
    expect(hasNonce({ ns: 'other', type: 'ready', nonce }, nonce)).to.equal(false);
    expect(hasNonce({ ns: 'finesse-sso-relay', type: 'ready', nonce: '' }, '')).to.equal(false);
    expect(hasNonce('ready', nonce)).to.equal(false);
  });
});
