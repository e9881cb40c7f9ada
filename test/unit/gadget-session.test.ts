import { expect } from '@open-wc/testing';
import {
  buildConfigFromPrefs,
  initConfig,
  prefsFrom,
} from '../../demo/gadget/desktop/config-from-prefs.ts';
import { createSession, resolveMode } from '../../src/core/assembly/create-session.ts';
import { isFinesseError } from '../../src/core/kernel/errors.ts';
import {
  ContainerNotifications,
  agentNodes,
  clientServicesSubscribe,
} from '../../src/core/gadget/container-notifications.ts';
import type { GadgetConfig } from '../../src/core/gadget/finesse-globals.ts';
import { GadgetSession } from '../../src/core/gadget/gadget-session.ts';
import type { RawUpdate } from '../../src/core/notifications/types.ts';

const ORIGIN = 'https://fin1.example.com:8445';
/** The Config finesse.js builds from the desktop's prefs, after ClientServices.init. */
const publishedConfig = (prefs: Record<string, string>): GadgetConfig =>
  initConfig(buildConfigFromPrefs(prefsFrom(prefs))) as GadgetConfig;
const config = publishedConfig({
  authorization: btoa('agent1:'),
  host: 'fin1.example.com',
  hostPort: '8445',
  scheme: 'https',
});

interface Sent {
  url: string;
  authorization: string | null;
}

