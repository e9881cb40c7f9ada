import { expect, waitUntil } from '@open-wc/testing';
import { FinessePopupSource } from '../../src/core/ids/finesse-token-source.ts';
import { parseTokenAnswer } from '../../src/core/ids/token-answer.ts';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { ScriptedSource } from './helpers/scripted-source.ts';
import { closeAll, makeEnv, openTab } from './helpers/tabs.ts';
import type { Env } from './helpers/tabs.ts';
import { deferred } from './helpers/deferred.ts';
import { ManualClock } from './helpers/manual-clock.ts';

const ORIGIN = 'https://fin.test:8445';
const JSON_TEXT = '{"token":"at-1","refresh_token":"rt-1","expires_in":300,"user_id":"agent1"}';

/** A stand-in window: records where it was sent and whether it was closed. */
function standInWindow() {
  const sentTo: string[] = [];
  const win = {
    closed: false,
    sentTo,
    location: {
      set href(value: string) {
        sentTo.push(value);
      },
    },
    close() {
      win.closed = true;
    },
  };
  return win;
}

type SignInPart = { watchPopup: () => Promise<string>; parseTokenAnswer: typeof parseTokenAnswer };

function sourceWith(win: ReturnType<typeof standInWindow> | null, load: () => Promise<SignInPart>) {
  const opened: string[] = [];
  const source = new FinessePopupSource({
    finesseUrl: ORIGIN,
    clock: new ManualClock(),
    open: (url) => {
      opened.push(url);
      return win as unknown as WindowProxy;
    },
    signInPart: load,
  });
  return { source, opened };
}

describe('FinessePopupSource: the sign-in part loads after the click', () => {
  it('opens the window in the call, before the part is loaded, then reads the answer through it', async () => {
    const win = standInWindow();
    const part = deferred<SignInPart>();
    const { source, opened } = sourceWith(win, () => part.promise);
    const answer = source.signIn({ username: 'agent1' });
    // Synchronously, inside the click: the window is open and on its way.
    expect(opened).to.deep.equal(['about:blank']);
    expect(win.sentTo).to.have.length(1);
    part.resolve({ watchPopup: () => Promise.resolve(JSON_TEXT), parseTokenAnswer });
    const pair = await answer;
    expect(pair.userId).to.equal('agent1');
    expect(win.closed).to.equal(false); // the part's watch closes it, not the source
  });

  it('a part that cannot be loaded closes the window and says part-unavailable', async () => {
    const win = standInWindow();
    const { source } = sourceWith(win, () =>
      Promise.reject(
        new FinesseError('part-unavailable', 'finesse-sso-part-signin.js could not be loaded.'),
      ),
    );
    const code = await source.signIn({}).then(
      () => 'signed in',
      (error: FinesseError) => error.code,
    );
    expect(code).to.equal('part-unavailable');
    expect(win.closed).to.equal(true);
  });

  it('a blocked window is popup-blocked at once, and no part is loaded for it', async () => {
    let loads = 0;
    const { source } = sourceWith(null, () => {
      loads++;
      return Promise.reject(new Error('not expected'));
    });
    const code = await source.signIn({}).then(
      () => 'signed in',
      (error: FinesseError) => error.code,
    );
    expect(code).to.equal('popup-blocked');
    expect(loads).to.equal(0);
  });

  it('prepareSignIn loads the part once, and again only after a failed load', async () => {
    let loads = 0;
    let fail = true;
    const { source } = sourceWith(standInWindow(), () => {
      loads++;
      return fail
        ? Promise.reject(new FinesseError('part-unavailable', 'not there'))
        : Promise.resolve({ watchPopup: () => Promise.resolve(JSON_TEXT), parseTokenAnswer });
    });
    source.prepareSignIn();
    source.prepareSignIn();
    expect(loads).to.equal(1);
    await waitUntil(() => {
      source.prepareSignIn();
      return loads === 2;
    }, 'a failed load is tried again');
    fail = false;
    await waitUntil(() => {
      source.prepareSignIn();
      return loads === 3;
    });
    source.prepareSignIn();
    await Promise.resolve();
    source.prepareSignIn();
    expect(loads).to.equal(3);
  });
});

describe('SsoSession: the sign-in is prepared only where it is offered', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  it('a signed-out tab prepares its sign-in; a tab that restores the pair does not', async () => {
    const first = await openTab(env);
    expect(first.session.state).to.equal('signed-out');
    expect(env.source.prepareSignInCalls).to.be.greaterThan(0);
    await first.session.signIn();
    const restoring = new ScriptedSource();
    const second = await openTab(env, { source: restoring });
    expect(second.session.state).to.equal('active');
    expect(restoring.prepareSignInCalls).to.equal(0);
  });
});
