/**
 * The XMPP ping stays on time in a HIDDEN tab (Finesse logs out an agent whose presence lapses;
 * it expects a ping at least every 20 s). Hidden-tab technique: Playwright keeps every page it
 * attaches to "visible" (focus emulation), so this test launches Chromium itself with
 * --remote-debugging-port and, over raw CDP, creates a target with
 * `Target.createTarget({ background: true })` that is never activated: it reports
 * `document.visibilityState === 'hidden'` and Chromium throttles its timers (after about 100 s
 * the page's own 15 s interval stretches to 21 s, then 60 s). The page runs the built worker
 * (dist/finesse-sso-xmpp-worker.js) against a small XMPP stub that records each ping.
 */
import assert from 'node:assert/strict';
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.js';

const SECONDS = Number(process.env.HIDDEN_PING_SECONDS ?? 135);
const PING_MS = 15_000;
const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

const page = (port) => `<!doctype html><title>hidden ping</title><script>
const pageTicks = [];
setInterval(() => pageTicks.push(Date.now()), ${PING_MS});
const visibility = [document.visibilityState];
document.addEventListener('visibilitychange', () => visibility.push(document.visibilityState));
const phases = [];
const worker = new Worker('/finesse-sso-xmpp-worker.js');
worker.onmessage = (event) => phases.push(event.data.phase ?? event.data.type);
worker.postMessage({ type: 'connect', url: 'ws://127.0.0.1:${port}/ws', domain: 'd.test',
  pubsubDomain: 'pubsub.d.test', loginId: '1001', password: 'not-a-token', resource: 'finesse-sso-hidden',
  pingMs: ${PING_MS} });
window.report = () => JSON.stringify({ visibility, pageTicks, phases });
</script>`;

/** A minimal XMPP peer per docs/xmpp-wire.md that records when each client ping arrives. */
function xmppStub(server, pings) {
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    handleProtocols: (p) => (p.has('xmpp') ? 'xmpp' : false),
  });
  wss.on('connection', (socket) => {
    let authenticated = false;
    socket.on('message', (data) => {
      const frame = String(data);
      if (frame.startsWith('<open')) {
        socket.send(`<open xmlns="${FRAMING}" from="d.test" id="s" version="1.0"/>`);
        socket.send(
          authenticated
            ? '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><session xmlns="urn:ietf:params:xml:ns:xmpp-session"/></stream:features>'
            : '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>',
        );
      } else if (frame.startsWith('<auth')) {
        authenticated = true;
        socket.send('<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>');
      } else if (frame.includes('id="bind_1"')) {
        socket.send(
          '<iq type="result" id="bind_1" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>1001@d.test/finesse-sso-hidden</jid></bind></iq>',
        );
      } else if (frame.includes('id="sess_1"')) {
        socket.send('<iq type="result" id="sess_1" xmlns="jabber:client"/>');
      } else if (frame.includes('urn:xmpp:ping')) {
        pings.push(Date.now());
        const id = /id="([^"]+)"/.exec(frame)[1];
        socket.send(`<iq type="result" id="${id}" from="d.test" xmlns="jabber:client"/>`);
      }
    });
  });
  return wss;
}

/** Raw CDP over the browser's WebSocket endpoint. */
async function connectCdp(endpoint) {
  const socket = new WebSocket(endpoint);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let id = 0;
  const waiting = new Map();
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw));
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve) => {
      const n = ++id;
      waiting.set(n, resolve);
      socket.send(JSON.stringify({ id: n, method, params, sessionId }));
    });
  return { send, close: () => socket.close() };
}

const gaps = (times) => times.slice(1).map((t, i) => t - times[i]);

it(
  `the XMPP worker pings every 15 s in a hidden tab for ${SECONDS} s while the page's own timers are throttled`,
  { timeout: (SECONDS + 60) * 1000 },
  async (t) => {
    if (!existsSync('dist/finesse-sso-xmpp-worker.js')) {
      execSync('npx vite build --mode worker', { stdio: 'inherit' });
    }
    const workerJs = readFileSync('dist/finesse-sso-xmpp-worker.js');
    const pings = [];
    const server = http.createServer((req, res) => {
      if (req.url === '/finesse-sso-xmpp-worker.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(workerJs);
      }
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(page(server.address().port));
    });
    const wss = xmppStub(server, pings);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const profile = mkdtempSync(path.join(tmpdir(), 'finesse-sso-hidden-'));
    const chromium = spawn(
      CHROMIUM,
      [
        '--headless',
        ...CHROMIUM_ARGS,
        '--remote-debugging-port=0',
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      const endpoint = await new Promise((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error('Chromium did not start')), 20_000);
        chromium.stderr.on('data', (chunk) => {
          output += chunk;
          const match = /DevTools listening on (ws:\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const cdp = await connectCdp(endpoint);
      const url = `http://127.0.0.1:${server.address().port}/`;
      const { result: created } = await cdp.send('Target.createTarget', { url, background: true });
      const { result: attached } = await cdp.send('Target.attachToTarget', {
        targetId: created.targetId,
        flatten: true,
      });
      const evaluate = async (expression) =>
        (
          await cdp.send(
            'Runtime.evaluate',
            { expression, returnByValue: true },
            attached.sessionId,
          )
        ).result.result.value;
      await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
      const report = JSON.parse(await evaluate('report()'));
      cdp.close();

      assert.deepEqual(report.visibility, ['hidden'], 'the tab was hidden for the whole run');
      const pingGaps = gaps(pings);
      assert.ok(pings.length >= Math.floor(SECONDS / 15) - 1, `${pings.length} pings`);
      assert.ok(Math.max(...pingGaps) < 20_000, `ping gaps ${pingGaps.join(', ')} ms`);
      const pageGaps = gaps(report.pageTicks);
      t.diagnostic(`worker ping gaps (s): ${pingGaps.map((g) => (g / 1000).toFixed(1)).join(' ')}`);
      t.diagnostic(
        `page setInterval(15 s) gaps (s): ${pageGaps.map((g) => (g / 1000).toFixed(1)).join(' ')}`,
      );
    } finally {
      // Chromium keeps writing to its profile until it has exited: wait for that
      // before removing the folder, and never fail the test on cleanup alone.
      const exited = new Promise((resolve) => {
        if (chromium.exitCode !== null || chromium.signalCode !== null) resolve();
        else chromium.once('exit', resolve);
      });
      chromium.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      wss.close();
      server.close();
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch (error) {
        t.diagnostic(`profile folder left behind: ${error.code}`);
      }
    }
  },
);
