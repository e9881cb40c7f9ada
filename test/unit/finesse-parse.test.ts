import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import {
  parseApiErrors,
  parseDialog,
  parseDialogs,
  parseReasonCodes,
  parseSystemInfo,
  parseUpdate,
  parseUser,
} from '../../src/core/finesse/parse.ts';
import { MAX_XML_CHARS } from '../../src/core/finesse/xml-read.ts';
import {
  SYSTEM_INFO_XML,
  apiErrorsXml,
  asyncErrorsXml,
  dialogXml,
  dialogsXml,
  reasonCodesXml,
  updateXml,
  userXml,
} from './finesse-fixtures.ts';

/** Runs `parse` and returns the FinesseError it threw (fails the test when it did not). */
function refusal(parse: () => unknown): FinesseError {
  try {
    parse();
  } catch (error) {
    expect(error).to.be.instanceOf(FinesseError);
    expect((error as FinesseError).code).to.equal('api-error');
    return error as FinesseError;
  }
  throw new Error('expected the document to be refused');
}

describe('Finesse XML: models', () => {
  it('reads a User with its reason code, roles and team', () => {
    const user = parseUser(userXml({ state: 'NOT_READY', reasonCodeId: '12' }));
    expect(user).to.deep.include({
      loginId: '1001',
      loginName: 'agent1',
      firstName: 'Alice',
      lastName: 'Agent',
      extension: '1001',
      state: 'NOT_READY',
      stateChangeTime: '2026-11-21T09:00:00.000Z',
      pendingState: '',
      reasonCodeId: '12',
      teamId: '7',
      teamName: 'Sales',
      dialogsUri: '/finesse/api/User/1001/Dialogs',
    });
    expect(user.roles).to.deep.equal(['Agent', 'Supervisor']);
    expect(user.reasonCode).to.deep.equal({
      id: '12',
      uri: '/finesse/api/ReasonCode/12',
      category: 'NOT_READY',
      code: '32762',
      label: 'Lunch',
      forAll: true,
    });
  });

  it('reads a bare <User/> as empty fields, no reason (-1), no roles, state UNKNOWN', () => {
    const user = parseUser('<User/>');
    expect(user).to.deep.equal({
      loginId: '',
      loginName: '',
      firstName: '',
      lastName: '',
      extension: '',
      state: 'UNKNOWN',
      stateChangeTime: '',
      pendingState: '',
      reasonCodeId: '-1',
      reasonCode: null,
      roles: [],
      teamId: '',
      teamName: '',
      dialogsUri: '',
    });
  });

  it('reads a state it does not know as UNKNOWN', () => {
    expect(parseUser('<User><state>ON_THE_MOON</state></User>').state).to.equal('UNKNOWN');
  });

  it('reads reason codes, taking the id from the last segment of the uri', () => {
    const codes = parseReasonCodes(reasonCodesXml('LOGOUT', ['End of shift', 'Sick']), 'LOGOUT');
    expect(codes).to.deep.equal([
      {
        id: '20',
        uri: '/finesse/api/ReasonCode/20',
        category: 'LOGOUT',
        code: '100',
        label: 'End of shift',
        forAll: true,
      },
      {
        id: '21',
        uri: '/finesse/api/ReasonCode/21',
        category: 'LOGOUT',
        code: '101',
        label: 'Sick',
        forAll: true,
      },
    ]);
    expect(parseReasonCodes('<ReasonCodes/>')).to.deep.equal([]);
  });

  it('reads a Dialog with participants, allowed actions, call variables and media properties', () => {
    const dialog = parseDialog(dialogXml({ id: '42', state: 'ALERTING', actions: ['ANSWER'] }));
    expect(dialog).to.deep.include({
      id: '42',
      uri: '/finesse/api/Dialog/42',
      mediaType: 'Voice',
      fromAddress: '5551234',
      toAddress: '1001',
      state: 'ALERTING',
      callType: 'ACD_IN',
    });
    expect(dialog.callVariables).to.deep.equal({
      callVariable1: '  Acct 42  ',
      'user.ECC.lang': 'ja',
    });
    expect(dialog.mediaProperties).to.deep.include({ DNIS: '1001', dialedNumber: '1001' });
    expect(dialog.participants).to.have.length(2);
    expect(dialog.participants[0]).to.deep.equal({
      mediaAddress: '1001',
      mediaAddressType: 'AGENT_DEVICE',
      state: 'ALERTING',
      actions: ['ANSWER'],
      startTime: '2026-11-21T09:01:00.000Z',
    });
    expect(dialog.participants[1]!.actions).to.deep.equal([]);
  });

  it('keeps a call variable named __proto__ as data, not as a prototype', () => {
    const dialog = parseDialog(
      '<Dialog><id>1</id><mediaProperties><callvariables><CallVariable><name>__proto__</name><value>x</value></CallVariable></callvariables></mediaProperties></Dialog>',
    );
    expect(Object.getPrototypeOf(dialog.callVariables)).to.equal(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(dialog.callVariables, '__proto__')?.value).to.equal('x');
  });

  it('reads a Dialogs list (and an empty one)', () => {
    const dialogs = parseDialogs(dialogsXml(dialogXml({ id: '1' }), dialogXml({ id: '2' })));
    expect(dialogs.map((d) => d.id)).to.deep.equal(['1', '2']);
    expect(parseDialogs('<Dialogs/>')).to.deep.equal([]);
  });

  it('reads SystemInfo, including both nodes', () => {
    expect(parseSystemInfo(SYSTEM_INFO_XML)).to.deep.equal({
      systemAuthMode: 'SSO',
      xmppDomain: 'fin1.test',
      xmppPubSubDomain: 'pubsub.fin1.test',
      deploymentType: 'UCCE',
      status: 'IN_SERVICE',
      statusReason: '',
      primaryNodeHost: 'fin1.test',
      secondaryNodeHost: 'fin2.test',
      primaryNode: {
        host: 'fin1.test',
        httpsPort: '8445',
        xmppPort: '5222',
        xmppSecurePort: '5223',
      },
      secondaryNode: {
        host: 'fin2.test',
        httpsPort: '8445',
        xmppPort: '5222',
        xmppSecurePort: '5223',
      },
    });
  });

  it('reads an out-of-service SystemInfo of a single node: status, reason, no secondary', () => {
    const info = parseSystemInfo(
      '<SystemInfo><primaryNode><host>fin1.test</host><httpsPort>8445</httpsPort></primaryNode>' +
        '<status>OUT_OF_SERVICE</status><statusReason>CTI_DOWN</statusReason></SystemInfo>',
    );
    expect(info.status).to.equal('OUT_OF_SERVICE');
    expect(info.statusReason).to.equal('CTI_DOWN');
    expect(info.primaryNode).to.deep.equal({
      host: 'fin1.test',
      httpsPort: '8445',
      xmppPort: '',
      xmppSecurePort: '',
    });
    expect(info.secondaryNode).to.equal(null);
  });

  it('reads sync ApiErrors and async apiErrors alike', () => {
    expect(parseApiErrors(apiErrorsXml('Parameter Missing', 'Reason code required'))).to.deep.equal(
      [
        {
          errorType: 'Parameter Missing',
          errorMessage: 'Reason code required',
          errorData: 'state',
        },
      ],
    );
    expect(parseApiErrors(asyncErrorsXml('Generic Error', 'CTI timeout'))).to.deep.equal([
      { errorType: 'Generic Error', errorMessage: 'CTI timeout', errorData: '1001' },
    ]);
  });
});

