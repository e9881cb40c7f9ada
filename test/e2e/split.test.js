/**
 * The first script holds the session element in popup mode with English; every other part is a
 * file beside it, loaded on demand under the strict CSP (`script-src 'self'`, no eval, no inline
 * script). Checks the built files, then pages that need a part: Japanese, OIDC, and a part
 * that cannot be loaded (`part-unavailable`, shown to the agent).
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openDesktop, startSim, until } from './support.js';

const PAGE = '/3rdpartygadget/files/finesse-sso/parts.html';
const PARTS = [
  'agent',
  'diagnostics',
  'gadget',
  'genesys',
  'idle',
  'ja',
  'ko',
  'oidc',
  'refresh',
  'relay',
  'signin',
];
/** A guard against growth (bytes, gzip level 6): 27.8 kB now; the goal, 16 kB, is not reached. */
const FIRST_SCRIPT_CEILING = 27_700;
let browser;
let sim;

before(async () => {
  if (!existsSync('dist/finesse-sso-part-ja.js')) {
    execSync('node scripts/build-iife.js', { stdio: 'inherit' });
  }
  browser = await launchBrowser();
  sim = await startSim({ expiresIn: 30 });
});
after(async () => {
  await browser?.close();
  await sim?.close();
});

describe('the built first script and its parts', () => {
  const first = readFileSync('dist/finesse-sso.iife.js', 'utf8');

  it('leaves Japanese, Korean, OIDC, Genesys, relay, gadget and the agent elements out', () => {
    for (const text of ['サインイン', '로그인', 'openid-configuration', 'code_challenge']) {
      assert.ok(!first.includes(text), `the first script contains ${text}`);
    }
    for (const tag of ['finesse-agent-state', 'finesse-dialog-controls']) {
      assert.ok(!first.includes(`define("${tag}"`) && !first.includes(`define(\`${tag}\``), tag);
    }
    const map = JSON.parse(readFileSync('dist/finesse-sso-parts.json', 'utf8'));
    const inFirst = map.first.join('\n');
    for (const folder of [
      'core/oidc/',
      'core/genesys/',
      'core/oauth/',
      'core/idle/',
      'elements/agent-state/',
      'elements/dialog-controls/',
      'core/finesse/agent-model',
    ]) {
      assert.ok(!inFirst.includes(`src/${folder}`), folder);
    }
    assert.ok(!inFirst.includes('src/core/relay/relay-'), 'relay');
    assert.ok(!inFirst.includes('src/core/gadget/gadget-session'), 'gadget');
    assert.ok(!/src\/i18n\/(ja|ko)\.ts/.test(inFirst), 'ja/ko in the first script');
    // The refresh part and the sign-in part: what renews or spends the pair, what watches the
    // sign-in window.
    for (const module of [
      'core/session/refresh-protocol.ts',
      'core/session/token-access.ts',
      'core/keeper/keeper-client.ts',
      'core/ids/refresh-response.ts',
      'core/ids/popup.ts',
      'core/ids/token-answer.ts',
      'core/finesse/agent-logout.ts',
      'core/relay/relay-frame-view.ts',
    ]) {
      assert.ok(!inFirst.includes(`src/${module}`), module);
    }
  });

  it("leaves each mode's and provider's English to its part", () => {
    const partText = (name) => readFileSync(`dist/finesse-sso-part-${name}.js`, 'utf8');
    for (const [names, text] of [
      [['relay'], 'upload the matching relay files'],
      [['gadget'], 'is not using single sign-on'],
      [['oidc', 'genesys'], 'Stay signed in'],
      [['oidc', 'genesys'], 'The identity provider no longer accepts your sign-in'],
      [['diagnostics'], 'disappears by itself once the connection works'],
    ]) {
      assert.ok(!first.includes(text), `the first script contains "${text}"`);
      for (const name of names) assert.ok(partText(name).includes(text), `${name}: "${text}"`);
    }
  });

  it('size-cost.js says what leaving a source out saves, less than the whole', () => {
    const out = execSync('node scripts/size-cost.js src/i18n/en-session.ts', { encoding: 'utf8' });
    const whole = Number(/whole: [\d.]+ kB minified, ([\d.]+) kB gzipped/.exec(out)?.[1]);
    const saves = Number(
      /\| src\/i18n\/en-session\.ts \| 1 \| [\d.]+ kB \| ([\d.]+) kB \|/.exec(out)?.[1],
    );
    assert.ok(whole > 10 && whole < 40, out);
    // The English is a few kB, and it is part of the whole.
    assert.ok(saves > 0.5 && saves < whole / 4, out);
  });

  it(`stays under ${FIRST_SCRIPT_CEILING / 1000} kB gzipped, and every part is beside it`, () => {
    const size = gzipSync(first).length;
    assert.ok(size <= FIRST_SCRIPT_CEILING, `${size} bytes gzipped`);
    for (const part of PARTS) assert.ok(existsSync(`dist/finesse-sso-part-${part}.js`), part);
  });
});

