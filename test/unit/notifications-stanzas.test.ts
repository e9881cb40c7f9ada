import { expect } from '@open-wc/testing';
import {
  authFrame,
  bindFrame,
  challengeAnswerFrame,
  closeFrame,
  iqResultFrame,
  iqUnsupportedFrame,
  openFrame,
  pingFrame,
  presenceFrame,
  sessionFrame,
} from '../../src/core/notifications/xmpp-frames.ts';
import { parseFrame, unescapeXml } from '../../src/core/notifications/xml-frame-parser.ts';
import {
  base64Utf8,
  pickMechanism,
  saslOAuthBearer,
  saslPlain,
  saslXOAuth2,
} from '../../src/core/notifications/xmpp-sasl.ts';
import { classify } from '../../src/core/notifications/xmpp-server-stanzas.ts';
import type { ServerStanza } from '../../src/core/notifications/xmpp-server-stanzas.ts';

const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const read = (frame: string): ServerStanza => {
  const element = parseFrame(frame);
  expect(element, frame).to.not.equal(null);
  return classify(element!);
};
/** What a browser's own parser makes of our output: it must be well-formed XML. */
const wellFormed = (xml: string) => {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  expect(doc.getElementsByTagName('parsererror').length, xml).to.equal(0);
  return doc.documentElement;
};

describe('xmpp stanzas: building (docs/xmpp-wire.md, byte for byte)', () => {
  it('writes the client side of the sequence exactly', () => {
    expect(openFrame('finesse.lab.example.com')).to.equal(
      `<open xmlns="${FRAMING}" to="finesse.lab.example.com" version="1.0"/>`,
    );
    expect(bindFrame('finesse-sso-0a1b2c3d')).to.equal(
      '<iq type="set" id="bind_1" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>finesse-sso-0a1b2c3d</resource></bind></iq>',
    );
    expect(sessionFrame()).to.equal(
      '<iq type="set" id="sess_1" xmlns="jabber:client"><session xmlns="urn:ietf:params:xml:ns:xmpp-session"/></iq>',
    );
    expect(presenceFrame()).to.equal('<presence xmlns="jabber:client"/>');
    expect(pingFrame('ping_3', 'finesse.lab.example.com')).to.equal(
      '<iq type="get" id="ping_3" to="finesse.lab.example.com" xmlns="jabber:client"><ping xmlns="urn:xmpp:ping"/></iq>',
    );
    expect(iqResultFrame('X', 'finesse.lab.example.com')).to.equal(
      '<iq type="result" id="X" to="finesse.lab.example.com" xmlns="jabber:client"/>',
    );
    expect(closeFrame()).to.equal(`<close xmlns="${FRAMING}"/>`);
  });

  it('escapes every value it places in an attribute or a text', () => {
    const hostile = `x"/><iq type='set'>&amp;<`;
    for (const frame of [
      openFrame(hostile),
      bindFrame(hostile),
      pingFrame(hostile, hostile),
      iqResultFrame(hostile, hostile),
      iqUnsupportedFrame(hostile, hostile),
    ]) {
      const root = wellFormed(frame);
      expect(root.querySelectorAll('*').length).to.be.lessThan(4); // nothing injected
    }
    const bound = wellFormed(bindFrame(hostile));
    expect(bound.getElementsByTagName('resource')[0]!.textContent).to.equal(hostile);
    expect(wellFormed(openFrame(hostile)).getAttribute('to')).to.equal(hostile);
    // And our own reader gets the same value back.
    const again = parseFrame(pingFrame(hostile, 'd'))!;
    expect(again.attrs.id).to.equal(hostile);
  });

  it('builds the SASL PLAIN payload: base64 of NUL loginId NUL password, in UTF-8', () => {
    expect(saslPlain('1001', 'token')).to.equal(btoa('\u00001001\u0000token'));
    expect(atob(saslPlain('agent', 'eyJhbGciOi.x-y_z'))).to.equal('\0agent\0eyJhbGciOi.x-y_z');
    // Non-Latin-1 characters go through UTF-8 (btoa alone would throw).
    const decoded = new TextDecoder().decode(
      Uint8Array.from(atob(saslPlain('상담원', 'pässwörd')), (c) => c.charCodeAt(0)),
    );
    expect(decoded).to.equal('\0상담원\0pässwörd');
    // A long token (several kB) is fine.
    const long = 'a'.repeat(70_000);
    expect(atob(base64Utf8(long)).length).to.equal(70_000);
    expect(() => saslPlain('a\0b', 'c')).to.throw(RangeError);
    const auth = wellFormed(
      authFrame('PLAIN', { loginId: '1001', domain: 'd.test', password: 'token' }),
    );
    expect(auth.getAttribute('mechanism')).to.equal('PLAIN');
    expect(auth.textContent).to.equal(saslPlain('1001', 'token'));
  });
});

