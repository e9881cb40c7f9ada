import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { userStateBody } from '../../src/core/finesse/build.ts';
import { FinesseRestClient } from '../../src/core/finesse/rest-client.ts';
import type { FinesseNode } from '../../src/core/finesse/rest-transport.ts';
import {
  FakeFinesse,
  PRIMARY,
  SECONDARY,
  SYSTEM_INFO_XML,
  apiErrorsXml,
  dialogXml,
} from './finesse-fixtures.ts';

function makeClient(finesse: FakeFinesse, secondary = true) {
  let n = 0;
  return new FinesseRestClient({
    fetch: finesse.fetch,
    primaryUrl: PRIMARY,
    secondaryUrl: secondary ? SECONDARY : undefined,
    newRequestId: () => `req-${++n}`,
  });
}

async function rejection(promise: Promise<unknown>): Promise<FinesseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(FinesseError);
    return error as FinesseError;
  }
  throw new Error('expected a rejection');
}

const outOfService = () =>
  new Response(apiErrorsXml('SERVER_OUT_OF_SERVICE', 'Finesse is out of service'), { status: 503 });

describe('FinesseRestClient: reads', () => {
  it('GETs the user, reason codes, dialogs and SystemInfo on the primary node, parsed', async () => {
    const finesse = new FakeFinesse();
    finesse.dialogs = [dialogXml({ id: '7' })];
    const client = makeClient(finesse);
    expect((await client.getUser('1001')).extension).to.equal('1001');
    expect((await client.getReasonCodes('1001', 'NOT_READY')).map((c) => c.label)).to.deep.equal([
      'Lunch',
      'Meeting',
    ]);
    expect((await client.getDialogs('1001')).map((d) => d.id)).to.deep.equal(['7']);
    expect((await client.getSystemInfo()).xmppDomain).to.equal('fin1.test');
    expect(finesse.seen.map((s) => s.url)).to.deep.equal([
      `${PRIMARY}/finesse/api/User/1001`,
      `${PRIMARY}/finesse/api/User/1001/ReasonCodes?category=NOT_READY`,
      `${PRIMARY}/finesse/api/User/1001/Dialogs`,
      `${PRIMARY}/finesse/api/SystemInfo`,
    ]);
    expect(finesse.seen.every((s) => s.method === 'GET' && s.contentType === null)).to.equal(true);
  });

  it('UCCE: resolves the agent by loginName once, then uses the returned loginId', async () => {
    const finesse = new FakeFinesse();
    finesse.user = { loginId: '5001', loginName: 'alice' };
    const client = makeClient(finesse);
    const user = await client.resolveAgent('alice');
    expect(user.loginId).to.equal('5001');
    expect(client.loginId).to.equal('5001');
    await client.getDialogs('alice');
    await client.setUserState('Alice', userStateBody({ state: 'READY' }));
    expect(finesse.seen.map((s) => s.key)).to.deep.equal([
      'GET /finesse/api/User/alice',
      'GET /finesse/api/User/5001/Dialogs',
      'PUT /finesse/api/User/5001',
    ]);
  });

  it('a GET answered with something that is not the model is an api-error', async () => {
    const finesse = new FakeFinesse();
    finesse.respond(
      'GET /finesse/api/User/1001',
      () => new Response('<html><body>proxy</body></html>'),
    );
    const error = await rejection(makeClient(finesse).getUser('1001'));
    expect(error.code).to.equal('api-error');
    expect(error.message).to.match(/<html> where <User>/);
  });

  it('escapes ids in paths', async () => {
    const finesse = new FakeFinesse();
    const client = makeClient(finesse);
    await rejection(client.getUser('a/b?c'));
    expect(finesse.seen[0]!.url).to.equal(`${PRIMARY}/finesse/api/User/a%2Fb%3Fc`);
  });
});

describe('FinesseRestClient: commands', () => {
  it('PUTs a state change with Content-Type application/xml and a requestId, accepted on 202', async () => {
    const finesse = new FakeFinesse();
    const body = userStateBody({ state: 'NOT_READY', reasonCodeId: '10' });
    const result = await makeClient(finesse).setUserState('1001', body);
    expect(result).to.deep.equal({ requestId: 'req-1' });
    expect(finesse.seen[0]).to.deep.include({
      url: `${PRIMARY}/finesse/api/User/1001`,
      method: 'PUT',
      body,
      contentType: 'application/xml',
      requestId: 'req-1',
    });
  });

  it('accepts 200 as well, and POSTs MAKE_CALL to the agent’s Dialogs', async () => {
    const finesse = new FakeFinesse();
    finesse.respond('POST /finesse/api/User/1001/Dialogs', () => new Response('', { status: 200 }));
    await makeClient(finesse).makeCall('1001', '1001', '5551234');
    expect(finesse.seen[0]).to.deep.include({
      url: `${PRIMARY}/finesse/api/User/1001/Dialogs`,
      method: 'POST',
      contentType: 'application/xml',
      body: '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>5551234</toAddress></Dialog>',
    });
  });

  it('PUTs a dialog action to /finesse/api/Dialog/<id>', async () => {
    const finesse = new FakeFinesse();
    await makeClient(finesse).dialogAction('16817', '<Dialog/>');
    expect(finesse.seen[0]).to.deep.include({
      url: `${PRIMARY}/finesse/api/Dialog/16817`,
      method: 'PUT',
      body: '<Dialog/>',
    });
  });

  it('sends no requestId header when that is turned off', async () => {
    const finesse = new FakeFinesse();
    const client = new FinesseRestClient({
      fetch: finesse.fetch,
      primaryUrl: PRIMARY,
      requestIdHeader: false,
    });
    expect(await client.dialogAction('1', '<Dialog/>')).to.deep.equal({ requestId: '' });
    expect(finesse.seen[0]!.requestId).to.equal(null);
  });
});

