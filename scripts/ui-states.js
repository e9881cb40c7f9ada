/**
 * Drives the demo (and the stand-in Finesse desktop) into each named state an agent can see;
 * ui-shots.js photographs them. Deterministic: every step waits for a condition with a
 * deadline, never a fixed sleep. Each `drive(env)` gets a freshly reset simulator and a new
 * browser context (`env`: sim, context, locale) and resolves the page to photograph.
 */
const DEADLINE = 20_000;
const SESSION = 'finesse-sso-session';
const AGENT = 'finesse-agent-state';
const CALLS = 'finesse-dialog-controls';

/** Polls `check` until truthy, or throws after `timeout` ms naming what it waited for. */
export async function until(check, message, timeout = DEADLINE) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function post(sim, path, body = {}) {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
}

const simState = async (sim) => (await fetch(`${sim.url}/sim/state`)).json();
const part = (target, element, name) => target.locator(`${element} [part~="${name}"]`).first();
const waitState = (page, state) =>
  page.waitForFunction((s) => document.querySelector('finesse-sso-session')?.state === s, state, {
    timeout: DEADLINE,
  });
const waitBadge = (target, state) =>
  target.locator(`${AGENT} [part~="badge"][data-state="${state}"]`).waitFor({ timeout: DEADLINE });
const errorCode = (page) =>
  page.evaluate(() => document.querySelector('finesse-sso-session').session?.lastError?.code);

/** The demo desktop, once the session element has a state. */
async function demo(env) {
  const page = await env.context.newPage();
  await page.goto(`${env.sim.url}/demo/`);
  await page.waitForFunction(() => document.querySelector('finesse-sso-session')?.state, null, {
    timeout: DEADLINE,
  });
  return page;
}

/** Fills the username and clicks Sign in (a real click, so the popup may open). */
async function startSignIn(page) {
  await part(page, SESSION, 'username-input').fill('agent1');
  const popup = page.waitForEvent('popup', { timeout: DEADLINE });
  await part(page, SESSION, 'sign-in-button').click();
  return popup;
}

/** Signed in, the agent NOT_READY, notifications live (so a call rung now shows at once). */
async function signedIn(env) {
  const page = await demo(env);
  const popup = await startSignIn(page);
  await popup.locator('#password').fill('correct horse');
  await popup.locator('#sign-in').click();
  await waitState(page, 'active');
  await waitBadge(page, 'NOT_READY');
  await until(
    async () => (await simState(env.sim)).counters.xmppAuthenticated >= 1,
    'a notification connection',
  );
  await page.waitForFunction(
    () => document.querySelector('finesse-agent-state')?.snapshot?.notifications === 'live',
    null,
    { timeout: DEADLINE },
  );
  return page;
}

async function ringing(env) {
  const page = await signedIn(env);
  await post(env.sim, '/sim/call', { from: '0312345678', variables: { callVariable1: '4711' } });
  await part(page, CALLS, 'answer-button').waitFor({ timeout: DEADLINE });
  // Focus moves to Answer when a call rings: wait for it, so the focus ring is always there.
  await page.waitForFunction(
    () =>
      document
        .querySelector('finesse-dialog-controls')
        ?.shadowRoot?.activeElement?.matches('[part~="answer-button"]'),
    null,
    { timeout: DEADLINE },
  );
  return page;
}

async function talking(env) {
  const page = await ringing(env);
  await part(page, CALLS, 'answer-button').click();
  await waitBadge(page, 'TALKING');
  await part(page, CALLS, 'hold-button').waitFor({ timeout: DEADLINE });
  return page;
}

/**
 * A refresh that Finesse's IdS answers with `fault`: the simulator expires the access token,
 * and an API call through the session meets the 401 and refreshes. A 401 within a token's
 * first seconds is not taken for expiry (core/unauthorized.ts), so it repeats until the
 * session leaves `active`.
 */
async function refreshMeets(env, page, fault) {
  if (fault) await post(env.sim, '/sim/fault', fault);
  await until(async () => {
    await post(env.sim, '/sim/expire');
    await page.evaluate(() =>
      document
        .querySelector('finesse-sso-session')
        .fetch('/finesse/api/User/agent1')
        .catch(() => {}),
    );
    return (await page.evaluate(() => document.querySelector('finesse-sso-session').state)) !==
      'active'
      ? true
      : null;
  }, 'a refresh that leaves active');
}

/** A session that cannot refresh: it ends in `state` with the last error `code`. */
const refreshFault = (fault, state, code, simOptions) => ({
  simOptions,
  async drive(env) {
    const page = await signedIn(env);
    await refreshMeets(env, page, fault);
    await waitState(page, state);
    await until(
      async () => (await errorCode(page)) === code,
      `error ${code} (have ${await errorCode(page)})`,
    );
    await part(page, SESSION, 'banner').waitFor({ timeout: DEADLINE });
    return page;
  },
});

/**
 * Every state, by name. `drive(env)` returns the page (or frame's page) to photograph;
 * `target(page)` the locator to photograph (default: the session element in the demo).
 */
