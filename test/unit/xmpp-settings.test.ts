import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.ts';
import { createSession } from '../../src/core/assembly/create-session.ts';
import {
  DEFAULT_XMPP_SETTINGS,
  resolveXmppSettings,
  xmppPassword,
} from '../../src/core/notifications/xmpp-settings.ts';
import type { FinesseSsoSession } from '../../src/elements/sso-session/sso-session.component.ts';

describe('XMPP settings (xmpp-sasl, xmpp-password, xmpp-ping-ms)', () => {
  it('defaults to PLAIN with the access token and a 15 s ping', () => {
    expect(DEFAULT_XMPP_SETTINGS).to.deep.equal({
      sasl: 'plain',
      password: 'access-token',
      pingMs: 15_000,
    });
    expect(resolveXmppSettings()).to.deep.equal(DEFAULT_XMPP_SETTINGS);
    expect(resolveXmppSettings({ sasl: undefined, pingMs: undefined })).to.deep.equal(
      DEFAULT_XMPP_SETTINGS,
    );
    expect(resolveXmppSettings({ sasl: 'auto', password: 'bearer', pingMs: 10_000 })).to.deep.equal(
      { sasl: 'auto', password: 'bearer', pingMs: 10_000 },
    );
  });

  it('refuses values it does not know, naming the attribute and the accepted values', () => {
    expect(() => resolveXmppSettings({ sasl: 'scram-sha-1' as never })).to.throw(
      TypeError,
      /xmpp-sasl must be one of plain, x-oauth2, oauthbearer, auto/,
    );
    expect(() => resolveXmppSettings({ password: 'secret' as never })).to.throw(
      TypeError,
      /xmpp-password must be one of access-token, bearer/,
    );
    for (const pingMs of [NaN, 0, 999, 60_001, Infinity]) {
      expect(() => resolveXmppSettings({ pingMs }), String(pingMs)).to.throw(
        TypeError,
        /xmpp-ping-ms/,
      );
    }
  });

  it('makes the password from the access token', () => {
    expect(xmppPassword('access-token', 'tok')).to.equal('tok');
    expect(xmppPassword('bearer', 'tok')).to.equal('Bearer tok');
  });

  it('createSession passes them to the endpoints the notification factory reads, and throws on a bad one', async () => {
    const session = await createSession({
      finesseUrl: location.origin,
      mode: 'popup',
      xmppSasl: 'x-oauth2',
      xmppPassword: 'bearer',
      xmppPingMs: 10_000,
    });
    try {
      expect(session.endpoints.xmpp).to.deep.equal({
        sasl: 'x-oauth2',
        password: 'bearer',
        pingMs: 10_000,
      });
    } finally {
      session.dispose();
    }
    expect(() =>
      createSession({ finesseUrl: location.origin, mode: 'popup', xmppSasl: 'digest' as never }),
    ).to.throw(TypeError, /xmpp-sasl/);
  });

  it('the session element reads them from its attributes', async () => {
    const el = await fixture<FinesseSsoSession>(
      html`<finesse-sso-session
        mode="popup"
        username="agent1"
        xmpp-sasl="oauthbearer"
        xmpp-password="bearer"
        xmpp-ping-ms="12000"
      ></finesse-sso-session>`,
    );
    try {
      expect(el.session!.endpoints.xmpp).to.deep.equal({
        sasl: 'oauthbearer',
        password: 'bearer',
        pingMs: 12_000,
      });
    } finally {
      el.remove();
    }
    const plain = await fixture<FinesseSsoSession>(
      html`<finesse-sso-session mode="popup" username="agent1"></finesse-sso-session>`,
    );
    expect(plain.session!.endpoints.xmpp).to.deep.equal(DEFAULT_XMPP_SETTINGS);
    plain.remove();
  });
});
