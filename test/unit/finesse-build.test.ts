import { expect } from '@open-wc/testing';
import {
  checkDialNumber,
  checkDtmf,
  dialogActionBody,
  makeCallBody,
  normalizeDialNumber,
  userStateBody,
} from '../../src/core/finesse/build.ts';

/** Parses a built body the way Finesse would, failing on anything that is not well formed. */
function parsed(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  expect(doc.getElementsByTagName('parsererror')).to.have.length(0);
  return doc;
}

const textAt = (doc: Document, name: string) => doc.getElementsByTagName(name)[0]?.textContent;

describe('Finesse request bodies', () => {
  it('builds the four state changes of FINESSE.md §4', () => {
    expect(userStateBody({ state: 'LOGIN', extension: '1001' })).to.equal(
      '<User><state>LOGIN</state><extension>1001</extension></User>',
    );
    expect(userStateBody({ state: 'READY' })).to.equal('<User><state>READY</state></User>');
    expect(userStateBody({ state: 'NOT_READY', reasonCodeId: '12' })).to.equal(
      '<User><state>NOT_READY</state><reasonCodeId>12</reasonCodeId></User>',
    );
    expect(userStateBody({ state: 'LOGOUT', reasonCodeId: 2 })).to.equal(
      '<User><state>LOGOUT</state><reasonCodeId>2</reasonCodeId></User>',
    );
  });

  it('builds MAKE_CALL', () => {
    expect(makeCallBody('1001', '5551234')).to.equal(
      '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>5551234</toAddress></Dialog>',
    );
  });

  it('builds dialog actions with toAddress and the DTMF parameter', () => {
    expect(dialogActionBody({ action: 'ANSWER', targetMediaAddress: '1001' })).to.equal(
      '<Dialog><requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress></Dialog>',
    );
    const consult = parsed(
      dialogActionBody({ action: 'CONSULT_CALL', targetMediaAddress: '1001', toAddress: '2002' }),
    );
    expect(textAt(consult, 'toAddress')).to.equal('2002');
    expect(
      dialogActionBody({ action: 'SEND_DTMF', targetMediaAddress: '1001', dtmf: '123#' }),
    ).to.equal(
      '<Dialog><requestedAction>SEND_DTMF</requestedAction><targetMediaAddress>1001</targetMediaAddress><actionParams><ActionParam><name>dtmfString</name><value>123#</value></ActionParam></actionParams></Dialog>',
    );
  });

  it('escapes a typed number such as 5551234<x> instead of injecting markup', () => {
    const body = makeCallBody('1001', '5551234<x>');
    expect(body).to.contain('<toAddress>5551234&lt;x&gt;</toAddress>');
    const doc = parsed(body);
    expect(textAt(doc, 'toAddress')).to.equal('5551234<x>');
    expect(doc.getElementsByTagName('x')).to.have.length(0);
  });

  it('escapes &, quotes and a closing-tag injection in every field', () => {
    const evil = `a&b"c'd</toAddress><requestedAction>DROP</requestedAction>`;
    const doc = parsed(
      dialogActionBody({ action: 'HOLD', targetMediaAddress: evil, toAddress: evil }),
    );
    expect(doc.getElementsByTagName('requestedAction')).to.have.length(1);
    expect(textAt(doc, 'requestedAction')).to.equal('HOLD');
    expect(textAt(doc, 'targetMediaAddress')).to.equal(evil);
    expect(textAt(doc, 'toAddress')).to.equal(evil);
    const state = userStateBody({ state: 'NOT_READY', reasonCodeId: '1&2<3>"' });
    expect(state).to.contain('1&amp;2&lt;3&gt;&quot;');
    expect(textAt(parsed(state), 'reasonCodeId')).to.equal('1&2<3>"');
  });

  it('drops characters XML cannot carry, so the body stays well formed', () => {
    const doc = parsed(makeCallBody('1001', '555\u0000\u0001\u000b1234'));
    expect(textAt(doc, 'toAddress')).to.equal('5551234');
  });
});

describe('Finesse input checks', () => {
  it('accepts digits, * and #, a leading +, with spaces and dashes removed', () => {
    for (const number of ['5551234', '+81 3-1234-5678', '*67 555 1234', '#21#', '9'.repeat(32)]) {
      expect(checkDialNumber(number, '1001'), number).to.equal(null);
    }
    expect(normalizeDialNumber(' +81 3-1234-5678 ')).to.equal('+81312345678');
  });

  it('refuses empty, invalid and too long numbers', () => {
    expect(checkDialNumber('', '1001')).to.equal('empty-number');
    expect(checkDialNumber('  - ', '1001')).to.equal('empty-number');
    for (const number of [
      '5551234<x>',
      'abc',
      '12+3',
      '++1',
      '555.1234',
      '9'.repeat(33),
      '1\u00002',
    ]) {
      expect(checkDialNumber(number, '1001'), number).to.equal('invalid-number');
    }
  });

  it('refuses the agent’s own extension, however it is typed', () => {
    expect(checkDialNumber('1001', '1001')).to.equal('self-call');
    expect(checkDialNumber('10-01', '1001')).to.equal('self-call');
    expect(checkDialNumber('1001', '')).to.equal(null);
  });

  it('checks DTMF digits', () => {
    expect(checkDtmf('123#*0')).to.equal(null);
    for (const digits of ['', '12a', '1 2', '#'.repeat(33), '<']) {
      expect(checkDtmf(digits), digits).to.equal('invalid-dtmf');
    }
  });
});
