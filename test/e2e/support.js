/**
 * Shared end-to-end equipment: Debian's Chromium through playwright-core with popup blocking
 * left ON (as in an agent's browser), the simulator on ephemeral ports, and helpers that read
 * the session element and the simulator's counters.
 */
import { chromium } from 'playwright-core';
import { startSimulator } from '../../demo/server/simulator.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.js';

export { CHROMIUM, CHROMIUM_ARGS };

/** @param {{ env?: Record<string, string> }} [options] `env` for the browser process (see wall-clock.js). */
export function launchBrowser({ env } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    ...(env ? { env } : {}),
    headless: true,
    args: CHROMIUM_ARGS,
    // Playwright disables popup blocking by default; agents' browsers do not.
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
}

export async function startSim(options = {}) {
  return startSimulator({ quiet: true, port: 0, idsPort: 0, ...options });
}

export async function simState(sim) {
  const response = await fetch(`${sim.url}/sim/state`);
  return response.json();
}

export async function simPost(sim, path, body = {}) {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json().catch(() => ({}));
}

export async function issuedTokens(sim) {
  const response = await fetch(`${sim.url}/sim/tokens`);
  return (await response.json()).tokens;
}

/**
 * Opens the demo desktop in a new tab and records what a leak scan needs (console text) and
 * what timing checks need (each `finesse-token-refreshed` with its wall-clock time).
 */
/**
 * Runs in the page (an init script): stamps each same-origin call that carries a token with
 * the moment it leaves the page (`X-Sent-At`), so the simulator tells a token that expired on
 * the way (a loaded machine's latency) from one handed out after its expiry.
 */
export function stampSentAt() {
  const send = window.fetch;
  // How many stamped calls await their answer: a test that expires tokens waits for 0 first.
  window.__stampedUnderWay = 0;
  window.fetch = function (input, init) {
    const request = new Request(input, init);
    if (!request.headers.has('authorization') || new URL(request.url).origin !== location.origin) {
      return send.call(this, request);
    }
    request.headers.set('x-sent-at', String(Date.now()));
    window.__stampedUnderWay += 1;
    return send.call(this, request).finally(() => {
      window.__stampedUnderWay -= 1;
    });
  };
}

export async function openDesktop(context, sim, path = '/demo/', { stamp = true } = {}) {
  const page = await context.newPage();
  // Not where the browser's wall clock is moved (the soak's clock jumps): the stamp would be
  // compared with the simulator's unmoved clock.
  if (stamp) await page.addInitScript(stampSentAt);
  page.consoleText = [];
  page.on('console', (message) => page.consoleText.push(message.text()));
  page.on('pageerror', (error) => page.consoleText.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    window.__refreshes = [];
    window.__errors = [];
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
    document.addEventListener('finesse-token-refreshed', (event) =>
      window.__refreshes.push({ at: Date.now(), byThisTab: event.detail.byThisTab }),
    );
    document.addEventListener('finesse-session-error', (event) =>
      window.__errors.push(event.detail.code),
    );
  });
  await page.goto(`${sim.url}${path}`);
  await page.waitForFunction(
    () =>
      customElements.get('finesse-sso-session') &&
      document.querySelector('finesse-sso-session')?.state,
  );
  return page;
}

/** The session element's own error message (its shadow root only, not nested elements'). */
export const sessionErrorText = (page) =>
  page.evaluate(
    () =>
      document.querySelector('finesse-sso-session').shadowRoot.querySelector('[part~="error"]')
        ?.textContent ?? '',
  );

export const stateOf = (page) =>
  page.evaluate(() => document.querySelector('finesse-sso-session').state);

export async function waitForState(page, state, timeout = 15_000) {
  try {
    await page.waitForFunction(
      (s) => document.querySelector('finesse-sso-session')?.state === s,
      state,
      { timeout },
    );
  } catch (error) {
    // Say what the tab was doing instead: a bare timeout tells nothing about the fault.
    const seen = await stateOf(page).catch(() => 'unreadable');
    throw new Error(`waited ${timeout} ms for "${state}"; the tab is "${seen}"`, { cause: error });
  }
}

/**
 * How long an interactive sign-in may take (popup, IdP form, token page, commit). It has no
 * token lifetime to derive a deadline from; 30 s covers it on the 2-core machine at a load
 * average over 20.
 */
export const SIGN_IN_MS = 30_000;

/** Resolves when `page` (Playwright's or puppeteer's) has closed. */
export const whenClosed = (page) =>
  page.isClosed() ? Promise.resolve() : new Promise((resolve) => page.once('close', resolve));

/**
 * The name of the first wait that succeeds, within `timeout`; rejects naming them all if none
 * does. For "whichever happens first" (the IdP's form, or the popup finishing by itself): a
 * short fixed wait for one of them guesses how busy the machine is, and guesses wrong.
 */
export function firstOf(waits, timeout) {
  const names = Object.keys(waits);
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`none of ${names.join(', ')} within ${timeout} ms`)),
      timeout,
    );
  });
  const first = Promise.any(names.map((name) => waits[name].then(() => name))).catch((error) => {
    const why = error.errors.map((e) => String(e?.message ?? e).split('\n')[0]).join('; ');
    throw new Error(`none of ${names.join(', ')} happened: ${why}`);
  });
  return Promise.race([first, deadline]).finally(() => clearTimeout(timer));
}

export const waitForAll = (pages, state, timeout) =>
  Promise.all(pages.map((p) => waitForState(p, state, timeout)));

/**
 * Signs in from `page` the way an agent does: a real click opens the popup, the IdP form is
 * filled in the popup (unless the IdP remembers the session), and the popup closes itself.
 */
