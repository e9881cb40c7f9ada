import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import type { AgentSnapshot } from '../../src/core/finesse/agent-api.ts';
import { AgentModel } from '../../src/core/finesse/agent-model.ts';
import type { AgentNotificationInfo } from '../../src/core/finesse/agent-model.ts';
import { FinesseRestClient } from '../../src/core/finesse/rest-client.ts';
import type { NotificationProblem } from '../../src/core/notifications/types.ts';
import { FakeSession } from './fake-session.ts';
import {
  FakeFinesse,
  FakeNotifications,
  PRIMARY,
  SECONDARY,
  SYSTEM_INFO_XML,
  apiErrorsXml,
  xml,
  asyncErrorsXml,
  dialogXml,
  dialogsXml,
  updateXml,
  userXml,
} from './finesse-fixtures.ts';
import { deferred } from './helpers/deferred.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const POLL = 15_000;

interface Setup {
  session: FakeSession;
  finesse: FakeFinesse;
  clock: ManualClock;
  model: AgentModel;
  seen: AgentSnapshot[];
}

/** A signed-in session for `agent1` (loginName; Finesse's loginId is 1001) and its model. */
function setup(
  options: {
    notifications?: FakeNotifications | null;
    createNotifications?: (info: AgentNotificationInfo) => FakeNotifications | null;
    prepare?: (finesse: FakeFinesse) => void;
    /** false: no `secondary-url` configured (SystemInfo may name one). */
    secondary?: boolean;
  } = {},
): Setup {
  const session = new FakeSession();
  session.signInNow();
  session.user = { userId: 'agent1', realm: 'lab', userPrincipal: 'agent1@lab.test' };
  const secondaryUrl = options.secondary === false ? undefined : SECONDARY;
  session.endpoints = { finesseUrl: PRIMARY, secondaryUrl };
  const finesse = new FakeFinesse();
  options.prepare?.(finesse);
  const clock = new ManualClock();
  let n = 0;
  const rest = new FinesseRestClient({
    fetch: finesse.fetch,
    primaryUrl: PRIMARY,
    secondaryUrl,
    newRequestId: () => `req-${++n}`,
  });
  const model = new AgentModel({
    session,
    rest,
    clock,
    pollMs: POLL,
    recovery: { firstMs: 1_000, maxMs: 4_000 },
    ...('notifications' in options ? { notifications: options.notifications } : {}),
    ...(options.createNotifications ? { createNotifications: options.createNotifications } : {}),
  });
  const seen: AgentSnapshot[] = [];
  model.subscribe((snapshot) => seen.push(snapshot));
  return { session, finesse, clock, model, seen };
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

const commands = (finesse: FakeFinesse) => finesse.seen.filter((s) => s.method !== 'GET');

describe('AgentModel: loading', () => {
  let t: Setup;
  afterEach(() => t.model.stop());

  it('resolves the agent by loginName, then loads dialogs, both reason lists and SystemInfo by loginId', async () => {
    t = setup({ notifications: null, prepare: (f) => (f.dialogs = [dialogXml({ id: '5' })]) });
    await t.model.start();
    const s = t.model.snapshot;
    expect(s.user?.loginId).to.equal('1001');
    expect(s.dialogs.map((d) => d.id)).to.deep.equal(['5']);
    expect(s.reasonCodes.NOT_READY.map((c) => c.label)).to.deep.equal(['Lunch', 'Meeting']);
    expect(s.reasonCodes.LOGOUT.map((c) => c.id)).to.deep.equal(['20']);
    expect(s.reasonRequired).to.deep.equal({ NOT_READY: true, LOGOUT: true });
    expect(s.notifications).to.equal('polling');
    expect(s.node).to.equal('primary');
    expect(s.lastError).to.equal(null);
    expect(t.finesse.seen.map((r) => r.key)).to.deep.equal([
      'GET /finesse/api/User/agent1',
      'GET /finesse/api/User/1001/Dialogs',
      'GET /finesse/api/User/1001/ReasonCodes?category=NOT_READY',
      'GET /finesse/api/User/1001/ReasonCodes?category=LOGOUT',
      'GET /finesse/api/SystemInfo',
    ]);
  });

  it('goes on without SystemInfo', async () => {
    t = setup({ notifications: null, prepare: (f) => (f.systemInfo = null) });
    await t.model.start();
    expect(t.model.snapshot.user?.loginId).to.equal('1001');
    expect(t.model.snapshot.lastError).to.equal(null);
  });

  it('no reason codes for a category: no reason required', async () => {
    t = setup({ notifications: null, prepare: (f) => (f.reasons = { NOT_READY: [], LOGOUT: [] }) });
    await t.model.start();
    expect(t.model.snapshot.reasonRequired).to.deep.equal({ NOT_READY: false, LOGOUT: false });
  });

  it('a failed load shows as lastError and polling retries it until it works', async () => {
    t = setup({ notifications: null });
    t.finesse.respond(
      'GET /finesse/api/User/1001/Dialogs',
      () => new Response(null, { status: 500 }),
      true,
    );
    await t.model.start();
    expect(t.model.snapshot.lastError?.details.status).to.equal(500);
    await t.clock.advance(POLL);
    expect(t.model.snapshot.lastError).to.equal(null);
    // The retry reads the agent by the loginId it already learned.
    expect(t.finesse.count('GET /finesse/api/User/1001')).to.equal(1);
  });

  it('does nothing while the session is signed out, and loads on sign-in', async () => {
    t = setup({ notifications: null });
    t.session.state = 'signed-out';
    await t.model.start();
    expect(t.finesse.seen).to.have.length(0);
    expect(t.model.snapshot.notifications).to.equal('stopped');
    t.session.setState('active');
    await t.model.reload(); // waits for the load in flight
    expect(t.model.snapshot.user?.loginId).to.equal('1001');
  });

  it('stops on sign-out (empty snapshot, no polling, notifications stopped) and restarts on sign-in', async () => {
    const service = new FakeNotifications('polling');
    t = setup({ notifications: service });
    await t.model.start();
    expect(service.started).to.equal(1);
    t.session.setState('signed-out');
    t.session.emit('signed-out', { byThisTab: true });
    expect(t.model.snapshot.user).to.equal(null);
    expect(t.model.snapshot.dialogs).to.deep.equal([]);
    expect(t.model.snapshot.notifications).to.equal('stopped');
    expect(service.stopped).to.equal(1);
    expect(service.listening).to.equal(0);
    const before = t.finesse.seen.length;
    await t.clock.advance(5 * POLL);
    expect(t.finesse.seen.length).to.equal(before);
    t.session.setState('active');
    await t.model.reload(); // waits for the load in flight
    expect(t.model.snapshot.user?.loginId).to.equal('1001');
    expect(service.started).to.equal(2);
  });
});

describe('AgentModel: notifications and polling', () => {
  let t: Setup;
  afterEach(() => t.model.stop());

  it('polls reload() every pollMs on the clock while there is no notification service', async () => {
    t = setup({ notifications: null });
    await t.model.start();
    await t.clock.advance(POLL - 1);
    expect(t.finesse.count('GET /finesse/api/User/1001')).to.equal(0);
    await t.clock.advance(1);
    expect(t.finesse.count('GET /finesse/api/User/1001')).to.equal(1);
    expect(t.finesse.count('GET /finesse/api/User/1001/Dialogs')).to.equal(2);
    t.finesse.user = { state: 'READY' };
    await t.clock.advance(POLL);
    expect(t.model.snapshot.user?.state).to.equal('READY');
  });

  it("carries the service's failure reason into the snapshot, and clears it when live", async () => {
    class ProblemNotifications extends FakeNotifications {
      problem: NotificationProblem | null = null;
    }
    const service = new ProblemNotifications('connecting');
    t = setup({ notifications: service });
    await t.model.start();
    expect(t.model.snapshot.notificationProblem).to.equal(null);
    service.problem = {
      code: 'sasl-mechanism-unavailable',
      mechanism: 'plain',
      offered: ['X-OAUTH2'],
    };
    service.setStatus('polling');
    expect(t.model.snapshot.notificationProblem).to.deep.equal({
      code: 'sasl-mechanism-unavailable',
      mechanism: 'plain',
      offered: ['X-OAUTH2'],
    });
    service.problem = null;
    service.setStatus('live');
    expect(t.model.snapshot.notificationProblem).to.equal(null);
  });

  it('polls only while the service is not live (and not connecting); catches up when it goes live', async () => {
    const service = new FakeNotifications('connecting');
    t = setup({ notifications: service });
    await t.model.start();
    const userReads = () => t.finesse.count('GET /finesse/api/User/1001');
    await t.clock.advance(4 * POLL);
    expect(userReads()).to.equal(0);
    service.setStatus('polling');
    expect(t.model.snapshot.notifications).to.equal('polling');
    await t.clock.advance(2 * POLL);
    expect(userReads()).to.equal(2);
    service.setStatus('live');
    await flush();
    expect(userReads()).to.equal(3); // one catch-up read
    expect(t.model.snapshot.notifications).to.equal('live');
    await t.clock.advance(10 * POLL);
    expect(userReads()).to.equal(3);
    expect(t.clock.pending).to.equal(0);
  });

  it('a catch-up read that fails is retried every pollMs while live, until one succeeds', async () => {
    const service = new FakeNotifications('connecting');
    t = setup({ notifications: service });
    await t.model.start();
    const userReads = () => t.finesse.count('GET /finesse/api/User/1001');
    const down = () => new Response(null, { status: 500 });
    t.finesse.respond('GET /finesse/api/User/1001', down, true);
    t.finesse.respond('GET /finesse/api/User/1001', down, true);
    t.finesse.user = { state: 'READY' }; // changed during the gap
    service.setStatus('live');
    await flush();
    expect(userReads()).to.equal(1);
    expect(t.model.snapshot.lastError?.details.status).to.equal(500);
    expect(t.model.snapshot.user?.state).to.equal('NOT_READY');
    await t.clock.advance(POLL);
    expect(userReads()).to.equal(2);
    expect(t.model.snapshot.user?.state).to.equal('NOT_READY');
    await t.clock.advance(POLL);
    expect(userReads()).to.equal(3);
    expect(t.model.snapshot.user?.state).to.equal('READY');
    expect(t.model.snapshot.lastError).to.equal(null);
    // Caught up: no more reads while live.
    await t.clock.advance(10 * POLL);
    expect(userReads()).to.equal(3);
    expect(t.clock.pending).to.equal(0);
  });

  it('a call pushed while the catch-up read is in flight is kept when the older read answers', async () => {
    // Stressed CI run: after a notification gap the model went live and re-read User and
    // Dialogs; Finesse answered the Dialogs read before the call rang, the call's update
    // arrived first, and the older answer then replaced the list: the call never showed.
    const service = new FakeNotifications('connecting');
    t = setup({ notifications: service });
    await t.model.start();
    const dialogs = deferred<Response>();
    const user = deferred<Response>();
    t.finesse.respond('GET /finesse/api/User/1001/Dialogs', () => dialogs.promise, true);
    t.finesse.respond('GET /finesse/api/User/1001', () => user.promise, true);
    service.setStatus('live'); // the catch-up read starts
    await flush();
    expect(t.finesse.count('GET /finesse/api/User/1001/Dialogs')).to.equal(2);
    // The call rings after Finesse answered the reads, before the answers are read here.
    service.push(updateXml(dialogXml({ id: '7', state: 'ALERTING' }), 'POST'));
    service.push(updateXml(userXml({ state: 'RESERVED' })));
    expect(t.model.snapshot.dialogs.map((d) => d.id)).to.deep.equal(['7']);
    dialogs.resolve(xml(dialogsXml()));
    user.resolve(xml(userXml({ state: 'NOT_READY' })));
    await flush();
    expect(t.model.snapshot.dialogs.map((d) => `${d.id}:${d.state}`)).to.deep.equal(['7:ALERTING']);
    expect(t.model.snapshot.user?.state).to.equal('RESERVED');
    // The next updates apply on top as usual, and a later read is taken as it is.
    service.push(updateXml(dialogXml({ id: '7' }), 'DELETE'));
    expect(t.model.snapshot.dialogs).to.deep.equal([]);
    t.finesse.dialogs = [dialogXml({ id: '8' })];
    await t.model.reload();
    expect(t.model.snapshot.dialogs.map((d) => d.id)).to.deep.equal(['8']);
  });

  it('an update replayed over a catch-up read that already had it changes nothing', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    const dialogs = deferred<Response>();
    t.finesse.respond('GET /finesse/api/User/1001/Dialogs', () => dialogs.promise, true);
    const reading = t.model.reload();
    await flush();
    // Rung and then answered before Finesse answered the read: the read has it ACTIVE.
    service.push(updateXml(dialogXml({ id: '7', state: 'ALERTING' }), 'POST'));
    service.push(updateXml(dialogXml({ id: '7', state: 'ACTIVE' }), 'PUT'));
    dialogs.resolve(xml(dialogsXml(dialogXml({ id: '7', state: 'ACTIVE' }))));
    await reading;
    expect(t.model.snapshot.dialogs.map((d) => `${d.id}:${d.state}`)).to.deep.equal(['7:ACTIVE']);
  });

  it('applies User updates for its agent, ignores other agents', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    service.push(updateXml(userXml({ state: 'READY' })));
    expect(t.model.snapshot.user?.state).to.equal('READY');
    service.push(updateXml(userXml({ loginId: '2002', state: 'TALKING' })));
    expect(t.model.snapshot.user?.state).to.equal('READY');
  });

  it('applies Dialog POST, PUT and DELETE; a dropped or failed agent leg disappears', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    const ids = () => t.model.snapshot.dialogs.map((d) => `${d.id}:${d.state}`);
    service.push(updateXml(dialogXml({ id: '1', state: 'ALERTING' }), 'POST'));
    service.push(updateXml(dialogXml({ id: '2', state: 'INITIATED' }), 'POST'));
    expect(ids()).to.deep.equal(['1:ALERTING', '2:INITIATED']);
    service.push(updateXml(dialogXml({ id: '1', state: 'HELD' }), 'PUT'));
    expect(ids()).to.deep.equal(['1:HELD', '2:INITIATED']);
    service.push(updateXml(dialogXml({ id: '2', state: 'ACTIVE', agentState: 'DROPPED' }), 'PUT'));
    expect(ids()).to.deep.equal(['1:HELD']);
    service.push(updateXml(dialogXml({ id: '3', state: 'FAILED' }), 'PUT'));
    expect(ids()).to.deep.equal(['1:HELD']);
    service.push(updateXml(dialogXml({ id: '1' }), 'DELETE'));
    expect(ids()).to.deep.equal([]);
  });

  it('applies dialogs lists: PUT replaces, POST adds, DELETE removes', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service, prepare: (f) => (f.dialogs = [dialogXml({ id: '1' })]) });
    await t.model.start();
    const ids = () => t.model.snapshot.dialogs.map((d) => d.id);
    const list = (...x: string[]) =>
      `<dialogs>${x.map((id) => dialogXml({ id })).join('')}</dialogs>`;
    service.push(updateXml(list('2', '3'), 'PUT', '', '/finesse/api/User/1001/Dialogs'));
    expect(ids()).to.deep.equal(['2', '3']);
    service.push(updateXml(list('4'), 'POST', '', '/finesse/api/User/1001/Dialogs'));
    expect(ids()).to.deep.equal(['2', '3', '4']);
    service.push(updateXml(list('3'), 'DELETE', '', '/finesse/api/User/1001/Dialogs'));
    expect(ids()).to.deep.equal(['2', '4']);
  });

  it('an async apiErrors update becomes lastError api-error with the server’s type and message', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    service.push(updateXml(asyncErrorsXml('Invalid State', 'The call cannot be held'), 'PUT', 'x'));
    const error = t.model.snapshot.lastError!;
    expect(error.code).to.equal('api-error');
    expect(error.message).to.equal('Invalid State: The call cannot be held');
    expect(error.details).to.deep.equal({
      errorType: 'Invalid State',
      errorMessage: 'The call cannot be held',
    });
  });

  it('an async error is cleared by the next update from Finesse (every tab gets both), not by one of its own kind', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    service.push(updateXml(asyncErrorsXml('Invalid State', 'The call cannot be held'), 'PUT', 'x'));
    expect(t.model.snapshot.lastError?.code).to.equal('api-error');
    // A later change that Finesse carried out (a retry succeeded, here or in another tab).
    service.push(updateXml(userXml({ state: 'READY' })));
    expect(t.model.snapshot.lastError).to.equal(null);
    expect(t.model.snapshot.user?.state).to.equal('READY');
  });

  it('an error of this tab’s own request stays until dismissed or the next command, whatever updates arrive', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    t.finesse.respond(
      'PUT /finesse/api/User/1001',
      () => new Response(apiErrorsXml('Invalid State', 'No'), { status: 400 }),
    );
    await t.model.setState('READY').catch(() => undefined);
    expect(t.model.snapshot.lastError?.code).to.equal('api-error');
    service.push(updateXml(userXml({ state: 'NOT_READY' })));
    expect(t.model.snapshot.lastError?.code).to.equal('api-error');
  });

  it('an async apiErrors pushed before the command’s 202 arrives is kept, not cleared by the 202', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    const answer = deferred<Response>();
    t.finesse.respond('PUT /finesse/api/User/1001', () => answer.promise);
    const ready = t.model.setState('READY');
    await flush(1);
    service.push(updateXml(asyncErrorsXml('CTI_ERROR', 'Device out of service'), 'PUT', 'r1'));
    answer.resolve(new Response(null, { status: 202 }));
    await ready;
    expect(t.model.snapshot.lastError?.details.errorMessage).to.equal('Device out of service');
  });

  it('an async Parameter Missing for its own NOT_READY request makes the reason required', async () => {
    const service = new FakeNotifications('live');
    t = setup({
      notifications: service,
      prepare: (f) => (f.reasons = { NOT_READY: [], LOGOUT: [] }),
    });
    await t.model.start();
    await t.model.setState('NOT_READY');
    const requestId = commands(t.finesse)[0]!.requestId!;
    expect(t.model.snapshot.reasonRequired.NOT_READY).to.equal(false);
    service.push(updateXml(asyncErrorsXml('Parameter Missing', 'reasonCodeId'), 'PUT', requestId));
    expect(t.model.snapshot.reasonRequired).to.deep.equal({ NOT_READY: true, LOGOUT: false });
    const error = await rejection(t.model.setState('NOT_READY'));
    expect(error.details.errorType).to.equal('reason-required');
    expect(commands(t.finesse)).to.have.length(1);
  });

  it('ignores updates that are not Finesse <Update> documents', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    const before = t.model.snapshot;
    service.push('<!DOCTYPE x [<!ENTITY a "a">]><Update/>');
    service.push('<Update><data><User>');
    service.push(updateXml('<Team/>'));
    expect(t.model.snapshot).to.equal(before);
  });

  it('asks the factory for a service with the agent’s XMPP facts, and again on the other node after a failover', async () => {
    const made: AgentNotificationInfo[] = [];
    const services: FakeNotifications[] = [];
    t = setup({
      createNotifications: (info) => {
        made.push(info);
        services.push(new FakeNotifications('live'));
        return services[services.length - 1]!;
      },
    });
    await t.model.start();
    expect(made).to.deep.equal([
      {
        loginId: '1001',
        xmppDomain: 'fin1.test',
        pubsubDomain: 'pubsub.fin1.test',
        notificationUrl: 'wss://fin1.test:8445/ws',
        node: 'primary',
      },
    ]);
    t.finesse.respond('PUT /finesse/api/User/1001', (seen) =>
      seen.origin === PRIMARY
        ? new Response(apiErrorsXml('SERVER_OUT_OF_SERVICE', 'down'), { status: 503 })
        : new Response(null, { status: 202 }),
    );
    await t.model.setState('READY');
    expect(t.model.snapshot.node).to.equal('secondary');
    expect(t.session.calls.filter((c) => c.method === 'useNode').map((c) => c.args)).to.deep.equal([
      ['secondary', SECONDARY],
    ]);
    expect(services[0]!.stopped).to.equal(1);
    expect(made[1]).to.deep.include({
      notificationUrl: 'wss://fin2.test:8445/ws',
      node: 'secondary',
    });
    services[1]!.push(updateXml(userXml({ state: 'READY' })));
    expect(t.model.snapshot.user?.state).to.equal('READY');
  });
});

