/**
 * Issue 11 end to end: what an agent sees. Every width from 320 to 1280 px without sideways
 * scrolling (the demo, the stand-in Finesse desktop and its ~300 px gadget column), languages
 * that follow the browser and the switch, a ringing call's motion and focus, only the tab
 * that opened the sign-in window told to finish there, and one error per tab, cleared in
 * every tab once a retry succeeds.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  launchBrowser,
  openDesktop,
  partOf,
  signInByClick,
  simPost,
  simState,
  startSim,
  until,
  waitForAll,
  waitForBadge,
} from './support.js';

const AGENT = 'finesse-agent-state';
const CALLS = 'finesse-dialog-controls';
const WIDTHS = [320, 360, 414, 768, 1024, 1280];

let browser;
let sim;
let context;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  await sim?.close();
  sim = undefined;
});

/** Horizontal overflow of a document: how far it is wider than its viewport (0 when it fits). */
const overflowOf = (target) =>
  target.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );

/** The text of one part in an element's shadow root (first match), whitespace collapsed. */
const partText = async (page, element, part) =>
  ((await partOf(page, element, part).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

async function signedInDesktop(options = {}) {
  sim = await startSim({ expiresIn: 300 });
  context = await browser.newContext(options);
  const page = await openDesktop(context, sim);
  await signInByClick(page);
  await waitForBadge([page], 'NOT_READY');
  await until(async () => (await simState(sim)).counters.xmppAuthenticated >= 1, {
    message: 'an XMPP connection',
  });
  // A call rung before this tab's model follows live updates would only show at the next poll.
  await page.waitForFunction(
    () => document.querySelector('finesse-agent-state')?.snapshot?.notifications === 'live',
    undefined,
    { timeout: 15_000 },
  );
  return page;
}

describe('the UI an agent sees', () => {
  it('the demo fits every width from 320 to 1280 px, with a ringing call on screen', async () => {
    const page = await signedInDesktop({ locale: 'ja-JP' });
    await simPost(sim, '/sim/call', {
      from: '5551234',
      variables: { callVariable1: 'とても長いお客様番号-0123456789-0123456789-0123456789' },
    });
    await partOf(page, CALLS, 'answer-button').waitFor();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await until(async () => (await overflowOf(page)) <= 0, {
        timeout: 10_000,
        message: `no sideways scrolling at ${width} px (overflow ${await overflowOf(page)} px)`,
      });
    }
  });

  it('the stand-in Finesse desktop and its ~300 px gadget column fit every width', async () => {
    sim = await startSim({ expiresIn: 300 });
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${sim.url}/demo/gadget/desktop/?user=agent1&locale=ko_KR`);
    const frame = await (await page.waitForSelector('#gadget')).contentFrame();
    await frame.locator(`${AGENT} [part~="badge"]`).waitFor({ timeout: 15_000 });
    // The header carries the agent's state, as Finesse's does.
    await page.locator('#agent-state[data-state="NOT_READY"]').waitFor();
    await simPost(sim, '/sim/call', { from: '5551234', variables: { callVariable1: 'gold' } });
    await frame.locator(`${CALLS} [part~="answer-button"]`).waitFor();
    assert.equal(await partText(frame, CALLS, 'answer-button'), '응답');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await until(async () => (await overflowOf(page)) <= 0 && (await overflowOf(frame)) <= 0, {
        timeout: 10_000,
        message: `no sideways scrolling at ${width} px`,
      });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    const column = await page.locator('#gadget').evaluate((f) => f.getBoundingClientRect().width);
    assert.ok(column <= 300 && column >= 280, `the gadget column is ${column} px`);
  });

  it('follows the browser language, then the switch, re-rendering at once', async () => {
    sim = await startSim({ expiresIn: 300 });
    context = await browser.newContext({ locale: 'ja-JP' });
    const page = await openDesktop(context, sim);
    assert.equal(await page.evaluate(() => document.documentElement.lang), '');
    await until(
      async () => (await partText(page, 'finesse-sso-session', 'sign-in-button')) === 'サインイン',
    );
    await page.selectOption('#lang-switch', 'ko');
    await until(
      async () => (await partText(page, 'finesse-sso-session', 'sign-in-button')) === '로그인',
      {
        message: 'Korean after the switch',
      },
    );
    await page.selectOption('#lang-switch', '');
    await until(
      async () => (await partText(page, 'finesse-sso-session', 'sign-in-button')) === 'サインイン',
      {
        message: 'the browser language again',
      },
    );
  });

  it('a ringing call pulses unless reduced motion is asked for, and Answer has the focus', async () => {
    for (const reducedMotion of ['no-preference', 'reduce']) {
      const page = await signedInDesktop({ reducedMotion });
      await simPost(sim, '/sim/call', { from: '5551234' });
      const card = partOf(page, CALLS, 'ringing');
      await card.waitFor();
      const animation = await card.evaluate((el) => getComputedStyle(el).animationName);
      assert.equal(animation, reducedMotion === 'reduce' ? 'none' : 'finesse-ring', reducedMotion);
      await until(
        () =>
          page.evaluate(
            () =>
              document
                .querySelector('finesse-dialog-controls')
                .shadowRoot.activeElement?.getAttribute('part') === 'button answer-button',
          ),
        { message: 'focus on Answer' },
      );
      await page.keyboard.press('Enter'); // the keyboard answers
      await waitForBadge([page], 'TALKING');
      assert.ok(await partOf(page, CALLS, 'make-call-button').isDisabled(), 'Call during a call');
      await context.close();
      await sim.close();
      context = undefined;
      sim = undefined;
    }
  });

  it('only the tab that opened the sign-in window is told to finish there', async () => {
    sim = await startSim({ expiresIn: 300 });
    context = await browser.newContext();
    const [opener, other] = [await openDesktop(context, sim), await openDesktop(context, sim)];
    await opener.locator('finesse-sso-session [part~="username-input"]').fill('agent1');
    const popupPromise = opener.waitForEvent('popup');
    await opener.locator('finesse-sso-session [part~="sign-in-button"]').click();
    const popup = await popupPromise;
    await waitForAll([opener, other], 'signing-in');
    assert.match(
      await partText(opener, 'finesse-sso-session', 'banner-heading'),
      /window that opened/,
    );
    assert.match(await partText(other, 'finesse-sso-session', 'banner-heading'), /another tab/);
    await popup.locator('#password').fill('correct horse');
    await popup.locator('#sign-in').click();
    await waitForAll([opener, other], 'active');
  });

  it('one server error shows once per tab, and a later success clears it in every tab', async () => {
    const first = await signedInDesktop();
    const second = await openDesktop(context, sim);
    await waitForAll([second], 'active');
    await waitForBadge([second], 'NOT_READY');
    await simPost(sim, '/sim/fail-next', { errorMessage: 'Device out of service' });
    await partOf(first, AGENT, 'ready-button').click();
    const errorsIn = (page) =>
      page.evaluate(() =>
        ['finesse-agent-state', 'finesse-dialog-controls']
          .map(
            (tag) =>
              document.querySelector(tag).shadowRoot.querySelectorAll('[part~="error"]').length,
          )
          .reduce((a, b) => a + b, 0),
      );
    for (const page of [first, second]) {
      await until(async () => (await errorsIn(page)) === 1, { message: 'the error in each tab' });
    }
    await partOf(first, AGENT, 'ready-button').click(); // the retry succeeds
    await waitForBadge([first, second], 'READY');
    for (const page of [first, second]) {
      await until(async () => (await errorsIn(page)) === 0, {
        message: 'the error cleared everywhere',
      });
    }
  });
});
