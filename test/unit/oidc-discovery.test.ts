import { expect } from '@open-wc/testing';
import type { FinesseError } from '../../src/core/kernel/errors.ts';
import { createDiscovery, discoveryUrl, fetchMetadata } from '../../src/core/oidc/discovery.ts';
import { ISSUER, METADATA, json } from './helpers/fake-idp.ts';

/** A fetch that answers every request with `reply()` and counts the calls. */
function stubFetch(reply: () => Response | Promise<Response>) {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    calls.push(String(input));
    return reply();
  }) as typeof fetch;
  return { calls, fetchImpl };
}

async function failure(body: () => Response | Promise<Response>): Promise<FinesseError> {
  try {
    await fetchMetadata(ISSUER, stubFetch(body).fetchImpl);
  } catch (error) {
    return error as FinesseError;
  }
  throw new Error('expected discovery to fail');
}

describe('OIDC discovery', () => {
  it('reads <issuer>/.well-known/openid-configuration (a trailing slash removed)', async () => {
    expect(discoveryUrl('https://idp.test/realms/a/')).to.equal(
      'https://idp.test/realms/a/.well-known/openid-configuration',
    );
    const { calls, fetchImpl } = stubFetch(() => json(METADATA));
    const metadata = await fetchMetadata(ISSUER, fetchImpl);
    expect(calls).to.deep.equal([`${ISSUER}/.well-known/openid-configuration`]);
    expect(metadata).to.include({
      issuer: ISSUER,
      authorization_endpoint: METADATA.authorization_endpoint,
      token_endpoint: METADATA.token_endpoint,
    });
  });

  it('refuses a document naming another issuer', async () => {
    const error = await failure(() => json({ ...METADATA, issuer: 'https://idp.test' }));
    expect(error.code).to.equal('discovery-failed');
    expect(error.message).to.contain('"issuer"');
  });

  it('refuses HTML, broken JSON, JSON that is not an object, and HTTP errors', async () => {
    const html = await failure(
      () => new Response('<!doctype html><title>Wi-Fi login</title>', { status: 200 }),
    );
    expect(html.code).to.equal('discovery-failed');
    expect(html.message).to.contain('HTML');
    expect((await failure(() => new Response('{"issuer":'))).message).to.contain('JSON');
    expect((await failure(() => json(['a']))).code).to.equal('discovery-failed');
    const missing = await failure(() => json({ error: 'not found' }, 404));
    expect(missing.code).to.equal('discovery-failed');
    expect(missing.details.status).to.equal(404);
  });

  it('requires the authorization and token endpoints, over https (http on loopback only)', async () => {
    const { token_endpoint: _omit, ...noToken } = METADATA;
    expect((await failure(() => json(noToken))).message).to.contain('"token_endpoint"');
    const plain = { ...METADATA, authorization_endpoint: 'http://idp.test/auth' };
    expect((await failure(() => json(plain))).message).to.contain('"authorization_endpoint"');
    const loopback = {
      ...METADATA,
      issuer: 'http://127.0.0.1:9000',
      token_endpoint: 'http://127.0.0.1:9000/token',
      authorization_endpoint: 'http://127.0.0.1:9000/auth',
    };
    const { fetchImpl } = stubFetch(() => json(loopback));
    expect((await fetchMetadata('http://127.0.0.1:9000', fetchImpl)).token_endpoint).to.equal(
      'http://127.0.0.1:9000/token',
    );
  });

  it('refuses a provider that lists its PKCE methods without S256', async () => {
    const error = await failure(() =>
      json({ ...METADATA, code_challenge_methods_supported: ['plain'] }),
    );
    expect(error.message).to.contain('S256');
  });

  it('an unreachable provider is network, not discovery-failed', async () => {
    const error = await failure(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(error.code).to.equal('network');
  });

  it('caches per issuer, and forgets a failure so the next call tries again', async () => {
    let broken = true;
    const { calls, fetchImpl } = stubFetch(() =>
      broken ? new Response('<html>', { status: 502 }) : json(METADATA),
    );
    const discover = createDiscovery(fetchImpl);
    let firstError: unknown;
    await discover(ISSUER).catch((error: unknown) => (firstError = error));
    expect((firstError as FinesseError).code).to.equal('discovery-failed');
    broken = false;
    const [a, b] = await Promise.all([discover(ISSUER), discover(ISSUER)]);
    expect(a).to.equal(b);
    await discover(ISSUER);
    expect(calls).to.have.length(2);
  });
});