describe('AgentModel: commands', () => {
  let t: Setup;
  afterEach(() => t.model.stop());

  it('input checks reject before any request, with the problem as details.errorType', async () => {
    t = setup({ notifications: null });
    await t.model.start();
    const problems = [
      [() => t.model.setState('NOT_READY'), 'reason-required'],
      [() => t.model.setState('LOGOUT', ''), 'reason-required'],
      [() => t.model.makeCall(''), 'empty-number'],
      [() => t.model.makeCall('5551234<x>'), 'invalid-number'],
      [() => t.model.makeCall('10-01'), 'self-call'],
      [() => t.model.loginPhone(' '), 'empty-number'],
      [() => t.model.dialogAction('1', 'CONSULT_CALL', { toAddress: 'abc' }), 'invalid-number'],
      [() => t.model.dialogAction('1', 'TRANSFER_SST', { toAddress: '1001' }), 'self-call'],
      [() => t.model.dialogAction('1', 'SEND_DTMF', { dtmf: '12a' }), 'invalid-dtmf'],
      [() => t.model.dialogAction('1', 'SEND_DTMF'), 'invalid-dtmf'],
    ] as const;
    for (const [attempt, problem] of problems) {
      const error = await rejection(attempt());
      expect(error.code, problem).to.equal('api-error');
      expect(error.details, problem).to.deep.equal({ errorType: problem });
    }
    expect(commands(t.finesse)).to.deep.equal([]);
    expect(t.model.snapshot.lastError?.details.errorType).to.equal('invalid-dtmf');
    expect(t.model.snapshot.busy.size).to.equal(0);
  });

  it('sends state changes, phone login, calls and dialog actions as escaped bodies', async () => {
    t = setup({ notifications: null });
    await t.model.start();
    await t.model.setState('NOT_READY', '10');
    await t.model.setState('READY');
    await t.model.loginPhone('10 02');
    await t.model.makeCall('555-1234');
    await t.model.dialogAction('16817', 'CONSULT_CALL', { toAddress: '2002' });
    await t.model.dialogAction('16817', 'SEND_DTMF', { dtmf: '12#' });
    await t.model.dialogAction('16817', 'HOLD');
    expect(commands(t.finesse).map((c) => [c.key, c.body])).to.deep.equal([
      [
        'PUT /finesse/api/User/1001',
        '<User><state>NOT_READY</state><reasonCodeId>10</reasonCodeId></User>',
      ],
      ['PUT /finesse/api/User/1001', '<User><state>READY</state></User>'],
      [
        'PUT /finesse/api/User/1001',
        '<User><state>LOGIN</state><extension>1002</extension></User>',
      ],
      [
        'POST /finesse/api/User/1001/Dialogs',
        '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>5551234</toAddress></Dialog>',
      ],
      [
        'PUT /finesse/api/Dialog/16817',
        '<Dialog><requestedAction>CONSULT_CALL</requestedAction><targetMediaAddress>1001</targetMediaAddress><toAddress>2002</toAddress></Dialog>',
      ],
      [
        'PUT /finesse/api/Dialog/16817',
        '<Dialog><requestedAction>SEND_DTMF</requestedAction><targetMediaAddress>1001</targetMediaAddress><actionParams><ActionParam><name>dtmfString</name><value>12#</value></ActionParam></actionParams></Dialog>',
      ],
      [
        'PUT /finesse/api/Dialog/16817',
        '<Dialog><requestedAction>HOLD</requestedAction><targetMediaAddress>1001</targetMediaAddress></Dialog>',
      ],
    ]);
    expect(commands(t.finesse).every((c) => c.contentType === 'application/xml')).to.equal(true);
  });

  it('marks the command busy while it is in flight, and starting a command clears lastError', async () => {
    t = setup({ notifications: null });
    await t.model.start();
    await rejection(t.model.makeCall(''));
    expect(t.model.snapshot.lastError).not.to.equal(null);
    const answer = deferred<Response>();
    t.finesse.respond('POST /finesse/api/User/1001/Dialogs', () => answer.promise);
    const call = t.model.makeCall('5551234');
    await flush(1);
    expect([...t.model.snapshot.busy]).to.deep.equal(['make-call']);
    answer.resolve(new Response(null, { status: 202 }));
    await call;
    expect(t.model.snapshot.busy.size).to.equal(0);
    expect(t.model.snapshot.lastError).to.equal(null);
  });

  it('a refused command sets lastError and rethrows; Parameter Missing makes the reason required', async () => {
    t = setup({ notifications: null, prepare: (f) => (f.reasons = { NOT_READY: [], LOGOUT: [] }) });
    await t.model.start();
    t.finesse.respond(
      'PUT /finesse/api/User/1001',
      () =>
        new Response(apiErrorsXml('Parameter Missing', 'Reason code required'), { status: 400 }),
      true,
    );
    const error = await rejection(t.model.setState('LOGOUT'));
    expect(error.message).to.equal('Parameter Missing: Reason code required');
    expect(t.model.snapshot.lastError).to.equal(error);
    expect(t.model.snapshot.reasonRequired).to.deep.equal({ NOT_READY: false, LOGOUT: true });
    expect(t.model.snapshot.busy.size).to.equal(0);
    await t.model.setState('LOGOUT', '20');
    expect(t.model.snapshot.lastError).to.equal(null);
  });

  it('commands on a signed-out model reject signed-out without a request', async () => {
    t = setup({ notifications: null });
    t.session.state = 'signed-out';
    await t.model.start();
    expect((await rejection(t.model.setState('READY'))).code).to.equal('signed-out');
    expect(t.finesse.seen).to.have.length(0);
  });

  it('clearError() clears lastError', async () => {
    t = setup({ notifications: null });
    await t.model.start();
    await rejection(t.model.makeCall(''));
    t.model.clearError();
    expect(t.model.snapshot.lastError).to.equal(null);
  });
});

