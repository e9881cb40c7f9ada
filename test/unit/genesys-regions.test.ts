import { expect } from '@open-wc/testing';
import { GENESYS_REGIONS, genesysDomain, genesysHosts } from '../../src/core/genesys/regions.ts';

describe('Genesys Cloud regions', () => {
  it('maps region codes to the login and API hosts of their domain', () => {
    expect(genesysHosts('us-east-1')).to.deep.equal({
      domain: 'mypurecloud.com',
      authorizeUrl: 'https://login.mypurecloud.com/oauth/authorize',
      tokenUrl: 'https://login.mypurecloud.com/oauth/token',
      apiOrigin: 'https://api.mypurecloud.com',
    });
    expect(genesysHosts('eu-west-1').authorizeUrl).to.equal(
      'https://login.mypurecloud.ie/oauth/authorize',
    );
    expect(genesysHosts('ap-northeast-1').apiOrigin).to.equal('https://api.mypurecloud.jp');
    expect(genesysHosts('us-west-2').tokenUrl).to.equal(
      'https://login.usw2.pure.cloud/oauth/token',
    );
    expect(genesysHosts('us-east-2').apiOrigin).to.equal('https://api.use2.us-gov-pure.cloud');
  });

  it('accepts bare domains, SDK spellings, any case and spaces', () => {
    expect(genesysDomain('mypurecloud.com')).to.equal('mypurecloud.com');
    expect(genesysDomain('usw2.pure.cloud')).to.equal('usw2.pure.cloud');
    expect(genesysDomain('mypurecloud.jp')).to.equal('mypurecloud.jp');
    expect(genesysDomain(' AP_NORTHEAST_2 ')).to.equal('apne2.pure.cloud');
    expect(genesysDomain('MyPureCloud.DE')).to.equal('mypurecloud.de');
  });

  it('every region code and every domain resolves to itself', () => {
    for (const [code, domain] of Object.entries(GENESYS_REGIONS)) {
      expect(genesysDomain(code)).to.equal(domain);
      expect(genesysDomain(domain)).to.equal(domain);
      expect(genesysHosts(code).authorizeUrl).to.equal(`https://login.${domain}/oauth/authorize`);
    }
    expect(new Set(Object.values(GENESYS_REGIONS)).size).to.equal(
      Object.keys(GENESYS_REGIONS).length,
    );
  });

  it('an unknown region is a RangeError naming the valid values', () => {
    for (const bad of ['us-east-9', 'example.com', '', 'login.mypurecloud.com']) {
      let error: unknown;
      try {
        genesysDomain(bad);
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).to.be.instanceOf(RangeError);
      expect((error as Error).message).to.contain('us-east-1 (mypurecloud.com)');
      expect((error as Error).message).to.contain('ap-northeast-1 (mypurecloud.jp)');
    }
  });

  it('login and API overrides replace the hosts, keep the realm, and keep a path prefix', () => {
    const hosts = genesysHosts('mypurecloud.jp', {
      loginUrl: 'http://127.0.0.1:4100',
      apiUrl: 'https://proxy.example.com/genesys-api/',
    });
    expect(hosts).to.deep.equal({
      domain: 'mypurecloud.jp',
      authorizeUrl: 'http://127.0.0.1:4100/oauth/authorize',
      tokenUrl: 'http://127.0.0.1:4100/oauth/token',
      apiOrigin: 'https://proxy.example.com/genesys-api',
    });
    expect(genesysHosts('us-east-1', { loginUrl: 'https://sso.example.com/gc' }).tokenUrl).to.equal(
      'https://sso.example.com/gc/oauth/token',
    );
  });

  it('overrides must be https (http only on loopback) and carry no query', () => {
    for (const loginUrl of ['http://login.example.com', 'not a url', 'https://x.test/?a=1']) {
      expect(() => genesysHosts('us-east-1', { loginUrl }), loginUrl).to.throw(TypeError);
    }
    expect(() => genesysHosts('us-east-1', { apiUrl: 'http://localhost:9000' })).not.to.throw();
  });
});