describe('Finesse XML: <Update> documents', () => {
  it('reads a User update with its event, requestId and source', () => {
    const update = parseUpdate(updateXml(userXml({ state: 'READY' }), 'PUT', 'r-1'));
    expect(update.kind).to.equal('user');
    expect(update).to.deep.include({
      event: 'PUT',
      requestId: 'r-1',
      source: '/finesse/api/User/1001',
    });
    if (update.kind === 'user') expect(update.user.state).to.equal('READY');
  });

  it('reads an XML declaration in front of the Update', () => {
    const update = parseUpdate(`<?xml version="1.0" encoding="UTF-8"?>${updateXml(dialogXml())}`);
    expect(update.kind).to.equal('dialog');
  });

  it('reads Dialog, dialogs (either case) and apiErrors updates', () => {
    const dialog = parseUpdate(updateXml(dialogXml({ id: '9' }), 'POST'));
    expect(dialog.kind === 'dialog' && dialog.dialog.id).to.equal('9');
    const lower = parseUpdate(updateXml(`<dialogs>${dialogXml({ id: '1' })}</dialogs>`));
    expect(lower.kind === 'dialogs' && lower.dialogs.map((d) => d.id)).to.deep.equal(['1']);
    const upper = parseUpdate(updateXml(dialogsXml(dialogXml({ id: '2' }))));
    expect(upper.kind === 'dialogs' && upper.dialogs.map((d) => d.id)).to.deep.equal(['2']);
    const errors = parseUpdate(updateXml(asyncErrorsXml('Invalid State', 'Not now'), 'PUT', 'r-9'));
    expect(errors.kind).to.equal('api-errors');
    if (errors.kind === 'api-errors') {
      expect(errors.requestId).to.equal('r-9');
      expect(errors.errors[0]).to.deep.include({
        errorType: 'Invalid State',
        errorMessage: 'Not now',
      });
    }
  });

  it('reads an Update with other or no data as unknown, with empty head fields when missing', () => {
    expect(parseUpdate(updateXml('<Team><id>1</id></Team>')).kind).to.equal('unknown');
    expect(parseUpdate('<Update/>')).to.deep.equal({
      kind: 'unknown',
      event: '',
      requestId: '',
      source: '',
    });
  });
});