/** A fetch that records what it got and answers with the given statuses in turn. */
function recordingFetch(statuses: number[] = []) {
  const sent: Sent[] = [];
  const fetch = async (request: RequestInfo | URL) => {
    const r = request as Request;
    sent.push({ url: r.url, authorization: r.headers.get('Authorization') });
    return new Response('<User/>', { status: statuses.shift() ?? 200 });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('GadgetSession', () => {
  it('reads the container header for every request (never cached)', async () => {
    let header = 'Bearer one';
    const { sent, fetch } = recordingFetch();
    const session = new GadgetSession({ config, getAuthHeader: () => header, fetch });
    await session.fetch('/finesse/api/User/agent1');
    header = 'Bearer two';
    await session.fetch('/finesse/api/User/agent1');
    header = 'Bearer three';
    await session.fetch(`${ORIGIN}/finesse/api/User/agent1/Dialogs`);
    expect(sent.map((s) => s.authorization)).to.deep.equal([
      'Bearer one',
      'Bearer two',
      'Bearer three',
    ]);
    expect(sent[0]!.url).to.equal(`${ORIGIN}/finesse/api/User/agent1`);
    expect(await session.getAccessToken()).to.equal('three');
  });

  it('on a 401 reads the header again once and retries once when it changed', async () => {
    let header = 'Bearer old';
    const sent: Sent[] = [];
    // The desktop rotates while the first request is on its way: Finesse refuses the old token.
    const fetch = (async (request: Request) => {
      sent.push({ url: request.url, authorization: request.headers.get('Authorization') });
      const refused = header === 'Bearer old';
      header = 'Bearer new';
      return new Response('', { status: refused ? 401 : 200 });
    }) as unknown as typeof globalThis.fetch;
    const session = new GadgetSession({ config, getAuthHeader: () => header, fetch });
    const response = await session.fetch('/finesse/api/User/agent1', {
      method: 'PUT',
      body: '<User><state>READY</state></User>',
    });
    expect(response.status).to.equal(200);
    expect(sent.map((s) => s.authorization)).to.deep.equal(['Bearer old', 'Bearer new']);
  });

  it('gives the 401 back when the header did not change (no second retry)', async () => {
    const { sent, fetch } = recordingFetch([401, 401, 401]);
    const session = new GadgetSession({ config, getAuthHeader: () => 'Bearer same', fetch });
    const response = await session.fetch('/finesse/api/User/agent1');
    expect(response.status).to.equal(401);
    expect(sent).to.have.length(1);
  });

  it('works with a Basic header (non-SSO) while getAccessToken rejects not-bearer', async () => {
    const { sent, fetch } = recordingFetch();
    const session = new GadgetSession({ config, getAuthHeader: () => 'Basic YWdlbnQxOnB3', fetch });
    const response = await session.fetch('/finesse/api/User/agent1');
    expect(response.ok).to.equal(true);
    expect(sent[0]!.authorization).to.equal('Basic YWdlbnQxOnB3');
    expect(isFinesseError(await rejection(session.getAccessToken()), 'not-bearer')).to.equal(true);
    expect(session.state).to.equal('active');
  });

  it('is signed-out without a header', async () => {
    const { sent, fetch } = recordingFetch();
    const session = new GadgetSession({ config, getAuthHeader: () => null, fetch });
    expect(session.state).to.equal('signed-out');
    expect(session.user).to.equal(null);
    expect(isFinesseError(await rejection(session.getAccessToken()), 'signed-out')).to.equal(true);
    expect(isFinesseError(await rejection(session.fetch('/x')), 'signed-out')).to.equal(true);
    expect(sent).to.have.length(0);
  });

  it('refuses foreign origins', async () => {
    const { sent, fetch } = recordingFetch();
    const session = new GadgetSession({ config, getAuthHeader: () => 'Bearer t', fetch });
    const error = await rejection(session.fetch('https://evil.example.com/steal'));
    expect(isFinesseError(error, 'foreign-origin')).to.equal(true);
    expect(sent).to.have.length(0);
  });

  it('takes the user and endpoints from the Config and never refreshes or signs in', async () => {
    const session = new GadgetSession({ config, getAuthHeader: () => 'Bearer t' });
    expect(session.mode).to.equal('gadget');
    expect(session.state).to.equal('active');
    expect(session.user?.userId).to.equal('agent1');
    expect(session.endpoints.finesseUrl).to.equal(ORIGIN);
    expect(session.expiresAt).to.equal(null);
    expect(session.refreshAt).to.equal(null);
    expect(isFinesseError(await rejection(session.signIn()), 'signed-out')).to.equal(true);
    await session.signOut();
    expect(session.state).to.equal('active');
  });

  it('reports the desktop signing in (signed-out → active)', async () => {
    let header = '';
    const session = new GadgetSession({ config, getAuthHeader: () => header, checkMs: 20 });
    const changes: string[] = [];
    session.on('session-change', ({ state }) => changes.push(state));
    await session.start();
    header = 'Bearer t';
    await new Promise((resolve) => setTimeout(resolve, 80));
    session.dispose();
    expect(changes).to.deep.equal(['active']);
  });
});

describe('container notifications', () => {
  it('delivers the container updates as RawUpdates, live, the way finesse.js publishes them', () => {
    const handlers = new Map<string, (data: unknown) => void>();
    const nodes: string[] = [];
    const services = {
      subscribe: (topic: string, handler: (data: unknown) => void) => handlers.set(topic, handler),
      unsubscribe: (topic: string) => handlers.delete(topic),
      subscribeNode: (node: string) => void nodes.push(node),
    };
    const service = new ContainerNotifications(
      clientServicesSubscribe(services),
      agentNodes('agent1'),
    );
    const updates: RawUpdate[] = [];
    const statuses: string[] = [];
    service.onUpdate((u) => updates.push(u));
    service.onStatus((s) => statuses.push(s));
    service.start();
    expect(service.status).to.equal('live');
    // OpenAjax topics in dot notation (finesse.js Topics.getTopic), and the master asked to
    // follow each pubsub node.
    expect([...handlers.keys()]).to.deep.equal([
      'finesse.api.User.agent1',
      'finesse.api.User.agent1.Dialogs',
    ]);
    expect(nodes).to.deep.equal(['/finesse/api/User/agent1', '/finesse/api/User/agent1/Dialogs']);
    // MasterPublisher's payload: the raw event (node path, then the XML) as `content`.
    handlers.get('finesse.api.User.agent1')!({
      content: '/finesse/api/User/agent1<Update><data/></Update>',
      object: {},
    });
    handlers.get('finesse.api.User.agent1.Dialogs')!('<Update><x/></Update>');
    handlers.get('finesse.api.User.agent1')!({ content: 'no xml here' }); // ignored
    expect(updates).to.deep.equal([
      { node: '/finesse/api/User/agent1', xml: '<Update><data/></Update>' },
      { node: '/finesse/api/User/agent1/Dialogs', xml: '<Update><x/></Update>' },
    ]);
    service.stop();
    expect(handlers.size).to.equal(0);
    expect(statuses).to.deep.equal(['connecting', 'live', 'stopped']);
  });
});

describe('createSession in the Finesse desktop', () => {
  const g = globalThis as { finesse?: unknown };
  afterEach(() => {
    delete g.finesse;
  });

  it('picks gadget mode when finesse.gadget.Config exists', async () => {
    expect(resolveMode({ mode: 'auto' })).to.equal('popup');
    let header = 'Bearer a';
    g.finesse = {
      gadget: {
        Config: publishedConfig({
          authorization: btoa('agent7:'),
          host: location.hostname,
          hostPort: location.port,
          scheme: location.protocol.replace(':', ''),
        }),
      },
      utilities: { Utilities: { getAuthHeaderString: () => header } },
      clientservices: { ClientServices: { init() {}, subscribe() {}, unsubscribe() {} } },
    };
    expect(resolveMode({ mode: 'auto' })).to.equal('gadget');
    expect(resolveMode({ mode: 'popup' })).to.equal('popup');
    const session = await createSession({ finesseUrl: location.origin, mode: 'auto' });
    expect(session).to.be.instanceOf(GadgetSession);
    expect(session.mode).to.equal('gadget');
    expect(session.user?.userId).to.equal('agent7');
    expect(await session.getAccessToken()).to.equal('a');
    header = 'Bearer b';
    expect(await session.getAccessToken()).to.equal('b');
    session.dispose();
  });
});
