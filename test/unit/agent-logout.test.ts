import { expect } from '@open-wc/testing';
import { logoutAgent } from '../../src/core/finesse/agent-logout.ts';
import type { AgentCarrier } from '../../src/core/finesse/session-agent.ts';
import type { AgentModel } from '../../src/core/finesse/agent-model.ts';
import { isFinesseError } from '../../src/core/kernel/errors.ts';
import { closeAll, makeEnv, openTab } from './helpers/tabs.ts';
import type { Env } from './helpers/tabs.ts';
import { FakeSession } from './fake-session.ts';

/** A signed-in fake session that records what it sends and answers `status`. */
function sessionAnswering(status: number) {
  const session: FakeSession & AgentCarrier = new FakeSession();
  session.signInNow();
  const sent: { url: string; init?: RequestInit }[] = [];
  session.fetch = async (input, init) => {
    sent.push({ url: String(input), init });
    return new Response(null, { status });
  };
  return { session, sent };
}

describe('logoutAgent (LOGOUT before a sign-out)', () => {
  it('without an agent model: PUT User/<id> with the escaped LOGOUT body', async () => {
    const { session, sent } = sessionAnswering(202);
    await logoutAgent(session, 'agent 1', '<7>');
    expect(sent).to.have.length(1);
    expect(sent[0]!.url).to.equal('/finesse/api/User/agent%201');
    expect(sent[0]!.init?.method).to.equal('PUT');
    expect(sent[0]!.init?.body).to.equal(
      '<User><state>LOGOUT</state><reasonCodeId>&lt;7&gt;</reasonCodeId></User>',
    );
  });

  it('a refused LOGOUT is an api-error with the status, never a token', async () => {
    const { session } = sessionAnswering(400);
    const error = await logoutAgent(session, 'agent1', 7).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isFinesseError(error) && error.code).to.equal('api-error');
    expect(isFinesseError(error) && error.details).to.deep.equal({ status: 400 });
  });

  it('with an agent model: through the model, so the UCCE loginId rule applies', async () => {
    const { session, sent } = sessionAnswering(202);
    const asked: unknown[][] = [];
    const model = {
      snapshot: { user: { loginId: '1001' } },
      setState: async (...args: unknown[]) => void asked.push(args),
    } as unknown as AgentModel;
    session.agentSlot = { model, unfollow: () => undefined };
    await logoutAgent(session, 'agent1', 7);
    expect(asked).to.deep.equal([['LOGOUT', '7']]);
    expect(sent).to.have.length(0);
  });
});

describe('SsoSession.signOut({ agentLogout })', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  it('asks the hook the assembly room gave it, then forgets the pair', async () => {
    const asked: unknown[][] = [];
    const tab = await openTab(env, {
      logoutAgent: async (...args) => void asked.push(args),
    });
    await tab.session.signIn();
    const userId = tab.session.user!.userId;
    await tab.session.signOut({ agentLogout: { reasonCodeId: 12 } });
    expect(asked).to.deep.equal([[userId, 12]]);
    expect(tab.session.state).to.equal('signed-out');
  });

  it('a failed LOGOUT is shown, and the pair is forgotten all the same', async () => {
    const { FinesseError } = await import('../../src/core/kernel/errors.ts');
    const tab = await openTab(env, {
      logoutAgent: () => Promise.reject(new FinesseError('api-error', 'refused')),
    });
    await tab.session.signIn();
    await tab.session.signOut({ agentLogout: { reasonCodeId: 12 } });
    expect(tab.session.state).to.equal('signed-out');
    expect(tab.session.lastError?.code).to.equal('api-error');
  });
});