describe('Finesse XML: hostile and broken documents', () => {
  it('refuses a DOCTYPE with entities (billion laughs) without expanding it', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE User [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><User><firstName>&d;&d;&d;&d;</firstName></User>`;
    expect(refusal(() => parseUser(lol)).message).to.match(/DOCTYPE/);
  });

  it('refuses an external entity and a lower-case doctype', () => {
    const external = `<!DOCTYPE User [<!ENTITY x SYSTEM "file:///etc/passwd">]><User><loginId>&x;</loginId></User>`;
    expect(refusal(() => parseUser(external)).message).to.match(/DOCTYPE/);
    expect(refusal(() => parseUser('<!doctype User><User/>')).message).to.match(/DOCTYPE/);
  });

  it('refuses truncated and unclosed documents', () => {
    const full = userXml();
    expect(refusal(() => parseUser(full.slice(0, full.length / 2))).message).to.match(
      /broken or truncated/,
    );
    expect(refusal(() => parseDialogs('<Dialogs><Dialog><id>1</id></Dialogs>')).message).to.match(
      /broken or truncated/,
    );
    expect(refusal(() => parseUpdate('<Update><data><User>')).message).to.match(/truncated/);
  });

  it('refuses a wrong root, naming it briefly', () => {
    expect(refusal(() => parseUser('<Dialog/>')).message).to.equal(
      'Finesse sent <Dialog> where <User> was expected.',
    );
    expect(refusal(() => parseUpdate(userXml())).message).to.match(/<User> where <Update>/);
  });

  it('refuses an empty answer and whitespace', () => {
    expect(refusal(() => parseUser('')).message).to.match(/empty answer/);
    expect(refusal(() => parseSystemInfo('  \n ')).message).to.match(/empty answer/);
  });

  it('refuses an HTML page (a sign-in page or proxy error)', () => {
    const html =
      '<!doctype html><html><head><title>Sign in</title></head><body><form></form></body></html>';
    refusal(() => parseUser(html));
    refusal(() => parseUser('<html><body><p>Bad gateway<br></p></body></html>'));
    refusal(() => parseUser('<html><body><p>ok</p></body></html>'));
  });

  it('refuses plain text and JSON', () => {
    refusal(() => parseUser('Service Unavailable'));
    refusal(() => parseUser('{"loginId":"1001"}'));
  });

  it('never echoes the input: a token in a refused document stays out of the message', () => {
    const token = 'eyJ-secret-token-value';
    const messages = [
      refusal(() => parseUser(`<Token access="${token}">`)).message,
      refusal(() => parseUser(`<access_token>${token}</access_token>`)).message,
      refusal(() => parseUser(`<${'x'.repeat(5000)}/>`)).message,
    ];
    for (const message of messages) {
      expect(message).not.to.contain(token);
      expect(message.length).to.be.below(200);
    }
  });

  it('reads a huge text node within the limit, and refuses a document over it', () => {
    const label = 'x'.repeat(500_000);
    const user = parseUser(`<User><firstName>${label}</firstName></User>`);
    expect(user.firstName.length).to.equal(500_000);
    const tooBig = `<User><firstName>${'y'.repeat(MAX_XML_CHARS)}</firstName></User>`;
    const error = refusal(() => parseUser(tooBig));
    expect(error.message).to.match(/refused/);
    expect(error.message.length).to.be.below(200);
  });

  it('reads escaped markup as text, never as elements', () => {
    const user = parseUser(
      '<User><firstName>&lt;script&gt;x&lt;/script&gt; &amp; co</firstName></User>',
    );
    expect(user.firstName).to.equal('<script>x</script> & co');
  });
});
