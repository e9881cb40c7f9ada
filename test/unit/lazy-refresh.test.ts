import { expect, waitUntil } from '@open-wc/testing';
import { lazyRefresh } from '../../src/core/assembly/lazy-refresh.ts';
import type { RefreshPart } from '../../src/core/assembly/lazy-refresh.ts';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { RefreshKeeper } from '../../src/core/keeper/keeper-client.ts';
import { closeAll, makeEnv, openTab } from './helpers/tabs.ts';
import type { Env } from './helpers/tabs.ts';

const S = 1000;
const unavailable = () =>
  Promise.reject(
    new FinesseError('part-unavailable', 'finesse-sso-part-refresh.js could not be loaded.'),
  );

/** A service worker container that refuses the keeper: the part's client refreshes in the page. */
const refusingContainer = (registered: string[] = []) => ({
  register: (url: string | URL) => {
    registered.push(String(url));
    return Promise.reject(new DOMException('refused in the test', 'SecurityError'));
  },
});

/** A stand-in for the part's file: counts loads, fails the first `failures` of them. */
function partFile(failures = 0) {
  const file = {
    loads: 0,
    load: (): Promise<RefreshPart> => {
      file.loads++;
      return file.loads <= failures ? unavailable() : Promise.resolve({ RefreshKeeper });
    },
  };
  return file;
}

describe('the refresh protocol as a part', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  /** A signed-in tab whose refresh protocol comes from `file`, and the pair's expiry. */
  async function signedInThrough(file: ReturnType<typeof partFile>) {
    const keeper = { channel: env.channelName, container: refusingContainer() };
    const refresh = lazyRefresh(keeper, file.load);
    const tab = await openTab(env, { refreshRunner: refresh.run, companions: [refresh.companion] });
    await tab.session.signIn();
    await waitUntil(() => file.loads === 1);
    return { tab, before: tab.session.expiresAt! };
  }

  it('is loaded once, when the session starts, and refreshes through it', async () => {
    const file = partFile();
    const { tab, before } = await signedInThrough(file);
    await env.clock.advance(75 * S);
    await waitUntil(() => tab.session.expiresAt !== before && tab.session.state === 'active');
    expect(env.source.refreshCalls).to.have.length(1);
    expect(file.loads).to.equal(1);
  });

  it('starts after the tab has read the stored pair, so the load never delays the first paint', async () => {
    const first = await openTab(env);
    await first.session.signIn();
    const statesAtStart: string[] = [];
    const companion = {
      start: () => statesAtStart.push(env.tabs.at(-1)!.state),
      dispose() {},
    };
    await openTab(env, { companions: [companion] });
    // Started before the first read, the second tab would still say `signed-out`.
    expect(statesAtStart).to.deep.equal(['active']);
  });

  it('a part that could not be loaded at the start is loaded again for the refresh', async () => {
    const file = partFile(1);
    const { tab, before } = await signedInThrough(file);
    await env.clock.advance(75 * S);
    await waitUntil(() => tab.session.expiresAt !== before && tab.session.state === 'active');
    expect(file.loads).to.equal(2);
    expect(env.source.refreshCalls).to.have.length(1);
  });

  it('while the part cannot be loaded, the session keeps its pair and tries again shortly', async () => {
    const file = partFile(2);
    const { tab, before } = await signedInThrough(file);
    await env.clock.advance(75 * S);
    // The refresh's own load fails too: the pair stays, nothing was sent, no sign-in asked.
    await waitUntil(() => file.loads === 2 && tab.session.state !== 'refreshing', 'second load', {
      timeout: 5000,
    });
    expect(tab.session.expiresAt).to.equal(before);
    expect(tab.session.lastError).to.equal(null);
    expect(env.source.refreshCalls).to.have.length(0);
    // A second later (the busy recheck) the part loads and the refresh goes out.
    await env.clock.advance(1 * S);
    await waitUntil(() => tab.session.expiresAt !== before && tab.session.state === 'active');
    expect(file.loads).to.equal(3);
    expect(env.source.refreshCalls).to.have.length(1);
  });

  it('with keeper options, the part registers the refresh keeper when the session starts', async () => {
    const registered: string[] = [];
    const container = refusingContainer(registered);
    const refresh = lazyRefresh(
      { channel: env.channelName, container, url: '/finesse-sso-keeper.js' },
      partFile().load,
    );
    const tab = await openTab(env, { refreshRunner: refresh.run, companions: [refresh.companion] });
    await waitUntil(() => registered.length === 1, 'keeper registered');
    expect(registered[0]).to.match(/finesse-sso-keeper\.js$/);
    // A refused registration refreshes in the page, through the same part.
    await tab.session.signIn();
    const before = tab.session.expiresAt!;
    await env.clock.advance(75 * S);
    await waitUntil(() => tab.session.expiresAt !== before && tab.session.state === 'active');
    expect(env.source.refreshCalls).to.have.length(1);
  });
});