describe('AgentModel: snapshot', () => {
  let t: Setup;
  afterEach(() => t.model.stop());

  it('is frozen and replaced on every change, never mutated', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    await t.model.start();
    const before = t.model.snapshot;
    expect(Object.isFrozen(before)).to.equal(true);
    expect(Object.isFrozen(before.user)).to.equal(true);
    expect(Object.isFrozen(before.dialogs)).to.equal(true);
    service.push(updateXml(userXml({ state: 'READY' })));
    expect(t.model.snapshot).not.to.equal(before);
    expect(before.user?.state).to.equal('NOT_READY');
    expect(t.seen[t.seen.length - 1]).to.equal(t.model.snapshot);
  });

  it('a throwing listener does not break the model or the other listeners', async () => {
    const service = new FakeNotifications('live');
    t = setup({ notifications: service });
    t.model.subscribe(() => {
      throw new Error('listener bug');
    });
    const after: string[] = [];
    t.model.subscribe((s) => after.push(s.user?.state ?? '-'));
    await t.model.start();
    service.push(updateXml(userXml({ state: 'READY' })));
    expect(t.model.snapshot.user?.state).to.equal('READY');
    expect(after[after.length - 1]).to.equal('READY');
  });

  it('unsubscribe stops the notifications to that listener', async () => {
    t = setup({ notifications: null });
    let calls = 0;
    const off = t.model.subscribe(() => calls++);
    off();
    await t.model.start();
    expect(calls).to.equal(0);
    expect(t.seen.length).to.be.greaterThan(0);
  });

  it('now() is the injected clock', () => {
    t = setup({ notifications: null });
    expect(t.model.now()).to.equal(t.clock.now());
  });
});