describe('parts loaded on demand under the strict CSP', () => {
  /** Opens a case of parts.html and notes which part files the page asked for. */
  async function open(which) {
    const context = await browser.newContext();
    const requested = [];
    context.on('request', (request) => {
      const match = /finesse-sso-part-([a-z]+)\.js/.exec(request.url());
      if (match) requested.push(match[1]);
    });
    const page = await openDesktop(context, sim, `${PAGE}?case=${which}`);
    return { context, page, requested };
  }

  const noViolation = async (page) => {
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
    assert.ok(!page.consoleText.some((line) => /eval|Content Security Policy/i.test(line)));
  };

  it('lang="ja" loads the Japanese part and speaks Japanese', async () => {
    const { context, page, requested } = await open('ja');
    const element = page.locator('finesse-sso-session');
    await element.getByRole('button', { name: 'サインイン' }).waitFor();
    // Popup mode: the refresh part when the session starts, the sign-in part while it offers one.
    await until(() => requested.length >= 3);
    assert.deepEqual([...requested].sort(), ['ja', 'refresh', 'signin']);
    await noViolation(page);
    await context.close();
  });

  it('an agent element inside the session loads the agent part, which renders in English', async () => {
    const { context, page, requested } = await open('agent');
    await page.locator('finesse-agent-state').getByText('Not signed in to Finesse.').waitFor();
    await until(() => requested.length >= 3);
    assert.deepEqual([...requested].sort(), ['agent', 'refresh', 'signin']);
    assert.ok(
      !page.consoleText.some((line) => line.startsWith('pageerror')),
      page.consoleText.join('\n'),
    );
    await noViolation(page);
    await context.close();
  });

  it('every part evaluates beside the first script (none misses a shared module)', async () => {
    const { context, page } = await open('all');
    await page.waitForFunction(
      (count) => Object.keys(window.FinesseSSO.__parts ?? {}).length === count,
      PARTS.length,
    );
    assert.deepEqual(
      (await page.evaluate(() => Object.keys(window.FinesseSSO.__parts))).sort(),
      [...PARTS].sort(),
    );
    assert.ok(
      !page.consoleText.some((line) => line.startsWith('pageerror')),
      page.consoleText.join('\n'),
    );
    await noViolation(page);
    await context.close();
  });

  it('provider="oidc" loads the OIDC part (no idle watch: no timeout set) and offers the sign-in', async () => {
    const { context, page, requested } = await open('oidc');
    const element = page.locator('finesse-sso-session');
    await element.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(
      await element.evaluate((el) => el.session !== undefined && el.state),
      'signed-out',
    );
    // The refresh protocol loads when the session starts; no sign-in part (OAuth has its own).
    await until(() => requested.length >= 2);
    assert.deepEqual([...requested].sort(), ['oidc', 'refresh']);
    await noViolation(page);
    await context.close();
  });

  it('a part that cannot be loaded is part-unavailable, and the agent is told what to do', async () => {
    const { context, page } = await open('genesys-missing');
    await page.waitForFunction(() => window.__errors.includes('part-unavailable'));
    const element = page.locator('finesse-sso-session');
    await element.getByText('could not be loaded from the server').waitFor();
    await context.close();
  });
});
