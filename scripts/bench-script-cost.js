/**
 * The script's own cost (part of `npm run bench`, or alone: `node scripts/bench-script-cost.js`
 * after `node scripts/build-iife.js`): how long a tab spends loading, compiling and running
 * dist/finesse-sso.iife.js (alone, and followed by the engine part, as a popup desktop loads
 * them before it is active), beside oidc-client-ts's browser bundle and an empty script (the
 * floor of the method). Each load is a fresh page of Debian's Chromium that inserts one classic
 * `<script src>` and waits for its `load` event; two figures per load:
 * - insert → load: `performance.now()` around the script element (fetch from localhost, parse,
 *   compile, run);
 * - main-thread script time: the difference in CDP `Performance.getMetrics` `ScriptDuration`
 *   across the load (compile and run on the page's main thread, whatever the clock shows).
 * Each load gets a different script text (a trailing comment with a counter) and `no-store`, so
 * neither the HTTP cache nor V8's code and compilation caches can skip the compile. The loads
 * alternate between the scripts so load on the machine falls on all of them alike.
 *
 * Options (environment): BENCH_REPEATS (runs, 3), BENCH_SCRIPT_LOADS (loads of each script per
 * run, 10).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../test/e2e/support.js';
import { REPEATS, cell, finish, median, ms, spread } from './bench-common.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOADS = Math.max(1, Number(process.env.BENCH_SCRIPT_LOADS ?? 10));
const version = (pkg) =>
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/**
 * The scripts compared, by the path the page asks for; `then` is a second script loaded once the
 * first has (the row's figures cover both, its sizes add each file's).
 */
function scripts() {
  const first = readFileSync(path.join(ROOT, 'dist/finesse-sso.iife.js'));
  return [
    { name: 'finesse-sso first script (dist/finesse-sso.iife.js)', path: '/ours.js', body: first },
    {
      name: 'finesse-sso first script, then the engine part (finesse-sso-part-engine.js)',
      path: '/ours-first.js',
      body: first,
      then: {
        path: '/ours-engine.js',
        body: readFileSync(path.join(ROOT, 'dist/finesse-sso-part-engine.js')),
      },
    },
    {
      name: `oidc-client-ts ${version('oidc-client-ts')} (dist/browser/oidc-client-ts.min.js)`,
      path: '/theirs.js',
      body: readFileSync(
        path.join(ROOT, 'node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js'),
      ),
    },
    { name: 'empty script (the floor)', path: '/empty.js', body: Buffer.from('void 0;\n') },
  ];
}

async function startServer(list) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, {
        'Content-Type': 'text/html;charset=utf-8',
        'Cache-Control': 'no-store',
      });
      return res.end(
        '<!doctype html><html lang="en"><title>script cost</title><body></body></html>',
      );
    }
    const script = list
      .flatMap((s) => (s.then ? [s, s.then] : [s]))
      .find((s) => s.path === url.pathname);
    if (!script) return res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': 'text/javascript;charset=utf-8',
      'Cache-Control': 'no-store',
    });
    // A different text on every load: no cache of any kind can skip the compile.
    res.end(Buffer.concat([script.body, Buffer.from(`\n// load ${url.searchParams.get('n')}\n`)]));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let loadCounter = 0;

/** One load of one script in a fresh page: { wall, script } in ms. */
async function loadOnce(context, origin, script) {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const scriptDuration = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')
        .value * 1000;
    const before = await scriptDuration();
    const n = ++loadCounter;
    const wall = await page.evaluate(
      (sources) => {
        const load = (src) =>
          new Promise((resolve, reject) => {
            const element = document.createElement('script');
            element.src = src;
            element.onload = resolve;
            element.onerror = () => reject(new Error(`${src} did not load`));
            document.head.append(element);
          });
        const start = performance.now();
        return sources
          .reduce((done, src) => done.then(() => load(src)), Promise.resolve())
          .then(() => performance.now() - start);
      },
      [script, script.then].filter(Boolean).map((s) => `${s.path}?n=${n}`),
    );
    const after = await scriptDuration();
    return { wall, script: after - before };
  } finally {
    await page.close();
  }
}

/** Measures and prints; returns the runs' medians per script. */
export async function benchScriptCost() {
  const list = scripts();
  // A row of two scripts: each file gzipped alone, as the browser fetches them.
  const gz = (script) =>
    [script, script.then]
      .filter(Boolean)
      .reduce((sum, s) => sum + gzipSync(s.body, { level: 9 }).length, 0);
  const size = (script) =>
    [script, script.then].filter(Boolean).reduce((sum, s) => sum + s.body.length, 0);
  console.log(
    `\nScript cost in Chromium: ${LOADS} loads of each script per run (fresh page, classic <script>, no cache), ${REPEATS} runs; per run the median of its loads\n`,
  );
  console.log(
    '| run | script | minified | gzipped | insert → load (median of loads) | main-thread script time (median of loads) |',
  );
  console.log('|---:|---|---:|---:|---:|---:|');
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
  const runs = Object.fromEntries(list.map((s) => [s.path, []]));
  const server = await startServer(list);
  const browser = await cell('script cost: launch', () => launchBrowser());
  try {
    if (!browser) return runs;
    for (let run = 1; run <= REPEATS; run++) {
      const measured = await cell(
        `script cost run ${run}`,
        async () => {
          const context = await browser.newContext();
          try {
            const loads = Object.fromEntries(list.map((s) => [s.path, []]));
            for (let i = 0; i < LOADS; i++)
              for (const script of list)
                loads[script.path].push(await loadOnce(context, server.origin, script));
            return loads;
          } finally {
            await context.close();
          }
        },
        (reason) => `| ${run} | FAILED: ${reason} | | | | |`,
      );
      if (!measured) continue;
      for (const script of list) {
        const wall = median(measured[script.path].map((l) => l.wall));
        const cpu = median(measured[script.path].map((l) => l.script));
        runs[script.path].push({ wall, cpu });
        console.log(
          `| ${run} | ${script.name} | ${kb(size(script))} | ${kb(gz(script))} | ${ms(wall)} | ${ms(cpu)} |`,
        );
      }
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  console.log(
    '\n| script | gzipped | insert → load: median (min–max) of runs | main-thread script time: median (min–max) of runs |',
  );
  console.log('|---|---:|---:|---:|');
  for (const script of list) {
    const r = runs[script.path];
    console.log(
      `| ${script.name} | ${kb(gz(script))} | ${spread(r.map((x) => x.wall))} | ${spread(r.map((x) => x.cpu))} |`,
    );
  }
  return runs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchScriptCost();
  finish();
}