describe('FinesseRestClient: error mapping', () => {
  it('400 with ApiErrors → api-error "<ErrorType>: <ErrorMessage>" with the details', async () => {
    const finesse = new FakeFinesse();
    finesse.respond(
      'PUT /finesse/api/User/1001',
      () =>
        new Response(apiErrorsXml('Parameter Missing', 'Reason code is required'), { status: 400 }),
    );
    const error = await rejection(makeClient(finesse).setUserState('1001', '<User/>'));
    expect(error.code).to.equal('api-error');
    expect(error.message).to.equal('Parameter Missing: Reason code is required');
    expect(error.details).to.deep.equal({
      status: 400,
      errorType: 'Parameter Missing',
      errorMessage: 'Reason code is required',
    });
  });

  it('a status without an ApiErrors body → api-error with the HTTP status', async () => {
    const finesse = new FakeFinesse();
    finesse.respond(
      'PUT /finesse/api/Dialog/1',
      () => new Response('<html>oops</html>', { status: 500 }),
    );
    finesse.respond('GET /finesse/api/SystemInfo', () => new Response(null, { status: 502 }));
    finesse.respond('PUT /finesse/api/Dialog/2', () => new Response(null, { status: 204 }));
    const client = makeClient(finesse);
    const server = await rejection(client.dialogAction('1', '<Dialog/>'));
    expect(server.code).to.equal('api-error');
    expect(server.message).to.equal('Finesse answered HTTP 500.');
    expect(server.details).to.deep.equal({ status: 500 });
    expect((await rejection(client.getSystemInfo())).details.status).to.equal(502);
    expect((await rejection(client.dialogAction('2', '<Dialog/>'))).details.status).to.equal(204);
  });

  it('a 401 that survived the session’s retry → signed-out', async () => {
    const finesse = new FakeFinesse();
    finesse.respond(
      'GET /finesse/api/User/1001',
      () => new Response(apiErrorsXml('Unauthorized', 'Invalid token'), { status: 401 }),
    );
    const error = await rejection(makeClient(finesse).getUser('1001'));
    expect(error.code).to.equal('signed-out');
    expect(error.details.status).to.equal(401);
  });

  it('a failed fetch → network; the session’s own errors pass through', async () => {
    const broken = new FinesseRestClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      primaryUrl: PRIMARY,
    });
    const network = await rejection(broken.getUser('1001'));
    expect(network.code).to.equal('network');
    expect(network.cause).to.be.instanceOf(TypeError);
    const signedOut = new FinesseRestClient({
      fetch: () => Promise.reject(new FinesseError('signed-out', 'Not signed in.')),
      primaryUrl: PRIMARY,
    });
    expect((await rejection(signedOut.dialogAction('1', '<Dialog/>'))).code).to.equal('signed-out');
  });
});

