import { expect } from '@open-wc/testing';
import { notificationUrlFor } from '../../src/core/finesse/notification-url.ts';
import type { FinesseNodeInfo } from '../../src/core/finesse/models.ts';

const FIN2: FinesseNodeInfo = {
  host: 'fin2.test',
  httpsPort: '9443',
  xmppPort: '7071',
  xmppSecurePort: '7444',
};
const primary = { baseUrl: 'https://fin1.test:8445', node: 'primary' as const };
const secondary = {
  baseUrl: 'https://fin2.test:9443',
  node: 'secondary' as const,
  primaryUrl: 'https://fin1.test:8445',
  info: FIN2,
};

describe('notificationUrlFor', () => {
  it('derives /ws on the node’s own REST port when none is configured (12.6+)', () => {
    expect(notificationUrlFor(undefined, primary)).to.equal('wss://fin1.test:8445/ws');
    expect(notificationUrlFor(undefined, secondary)).to.equal('wss://fin2.test:9443/ws');
    expect(
      notificationUrlFor(undefined, { baseUrl: 'http://localhost:9000', node: 'primary' }),
    ).to.equal('ws://localhost:9000/ws');
  });

  it('keeps a configured URL on the primary', () => {
    expect(notificationUrlFor('wss://fin1.test:7443/ws', primary)).to.equal(
      'wss://fin1.test:7443/ws',
    );
  });

  it('12.6+ layout (configured on the primary’s REST port): the secondary’s httpsPort, not the primary’s port', () => {
    expect(notificationUrlFor('wss://fin1.test:8445/ws', secondary)).to.equal(
      'wss://fin2.test:9443/ws',
    );
  });

  it('12.5 layout (a port of its own): the secondary’s xmppSecurePort for wss, xmppPort for ws', () => {
    expect(notificationUrlFor('wss://fin1.test:7443/http-ws', secondary)).to.equal(
      'wss://fin2.test:7444/http-ws',
    );
    expect(notificationUrlFor('ws://fin1.test:7070/ws', secondary)).to.equal(
      'ws://fin2.test:7071/ws',
    );
  });

  it('without SystemInfo ports, a URL on a port of its own keeps that port on the other host', () => {
    expect(notificationUrlFor('wss://fin1.test:7443/ws', { ...secondary, info: null })).to.equal(
      'wss://fin2.test:7443/ws',
    );
  });
});