/** UTF-8 text of a base64 payload. */
const decode = (payload: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));

describe('xmpp stanzas: one <auth> per SASL mechanism (xmpp-sasl)', () => {
  const TOKEN = 'eyJhbGciOi.secret-token_value';
  const credentials = { loginId: 'Agent1', domain: 'finesse.lab.example.com', password: TOKEN };

  it('PLAIN: NUL loginId NUL token, the loginId as given', () => {
    const auth = wellFormed(authFrame('PLAIN', credentials));
    expect(auth.getAttribute('xmlns')).to.equal('urn:ietf:params:xml:ns:xmpp-sasl');
    expect(auth.getAttribute('mechanism')).to.equal('PLAIN');
    expect(decode(auth.textContent!)).to.equal(`\0Agent1\0${TOKEN}`);
  });

  it('X-OAUTH2: NUL bare JID (local part lower-cased) NUL token, as Strophe and Google Talk send it', () => {
    const auth = wellFormed(authFrame('X-OAUTH2', credentials));
    expect(auth.getAttribute('mechanism')).to.equal('X-OAUTH2');
    expect(decode(auth.textContent!)).to.equal(`\0agent1@finesse.lab.example.com\0${TOKEN}`);
    expect(auth.textContent).to.equal(saslXOAuth2('agent1@finesse.lab.example.com', TOKEN));
    expect(() => saslXOAuth2('a@b', 'to\0ken')).to.throw(RangeError);
  });

  it('OAUTHBEARER: the RFC 7628 GS2 header with the bare JID, then auth=Bearer and two ^A', () => {
    const auth = wellFormed(authFrame('OAUTHBEARER', credentials));
    expect(auth.getAttribute('mechanism')).to.equal('OAUTHBEARER');
    expect(decode(auth.textContent!)).to.equal(
      `n,a=agent1@finesse.lab.example.com,\x01auth=Bearer ${TOKEN}\x01\x01`,
    );
    // RFC 5801: `,` and `=` in the authzid are escaped.
    expect(decode(saslOAuthBearer('a,b=c@d', 't'))).to.equal(
      'n,a=a=2Cb=3Dc@d,\x01auth=Bearer t\x01\x01',
    );
    expect(() => saslOAuthBearer('a@b', 'to\x01ken')).to.throw(RangeError);
  });

  it('a failed encoding never puts the token in the error', () => {
    for (const build of [
      () => authFrame('PLAIN', { ...credentials, password: `${TOKEN}\0` }),
      () => authFrame('X-OAUTH2', { ...credentials, password: `${TOKEN}\0` }),
      () => authFrame('OAUTHBEARER', { ...credentials, password: `${TOKEN}\x01` }),
    ]) {
      let message = '';
      try {
        build();
      } catch (error) {
        message = `${(error as Error).message} ${(error as Error).stack ?? ''}`;
      }
      expect(message).to.match(/cannot contain/);
      expect(message).to.not.include(TOKEN);
    }
  });

  it('picks the mechanism: the configured one if offered; auto in Strophe order (PLAIN, OAUTHBEARER, X-OAUTH2)', () => {
    expect(pickMechanism(undefined, ['SCRAM-SHA-1', 'PLAIN'])).to.equal('PLAIN');
    expect(pickMechanism('plain', ['X-OAUTH2'])).to.equal(null);
    expect(pickMechanism('x-oauth2', ['PLAIN', 'X-OAUTH2'])).to.equal('X-OAUTH2');
    expect(pickMechanism('oauthbearer', ['oauthbearer'])).to.equal('OAUTHBEARER');
    expect(pickMechanism('auto', ['X-OAUTH2', 'OAUTHBEARER'])).to.equal('OAUTHBEARER');
    expect(pickMechanism('auto', ['X-OAUTH2', 'PLAIN'])).to.equal('PLAIN');
    expect(pickMechanism('auto', ['SCRAM-SHA-1', 'DIGEST-MD5'])).to.equal(null);
  });

  it('answers a challenge: ^A for OAUTHBEARER (RFC 7628 3.2.3), <abort/> otherwise', () => {
    expect(challengeAnswerFrame('OAUTHBEARER')).to.equal(
      '<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl">AQ==</response>',
    );
    expect(challengeAnswerFrame('X-OAUTH2')).to.equal(
      '<abort xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>',
    );
    expect(
      read(
        '<challenge xmlns="urn:ietf:params:xml:ns:xmpp-sasl">eyJzdGF0dXMiOiI0MDEifQ==</challenge>',
      ),
    ).to.deep.equal({
      kind: 'challenge',
    });
  });
});