describe('FinesseRestClient: failover', () => {
  it('a 503 moves to the secondary node and retries there once', async () => {
    const finesse = new FakeFinesse();
    finesse.respond('PUT /finesse/api/User/1001', (seen) =>
      seen.origin === PRIMARY ? outOfService() : new Response(null, { status: 202 }),
    );
    const client = makeClient(finesse);
    const moves: FinesseNode[] = [];
    client.onNodeChange((node) => moves.push(node));
    const body = userStateBody({ state: 'READY' });
    expect(await client.setUserState('1001', body)).to.deep.equal({ requestId: 'req-1' });
    expect(finesse.seen.map((s) => [s.origin, s.method, s.body, s.requestId])).to.deep.equal([
      [PRIMARY, 'PUT', body, 'req-1'],
      [SECONDARY, 'PUT', body, 'req-1'],
    ]);
    expect(moves).to.deep.equal(['secondary']);
    expect(client.node).to.equal('secondary');
    expect(client.baseUrl).to.equal(SECONDARY);
    await client.getDialogs('1001');
    expect(finesse.seen[2]!.url).to.equal(`${SECONDARY}/finesse/api/User/1001/Dialogs`);
  });

  it('retries only once: out of service on both nodes is out-of-service', async () => {
    const finesse = new FakeFinesse();
    finesse.respond('GET /finesse/api/User/1001', outOfService);
    const error = await rejection(makeClient(finesse).getUser('1001'));
    expect(finesse.count('GET /finesse/api/User/1001')).to.equal(2);
    expect(error.code).to.equal('out-of-service');
    expect(error.details).to.deep.equal({ status: 503, errorType: 'SERVER_OUT_OF_SERVICE' });
  });

  it('without a secondary node, a 503 is out-of-service and nothing moves', async () => {
    const finesse = new FakeFinesse();
    finesse.respond('GET /finesse/api/User/1001', outOfService);
    const client = makeClient(finesse, false);
    const error = await rejection(client.getUser('1001'));
    expect(error.code).to.equal('out-of-service');
    expect(finesse.seen).to.have.length(1);
    expect(client.node).to.equal('primary');
  });

  // Finesse's 503 body is not reliably documented: the status alone means out of service.
  for (const [label, body, type] of [
    ['no body', null, ''],
    ['an HTML page', '<html><body><h1>HTTP Status 503</h1></body></html>', 'text/html'],
    ['plain text', 'busy', 'text/plain'],
    ['another ErrorType', apiErrorsXml('SERVICE_UNAVAILABLE', 'x'), 'application/xml'],
  ] as const) {
    it(`a 503 with ${label} is out of service and fails over`, async () => {
      const finesse = new FakeFinesse();
      finesse.respond('GET /finesse/api/User/1001', (seen) =>
        seen.origin === PRIMARY
          ? new Response(body, { status: 503, headers: type ? { 'Content-Type': type } : {} })
          : new Response('<User><loginId>1001</loginId></User>'),
      );
      const client = makeClient(finesse);
      expect((await client.getUser('1001')).loginId).to.equal('1001');
      expect(client.node).to.equal('secondary');
      const alone = new FakeFinesse();
      alone.respond('GET /finesse/api/User/1001', () => new Response(body, { status: 503 }));
      const error = await rejection(makeClient(alone, false).getUser('1001'));
      expect(error.code).to.equal('out-of-service');
      expect(error.details.status).to.equal(503);
      expect(error.message).to.not.include('busy');
    });
  }

  it('without secondary-url, fails over to the secondary SystemInfo names, on its httpsPort', async () => {
    const finesse = new FakeFinesse();
    finesse.systemInfo = finesse.systemInfo!.replace(
      '<host>fin2.test</host><httpsPort>8445</httpsPort>',
      '<host>fin2.test</host><httpsPort>9443</httpsPort>',
    );
    finesse.respond('GET /finesse/api/User/1001', (seen) =>
      seen.origin === PRIMARY
        ? outOfService()
        : new Response('<User><loginId>1001</loginId></User>'),
    );
    const client = makeClient(finesse, false);
    expect(client.urlOf('secondary')).to.equal('');
    await client.getSystemInfo();
    expect(client.urlOf('secondary')).to.equal('https://fin2.test:9443');
    expect(client.nodeInfo('secondary')).to.deep.include({ httpsPort: '9443', xmppPort: '5222' });
    await client.getUser('1001');
    expect(finesse.seen.map((s) => s.origin)).to.deep.equal([
      PRIMARY,
      PRIMARY,
      'https://fin2.test:9443',
    ]);
    expect(client.node).to.equal('secondary');
  });

  it('readSystemInfo asks one node, never fails over, and names a 503 out-of-service', async () => {
    const finesse = new FakeFinesse();
    finesse.respond('GET /finesse/api/SystemInfo', (seen) =>
      seen.origin === PRIMARY ? new Response('', { status: 503 }) : new Response(SYSTEM_INFO_XML),
    );
    const client = makeClient(finesse);
    expect((await rejection(client.readSystemInfo('primary'))).code).to.equal('out-of-service');
    expect(client.node).to.equal('primary');
    expect((await client.readSystemInfo('secondary')).status).to.equal('IN_SERVICE');
    expect(finesse.seen.map((s) => s.url)).to.deep.equal([
      `${PRIMARY}/finesse/api/SystemInfo`,
      `${SECONDARY}/finesse/api/SystemInfo`,
    ]);
    expect(client.node).to.equal('primary');
  });

  it('two requests refused together move the client once', async () => {
    const finesse = new FakeFinesse();
    finesse.respond('GET /finesse/api/User/1001', (seen) =>
      seen.origin === PRIMARY ? outOfService() : new Response('<User/>'),
    );
    const client = makeClient(finesse);
    const moves: FinesseNode[] = [];
    client.onNodeChange((node) => moves.push(node));
    await Promise.all([client.getUser('1001'), client.getUser('1001')]);
    expect(finesse.seen.map((s) => s.origin)).to.deep.equal([
      PRIMARY,
      PRIMARY,
      SECONDARY,
      SECONDARY,
    ]);
    expect(moves).to.deep.equal(['secondary']);
    expect(client.node).to.equal('secondary');
  });
});