export async function signInByClick(
  page,
  { username = 'agent1', buttonPart = 'sign-in-button' } = {},
) {
  // The form shows once the session is built (its engine part loaded): wait for its button.
  const button = page.locator(`finesse-sso-session [part~="${buttonPart}"]`);
  await button.waitFor({ timeout: SIGN_IN_MS });
  const field = page.locator('finesse-sso-session [part~="username-input"]');
  if (await field.count()) await field.fill(username);
  const popupPromise = page.waitForEvent('popup', { timeout: SIGN_IN_MS });
  await button.click();
  const popup = await popupPromise;
  await finishSignIn(page, popup);
  return popup;
}

/**
 * Fills the IdP's form in `popup` once it shows, unless the popup finishes by itself first (the
 * IdP remembers the agent); then waits for `page` to be active.
 */
export async function finishSignIn(page, popup) {
  const password = popup.locator('#password');
  const first = await firstOf(
    {
      form: password.waitFor({ timeout: SIGN_IN_MS }),
      done: Promise.any([whenClosed(popup), waitForState(page, 'active', SIGN_IN_MS)]),
    },
    SIGN_IN_MS,
  );
  if (first === 'form') {
    try {
      await password.fill('correct horse');
      await popup.locator('#sign-in').click();
    } catch {
      // The popup closed under the click: the sign-in finished (or failed, said below).
    }
  }
  await waitForState(page, 'active', SIGN_IN_MS);
}

/** Every text a token could leak into: console lines, the DOM including shadow roots, attributes. */
export async function visibleText(page) {
  const dom = await page.evaluate(() => {
    const parts = [];
    const walk = (root) => {
      for (const element of root.querySelectorAll('*')) {
        for (const attribute of element.attributes) parts.push(attribute.value);
        if (element.shadowRoot) {
          parts.push(element.shadowRoot.innerHTML);
          walk(element.shadowRoot);
        }
      }
    };
    parts.push(document.documentElement.outerHTML, document.title);
    walk(document);
    return parts.join('\n');
  });
  return `${dom}\n${page.consoleText.join('\n')}`;
}

export async function expectNoTokenLeak(assert, sim, pages) {
  const tokens = await issuedTokens(sim);
  assert.ok(tokens.length > 0, 'the simulator issued tokens');
  for (const page of pages) {
    if (page.isClosed()) continue;
    const text = await visibleText(page);
    for (const token of tokens)
      assert.ok(!text.includes(token), 'a token appeared in the DOM or console');
  }
}

/**
 * Calls `session.fetch(url)` every `everyMs` in the page and counts the answers in
 * `window.__api` (`ok`, `failed`, and `why`: each failure's HTTP status or error code, the
 * session's state then and how long the call took; never a token). `url` defaults to the
 * signed-in agent's Finesse User resource.
 */
export async function startApiTraffic(page, everyMs = 400, url = null) {
  await page.evaluate(
    ({ ms, fixedUrl }) => {
      const session = document.querySelector('finesse-sso-session');
      window.__api = { ok: 0, failed: 0, why: [] };
      window.__apiTimer = setInterval(async () => {
        const started = Date.now();
        const note = (what) =>
          window.__api.why.push(`${what} in ${session.state} after ${Date.now() - started} ms`);
        try {
          const response = await session.fetch(
            fixedUrl ?? `/finesse/api/User/${session.user?.userId ?? 'agent1'}`,
          );
          if (response.ok) window.__api.ok++;
          else {
            window.__api.failed++;
            note(response.status);
          }
        } catch (error) {
          window.__api.failed++;
          note(error?.code ?? error?.name);
        }
      }, ms);
    },
    { ms: everyMs, fixedUrl: url },
  );
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` (sync or async) until it returns a truthy value; the value is returned.
 * `explain` (optional, async) adds what was seen to the timeout's message.
 */
export async function until(
  check,
  { timeout = 15_000, every = 100, message = 'condition', explain } = {},
) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      const seen = explain ? `: ${await explain().catch((error) => String(error))}` : '';
      throw new Error(`timed out waiting for ${message}${seen}`);
    }
    await sleep(every);
  }
}

/** The simulator's view of one agent (state, reason, dialogs, XMPP connections). */
export async function simAgent(sim, user = 'agent1') {
  const response = await fetch(`${sim.url}/sim/agent?user=${encodeURIComponent(user)}`);
  return response.json();
}

/** A part inside one of the child elements, e.g. agentPart(page, 'finesse-agent-state', 'ready-button'). */
export const partOf = (page, element, part) => page.locator(`${element} [part~="${part}"]`);

/** The agent state badge's state (data-state) in a tab, or null when not rendered yet. */
export const badgeOf = (page) =>
  page.evaluate(
    () =>
      document
        .querySelector('finesse-agent-state')
        ?.shadowRoot?.querySelector('[part~="badge"]')
        ?.getAttribute('data-state') ?? null,
  );

export async function waitForBadge(pages, state, timeout = 10_000) {
  await Promise.all(
    pages.map((page) =>
      page.waitForFunction(
        (s) =>
          document
            .querySelector('finesse-agent-state')
            ?.shadowRoot?.querySelector('[part~="badge"]')
            ?.getAttribute('data-state') === s,
        state,
        { timeout },
      ),
    ),
  );
}

/** Number of call cards a tab shows. */
export const callCount = (page) =>
  page.evaluate(
    () =>
      document
        .querySelector('finesse-dialog-controls')
        ?.shadowRoot?.querySelectorAll('[part~="call"]').length ?? 0,
  );