describe('xmpp stanzas: reading each server stanza of the wire contract', () => {
  it('reads open, features (SASL and bind), success, failure, close', () => {
    expect(
      read(
        `<open xmlns="${FRAMING}" from="finesse.lab.example.com" id="SID" version="1.0" xml:lang="en"/>`,
      ),
    ).to.deep.equal({ kind: 'open', from: 'finesse.lab.example.com', id: 'SID' });
    expect(
      read(
        '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>',
      ),
    ).to.deep.equal({ kind: 'features', mechanisms: ['PLAIN'], bind: false, session: false });
    expect(
      read(
        '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><session xmlns="urn:ietf:params:xml:ns:xmpp-session"/></stream:features>',
      ),
    ).to.deep.equal({ kind: 'features', mechanisms: [], bind: true, session: true });
    expect(read('<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>')).to.deep.equal({
      kind: 'success',
    });
    expect(
      read('<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><not-authorized/></failure>'),
    ).to.deep.equal({ kind: 'failure', condition: 'not-authorized' });
    expect(read(`<close xmlns="${FRAMING}"/>`)).to.deep.equal({ kind: 'close' });
  });

  it('reads bind results, bind conflicts, session results, pings and pongs', () => {
    const bound = read(
      '<iq type="result" id="bind_1" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>1001@finesse.lab.example.com/finesse-sso-ab</jid></bind></iq>',
    );
    expect(bound).to.include({ kind: 'iq', type: 'result', id: 'bind_1' });
    expect((bound as { jid?: string }).jid).to.equal('1001@finesse.lab.example.com/finesse-sso-ab');
    const conflict = read(
      '<iq type="error" id="bind_1" xmlns="jabber:client"><error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    );
    expect(conflict).to.include({ kind: 'iq', type: 'error', condition: 'conflict' });
    expect(read('<iq type="result" id="sess_1" xmlns="jabber:client"/>')).to.include({
      kind: 'iq',
      type: 'result',
      id: 'sess_1',
      ping: false,
      payload: false,
    });
    expect(
      read(
        '<iq type="get" id="s1" from="finesse.lab.example.com" xmlns="jabber:client"><ping xmlns="urn:xmpp:ping"/></iq>',
      ),
    ).to.include({
      kind: 'iq',
      type: 'get',
      id: 's1',
      from: 'finesse.lab.example.com',
      ping: true,
    });
    expect(
      read('<iq type="result" id="ping_1" from="finesse.lab.example.com" xmlns="jabber:client"/>'),
    ).to.include({ kind: 'iq', type: 'result', id: 'ping_1' });
    // A ping in another namespace is not a ping; it is a payload we do not support.
    expect(
      read('<iq type="get" id="q" xmlns="jabber:client"><ping xmlns="urn:evil"/></iq>'),
    ).to.include({ ping: false, payload: true });
  });

  it('reads a stream error and its condition', () => {
    expect(
      read(
        '<stream:error xmlns:stream="http://etherx.jabber.org/streams"><not-authorized xmlns="urn:ietf:params:xml:ns:xmpp-streams"/><text xmlns="urn:ietf:params:xml:ns:xmpp-streams">expired</text></stream:error>',
      ),
    ).to.deep.equal({ kind: 'stream-error', condition: 'not-authorized' });
  });

  it('reads a pubsub event and unescapes the <Update> document', () => {
    const update =
      '<Update><data><User><loginId>1001</loginId><firstName>Ann &amp; "Bo"</firstName></User></data><event>PUT</event><requestId>r1</requestId><source>/finesse/api/User/1001</source></Update>';
    const escaped = update
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
    const frame = `<message from="pubsub.finesse.lab.example.com" to="1001@finesse.lab.example.com/finesse-sso-ab" id="M" xmlns="jabber:client">
      <event xmlns="http://jabber.org/protocol/pubsub#event">
        <items node="/finesse/api/User/1001">
          <item id="I">
            <notification xmlns="http://jabber.org/protocol/pubsub">${escaped}</notification>
          </item>
        </items>
      </event>
    </message>`;
    const message = read(frame);
    expect(message).to.deep.equal({
      kind: 'message',
      from: 'pubsub.finesse.lab.example.com',
      items: [{ node: '/finesse/api/User/1001', xml: update }],
    });
    // The text is the document as Finesse sent it: the page's DOMParser reads it.
    const doc = wellFormed((message as { items: Array<{ xml: string }> }).items[0]!.xml);
    expect(doc.querySelector('firstName')!.textContent).to.equal('Ann & "Bo"');
  });

  it('reads a notification sent as CDATA, several items, and ignores empty ones', () => {
    const message = read(
      '<message from="pubsub.d" xmlns="jabber:client"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/User/1001/Dialogs"><item id="1"><notification xmlns="http://jabber.org/protocol/pubsub"><![CDATA[<Update><event>POST</event></Update>]]></notification></item><item id="2"><notification xmlns="http://jabber.org/protocol/pubsub">&lt;Update/&gt;</notification></item><item id="3"><notification xmlns="http://jabber.org/protocol/pubsub"/></item></items></event></message>',
    );
    expect((message as { items: unknown[] }).items).to.deep.equal([
      { node: '/finesse/api/User/1001/Dialogs', xml: '<Update><event>POST</event></Update>' },
      { node: '/finesse/api/User/1001/Dialogs', xml: '<Update/>' },
    ]);
  });

  it('takes a message without a pubsub event (a chat) as no items', () => {
    expect(
      read(
        '<message from="mallory@d/x" xmlns="jabber:client"><body>&lt;Update/&gt;</body></message>',
      ),
    ).to.deep.equal({ kind: 'message', from: 'mallory@d/x', items: [] });
    expect(
      read(
        '<message from="pubsub.d" xmlns="jabber:client"><event xmlns="urn:other"><items node="/n"><item><notification>x</notification></item></items></event></message>',
      ),
    ).to.deep.equal({ kind: 'message', from: 'pubsub.d', items: [] });
  });

  it('accepts an XML declaration, comments, single quotes and whitespace', () => {
    expect(
      read(
        `<?xml version='1.0'?>\n<!-- hi --><open xmlns='${FRAMING}' from = 'd' id="a&amp;b"/>  <!-- bye -->\n`,
      ),
    ).to.deep.equal({ kind: 'open', from: 'd', id: 'a&b' });
  });

  it('refuses hostile and garbled frames instead of guessing', () => {
    const bad = [
      '', // nothing
      'hello', // not XML
      '<iq type="result" id="x"', // truncated start tag
      '<message><event>', // truncated document
      '<message from="pubsub.d"><event></message>', // mismatched tags
      '<a/><b/>', // two roots in one frame
      '<a/>trailing', // text after the root
      '<a x="1" x="2"/>', // duplicate attribute
      '<a x=1/>', // unquoted attribute
      '<a x="<"/>', // < in an attribute value
      '<a x="1"y="2"/>', // attributes run together
      '<a>&unknown;</a>', // undeclared entity
      '<a>& </a>', // bare ampersand
      '<a>&#0;</a>', // a code point XML forbids
      '<a>&#xD800;</a>', // a lone surrogate
      '<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>', // DTDs are never read
      '<a><?php echo 1 ?></a>', // a processing instruction
      '<a><![CDATA[never closed</a>', // unterminated CDATA
      '<a><!-- never closed </a>', // unterminated comment
      '</a>', // an end tag alone
      '<1a/>', // a bad name
      '<a>' + '<b>'.repeat(40) + '</b>'.repeat(40) + '</a>', // too deep
    ];
    for (const frame of bad) expect(parseFrame(frame), frame).to.equal(null);
    // Too long for the limits given.
    expect(parseFrame('<a>' + 'x'.repeat(100) + '</a>', { maxLength: 50, maxDepth: 5 })).to.equal(
      null,
    );
  });

  it('survives random garbage without throwing', () => {
    const pieces = [
      '<',
      '>',
      '/',
      '"',
      "'",
      '=',
      '&',
      ';',
      'a',
      ' ',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '&amp;',
      '#x41',
    ];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      let frame = '';
      for (let k = Math.floor(next() * 30); k > 0; k--)
        frame += pieces[Math.floor(next() * pieces.length)];
      const element = parseFrame(frame);
      if (element) classify(element);
    }
  });

  it('classifies unknown or wrongly namespaced stanzas as other', () => {
    expect(read('<presence xmlns="jabber:client" from="x"/>')).to.deep.equal({
      kind: 'other',
      name: 'presence',
    });
    expect(read('<success xmlns="urn:not-sasl"/>')).to.deep.equal({
      kind: 'other',
      name: 'success',
    });
    expect(read('<open xmlns="jabber:client"/>')).to.deep.equal({ kind: 'other', name: 'open' });
  });

  it('unescapes the five entities and numeric references only', () => {
    expect(unescapeXml('&lt;a b=&quot;1&quot;&gt;&amp;&apos;&#65;&#x42;&#x1F600;')).to.equal(
      `<a b="1">&'AB😀`,
    );
    expect(unescapeXml('plain')).to.equal('plain');
    expect(unescapeXml('&nbsp;')).to.equal(null);
    expect(unescapeXml('&#xZZ;')).to.equal(null);
    expect(unescapeXml('&amp')).to.equal(null);
  });
});
