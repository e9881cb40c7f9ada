import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import type { FinesseErrorCode } from '../../src/core/kernel/errors.ts';
import { readRefreshResponse } from '../../src/core/ids/refresh-response.ts';
import { FinessePopupSource } from '../../src/core/ids/finesse-token-source.ts';
import { systemClock } from '../../src/core/kernel/clock.ts';

const answer = {
  token: 'at-2',
  refresh_token: 'rt-2',
  expires_in: 300,
  user_id: 'agent1',
  realm: 'lab',
  user_principal: 'agent1@lab',
};

async function codeOf(response: Response): Promise<FinesseErrorCode> {
  try {
    await readRefreshResponse(response);
  } catch (error) {
    expect(error).to.be.instanceOf(FinesseError);
    return (error as FinesseError).code;
  }
  throw new Error('expected a failure');
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('readRefreshResponse', () => {
  it('reads a new pair', async () => {
    const pair = await readRefreshResponse(json(answer));
    expect(pair.token).to.equal('at-2');
    expect(pair.refreshToken).to.equal('rt-2');
  });

  it('classifies an opaque redirect (a 302 to IdS under redirect: manual) as needs-interaction', async () => {
    const opaque = {
      type: 'opaqueredirect',
      status: 0,
      ok: false,
      headers: new Headers(),
      text: async () => '',
    } as unknown as Response;
    expect(await codeOf(opaque)).to.equal('refresh-needs-interaction');
  });

  it('classifies an IdP login page served with 200 as needs-interaction', async () => {
    const page = new Response('<html><form>Sign in</form></html>', {
      headers: { 'Content-Type': 'text/html' },
    });
    expect(await codeOf(page)).to.equal('refresh-needs-interaction');
  });

  it('classifies the IdS 401 Invalid Token as a refusal', async () => {
    expect(
      await codeOf(json({ error: 'Invalid Token', error_description: 'Invalid Token' }, 401)),
    ).to.equal('refresh-rejected');
  });

  it('classifies a 5xx whose body says Invalid Token as a refusal, other 5xx as server-error', async () => {
    const wrapped = json(
      { errorType: 'Invalid Token', errorData: '', errorMessage: 'Invalid Token' },
      500,
    );
    expect(await codeOf(wrapped)).to.equal('refresh-rejected');
    expect(await codeOf(new Response('<h1>502</h1>', { status: 502 }))).to.equal('server-error');
  });

  it('classifies any 503 as out-of-service by its status, whatever the body says', async () => {
    expect(await codeOf(new Response('<h1>503</h1>', { status: 503 }))).to.equal('out-of-service');
    expect(await codeOf(new Response(null, { status: 503 }))).to.equal('out-of-service');
    const odd = json({ errorType: 'Invalid Token', errorMessage: 'Invalid Token' }, 503);
    expect(await codeOf(odd)).to.equal('out-of-service');
  });

  it('classifies a malformed 200 answer as token-answer-invalid', async () => {
    expect(await codeOf(json({ ...answer, token: null }))).to.equal('token-answer-invalid');
    expect(
      await codeOf(new Response('{"token":', { headers: { 'Content-Type': 'application/json' } })),
    ).to.equal('token-answer-invalid');
  });

  it('classifies a body that breaks while arriving as network (outcome unknown)', async () => {
    const broken = new Response(
      new ReadableStream({
        start(controller) {
          controller.error(new TypeError('connection reset'));
        },
      }),
    );
    expect(await codeOf(broken)).to.equal('network');
  });
});

describe('FinessePopupSource.refresh', () => {
  it('POSTs the form with the hyphenated refresh-token, redirect manual, and no token in the URL', async () => {
    let seen: Request | undefined;
    let seenInit: RequestInit | undefined;
    const source = new FinessePopupSource({
      finesseUrl: 'https://fin.test:8445',
      clock: systemClock,
      fetch: async (input, init) => {
        seen = input as Request;
        seenInit = init;
        return json(answer);
      },
    });
    await source.refresh(
      { token: 'at-1', refreshToken: 'rt-1', username: 'agent1' },
      { signal: new AbortController().signal },
    );
    expect(seen!.method).to.equal('POST');
    expect(seen!.url).to.equal('https://fin.test:8445/desktop/sso/token');
    expect(await seen!.text()).to.equal('token=at-1&refresh-token=rt-1');
    expect(seenInit!.redirect).to.equal('manual');
  });

  it('after a failover sends refreshes to the other node, cross-origin', async () => {
    const seen: string[] = [];
    const source = new FinessePopupSource({
      finesseUrl: 'https://fin1.test:8445',
      clock: systemClock,
      fetch: async (input) => {
        seen.push((input as Request).url);
        return json(answer);
      },
    });
    const input = { token: 'at-1', refreshToken: 'rt-1', username: 'agent1' };
    await source.refresh(input, { signal: new AbortController().signal });
    source.useNode('https://fin2.test:8445/');
    await source.refresh(input, { signal: new AbortController().signal });
    expect(seen).to.deep.equal([
      'https://fin1.test:8445/desktop/sso/token',
      'https://fin2.test:8445/desktop/sso/token',
    ]);
  });

  it('uses the documented GET variant when asked', async () => {
    let seen: Request | undefined;
    const source = new FinessePopupSource({
      finesseUrl: 'https://fin.test:8445',
      refreshMethod: 'get',
      clock: systemClock,
      fetch: async (input) => {
        seen = input as Request;
        return json(answer);
      },
    });
    await source.refresh(
      { token: 'at-1', refreshToken: 'rt-1', username: 'agent1' },
      { signal: new AbortController().signal },
    );
    const url = new URL(seen!.url);
    expect(seen!.method).to.equal('GET');
    expect(url.searchParams.get('cc_username')).to.equal('agent1');
    expect(url.searchParams.get('refresh-token')).to.equal('rt-1');
  });

  it('turns a dead network into network and an aborted request into timeout', async () => {
    const failing = (error: Error) =>
      new FinessePopupSource({
        finesseUrl: 'https://fin.test:8445',
        clock: systemClock,
        fetch: async () => {
          throw error;
        },
      });
    const input = { token: 'a', refreshToken: 'r', username: 'u' };
    try {
      await failing(new TypeError('Failed to fetch')).refresh(input, {
        signal: new AbortController().signal,
      });
      throw new Error('expected failure');
    } catch (error) {
      expect((error as FinesseError).code).to.equal('network');
    }
    const controller = new AbortController();
    controller.abort();
    try {
      await failing(new DOMException('aborted', 'AbortError')).refresh(input, {
        signal: controller.signal,
      });
      throw new Error('expected failure');
    } catch (error) {
      expect((error as FinesseError).code).to.equal('timeout');
    }
  });
});