describe('AgentModel: out of service (503) and Cisco’s recovery', () => {
  let t: Setup;
  afterEach(() => t.model.stop());

  /** SystemInfo with this status; `secondaryPort` null: a single-node deployment. */
  const systemInfo = (status: string, secondaryPort: string | null = null) => {
    const text = SYSTEM_INFO_XML.replace(
      '<status>IN_SERVICE</status>',
      `<status>${status}</status>`,
    ).replace(
      '<host>fin2.test</host><httpsPort>8445</httpsPort>',
      `<host>fin2.test</host><httpsPort>${secondaryPort}</httpsPort>`,
    );
    return xml(secondaryPort ? text : text.replace(/<secondaryNode>[\s\S]*<\/secondaryNode>/, ''));
  };
  const singleNode = (finesse: FakeFinesse) =>
    (finesse.systemInfo = finesse.systemInfo!.replace(
      /<secondaryNode>[\s\S]*<\/secondaryNode>/,
      '',
    ));
  const systemInfoCalls = (finesse: FakeFinesse, origin = PRIMARY) =>
    finesse.seen.filter((s) => s.key === 'GET /finesse/api/SystemInfo' && s.origin === origin)
      .length;

  it('single node: polls SystemInfo with capped backoff until IN_SERVICE, then reloads and clears the error', async () => {
    t = setup({ notifications: null, secondary: false, prepare: singleNode });
    await t.model.start();
    let status = 'OUT_OF_SERVICE';
    t.finesse.respond('GET /finesse/api/User/1001', () =>
      status === 'IN_SERVICE' ? xml(userXml({ state: 'READY' })) : xml('', 503),
    );
    t.finesse.respond('GET /finesse/api/SystemInfo', () => systemInfo(status));
    const before = systemInfoCalls(t.finesse);
    await rejection(t.model.reload());
    expect(t.model.snapshot.lastError?.code).to.equal('out-of-service');
    // 1 s, 2 s, 4 s, then capped at 4 s; the normal poll stays quiet meanwhile.
    await t.clock.advance(999);
    expect(systemInfoCalls(t.finesse)).to.equal(before);
    await t.clock.advance(1);
    expect(systemInfoCalls(t.finesse)).to.equal(before + 1);
    await t.clock.advance(2_000);
    expect(systemInfoCalls(t.finesse)).to.equal(before + 2);
    await t.clock.advance(4_000 + 4_000);
    expect(systemInfoCalls(t.finesse)).to.equal(before + 4);
    expect(t.finesse.count('GET /finesse/api/User/1001')).to.equal(1); // only the failed reload
    status = 'IN_SERVICE';
    await t.clock.advance(4_000);
    expect(systemInfoCalls(t.finesse)).to.equal(before + 5);
    expect(t.model.snapshot.user?.state).to.equal('READY');
    expect(t.model.snapshot.lastError).to.equal(null);
    expect(t.model.snapshot.node).to.equal('primary');
    expect(t.clock.pending).to.equal(1); // only the regular poll (no notifications) is left
  });

  it('a node that answers 503 even to SystemInfo is polled as well (Tomcat down)', async () => {
    t = setup({ notifications: null, secondary: false, prepare: singleNode });
    await t.model.start();
    let up = false;
    t.finesse.respond('GET /finesse/api/User/1001', () =>
      up ? xml(userXml({})) : xml('<html>503</html>', 503),
    );
    t.finesse.respond('GET /finesse/api/SystemInfo', () =>
      up ? systemInfo('IN_SERVICE') : xml('', 503),
    );
    await rejection(t.model.reload());
    await t.clock.advance(1_000 + 2_000);
    expect(t.model.snapshot.lastError?.code).to.equal('out-of-service');
    up = true;
    await t.clock.advance(4_000);
    expect(t.model.snapshot.lastError).to.equal(null);
  });

  it('moves to the secondary SystemInfo names when the primary is OUT_OF_SERVICE and it is IN_SERVICE, with its ports', async () => {
    const other = 'https://fin2.test:9443';
    const made: AgentNotificationInfo[] = [];
    t = setup({
      secondary: false,
      createNotifications: (info) => {
        made.push(info);
        return new FakeNotifications('live');
      },
    });
    // The primary is out of service before SystemInfo was ever read: no secondary is known.
    t.finesse.respond('GET /finesse/api/User/agent1', (seen) =>
      seen.origin === PRIMARY ? xml('', 503) : xml(userXml({ state: 'NOT_READY' })),
    );
    t.finesse.respond('GET /finesse/api/SystemInfo', (seen) =>
      seen.origin === PRIMARY
        ? systemInfo('OUT_OF_SERVICE', '9443')
        : systemInfo('IN_SERVICE', '9443'),
    );
    await t.model.start();
    expect(t.model.snapshot.lastError?.code).to.equal('out-of-service');
    expect(t.finesse.seen.map((s) => s.origin)).to.deep.equal([PRIMARY]);
    await t.clock.advance(1_000);
    expect(t.model.snapshot.node).to.equal('secondary');
    expect(t.session.calls.filter((c) => c.method === 'useNode').map((c) => c.args)).to.deep.equal([
      ['secondary', other],
    ]);
    expect(t.model.snapshot.user?.state).to.equal('NOT_READY');
    expect(t.model.snapshot.lastError).to.equal(null);
    expect(made).to.have.length(1);
    expect(made[0]).to.deep.include({
      notificationUrl: 'wss://fin2.test:9443/ws',
      node: 'secondary',
    });
    const after = t.finesse.seen.slice(1).map((s) => s.origin);
    expect(after.slice(0, 2)).to.deep.equal([PRIMARY, other]); // SystemInfo on each node
    expect(after.slice(2).every((origin) => origin === other)).to.equal(true);
  });

  it('stops polling SystemInfo on sign-out', async () => {
    t = setup({ notifications: null, secondary: false, prepare: singleNode });
    await t.model.start();
    t.finesse.respond('GET /finesse/api/User/1001', () => xml('', 503));
    t.finesse.respond('GET /finesse/api/SystemInfo', () => xml('', 503));
    await rejection(t.model.reload());
    t.session.setState('signed-out');
    const seen = t.finesse.seen.length;
    await t.clock.advance(60_000);
    expect(t.finesse.seen.length).to.equal(seen);
    expect(t.clock.pending).to.equal(0);
  });
});