export const STATES = {
  'signed-out': {
    async drive(env) {
      const page = await demo(env);
      await part(page, SESSION, 'sign-in-button').waitFor({ timeout: DEADLINE });
      return page;
    },
  },
  'signing-in': {
    async drive(env) {
      const page = await demo(env);
      await startSignIn(page);
      await waitState(page, 'signing-in');
      await part(page, SESSION, 'banner').waitFor({ timeout: DEADLINE });
      return page;
    },
  },
  active: { drive: signedIn },
  offline: refreshFault({ type: 'server-error', status: 500 }, 'offline', 'server-error'),
  // The refresh is answered by an IdP page (a `redirect` to IdS reads the same).
  'needs-sign-in': refreshFault({ type: 'idp-page' }, 'needs-sign-in', 'refresh-needs-interaction'),
  'error-popup-blocked': {
    async drive(env) {
      const page = await demo(env);
      await part(page, SESSION, 'username-input').fill('agent1');
      // A sign-in started without a click (CDP runs script without a user gesture), as a
      // desktop calling signIn() from a timer would: the popup blocker stops it.
      const cdp = await env.context.newCDPSession(page);
      const active = async () =>
        (
          await cdp.send('Runtime.evaluate', {
            expression: 'navigator.userActivation.isActive',
            userGesture: false,
          })
        ).result.value;
      await until(async () => !(await active()), 'the click activation to lapse');
      await cdp.send('Runtime.evaluate', {
        expression: `document.querySelector('finesse-sso-session').signIn({ username: 'agent1' }).catch(() => {})`,
        awaitPromise: true,
        userGesture: false,
      });
      await until(async () => (await errorCode(page)) === 'popup-blocked', 'popup-blocked');
      await part(page, SESSION, 'banner').waitFor({ timeout: DEADLINE });
      return page;
    },
  },
  'error-popup-closed': {
    async drive(env) {
      const page = await demo(env);
      const popup = await startSignIn(page);
      await popup.locator('#password').waitFor({ timeout: DEADLINE });
      // A window closed within moments of a navigation reads as cut off by the browser
      // (popup-opener-lost, core/ids/popup.ts); an agent closes it after looking at the form.
      const shown = Date.now();
      await until(() => Date.now() - shown > 2_500, 'the form to have been on screen a while');
      await popup.close();
      await until(async () => (await errorCode(page)) === 'popup-closed', 'popup-closed');
      await waitState(page, 'signed-out');
      await part(page, SESSION, 'banner').waitFor({ timeout: DEADLINE });
      return page;
    },
  },
  'error-popup-opener-lost': {
    // Finesse's sign-in pages sent Cross-Origin-Opener-Policy: the popup is cut off at once.
    simOptions: { coop: true },
    async drive(env) {
      const page = await demo(env);
      await part(page, SESSION, 'username-input').fill('agent1');
      await part(page, SESSION, 'sign-in-button').click();
      await until(async () => (await errorCode(page)) === 'popup-opener-lost', 'popup-opener-lost');
      await part(page, SESSION, 'banner').waitFor({ timeout: DEADLINE });
      return page;
    },
  },
  'error-refresh-rejected': refreshFault(null, 'needs-sign-in', 'refresh-rejected', {
    // The refresh token dies quickly; the access token lives on, so no refresh is due by itself.
    refreshExpiresIn: 2,
  }),
  'error-rotation-lost': refreshFault({ type: 'reset-after' }, 'needs-sign-in', 'rotation-lost'),
  'error-out-of-service': refreshFault(
    { type: 'server-error', status: 503 },
    'offline',
    'out-of-service',
  ),
  'error-api': {
    async drive(env) {
      const page = await signedIn(env);
      await post(env.sim, '/sim/fail-next', { errorMessage: 'Device out of service' });
      await part(page, AGENT, 'ready-button').click();
      await part(page, AGENT, 'error').waitFor({ timeout: DEADLINE });
      return page;
    },
  },
  'storage-degraded': {
    // IndexedDB missing (some private modes): the pair lives in this tab's memory only.
    init: () => Object.defineProperty(window, 'indexedDB', { value: undefined }),
    async drive(env) {
      const page = await signedIn(env);
      await part(page, SESSION, 'notice').waitFor({ timeout: DEADLINE });
      return page;
    },
  },
  ringing: { drive: ringing },
  talking: { drive: talking },
  held: {
    async drive(env) {
      const page = await talking(env);
      await part(page, CALLS, 'hold-button').click();
      await part(page, CALLS, 'retrieve-button').waitFor({ timeout: DEADLINE });
      await waitBadge(page, 'HOLD');
      return page;
    },
  },
  consult: {
    async drive(env) {
      const page = await talking(env);
      await part(page, CALLS, 'more-button').click();
      await part(page, CALLS, 'target-input').fill('5550100');
      await part(page, CALLS, 'consult-button').click();
      await until(
        () =>
          page.evaluate(
            () =>
              document
                .querySelector('finesse-dialog-controls')
                .shadowRoot.querySelectorAll('[part~="call"]').length === 2,
          ),
        'the consult call beside the held one',
      );
      // The consulted party answers a moment later (Dialing, then Connected with Complete
      // transfer): picture the connected consult, not whichever came first.
      await part(page, CALLS, 'complete-transfer-button').waitFor({ timeout: DEADLINE });
      return page;
    },
  },
  'wrap-up': {
    async drive(env) {
      const page = await talking(env);
      await part(page, CALLS, 'drop-button').click();
      await waitBadge(page, 'WORK');
      return page;
    },
  },
  gadget: {
    // The stand-in Finesse desktop: the whole page (header, tabs, the ~300 px gadget column).
    async drive(env) {
      const page = await env.context.newPage();
      const locale = env.locale.replace('-', '_');
      await page.goto(`${env.sim.url}/demo/gadget/desktop/?user=agent1&locale=${locale}`);
      const frame = await (await page.waitForSelector('#gadget')).contentFrame();
      await part(frame, AGENT, 'badge').waitFor({ timeout: DEADLINE });
      await page.locator('#agent-state[data-state="NOT_READY"]').waitFor({ timeout: DEADLINE });
      return page;
    },
    target: (page) => page.locator('body'),
  },
};
