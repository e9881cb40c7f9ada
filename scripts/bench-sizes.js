/**
 * The sizes table of `npm run bench` (issue 10): the first script of a popup-mode desktop
 * (the session element and the English it shows before the engine is there), what a popup
 * desktop loads before it is active (with the engine part), the same with the agent elements'
 * part, and each part on its own row, minified and gzipped (level 9, kB = 1024 bytes; a sum
 * gzips each file alone, as a browser fetches them). Reads dist/ as built by
 * `node scripts/build-iife.js`; `node scripts/bench-sizes.js` prints it alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;

/** What each part is for, in the order of the table. */
const PARTS = {
  engine:
    'the session engine (popup and relay mode) and its English: every session builds on it (loaded as the element connects)',
  signin: 'the sign-in window watch and the token answer (loaded at a sign-in)',
  refresh:
    'the refresh protocol, the keeper client, token hand-out, authorised fetch, LOGOUT at sign-out (loaded when a session starts)',
  agent: '`<finesse-agent-state>`, `<finesse-dialog-controls>`, the agent model and REST client',
  ja: 'Japanese texts',
  ko: 'Korean texts',
  oidc: 'OpenID Connect provider (with the shared OAuth popup code)',
  genesys: 'Genesys Cloud provider (with the shared OAuth popup code)',
  idle: 'the idle watch (Genesys by default, `idle-timeout`)',
  relay: 'relay mode (the desktop side)',
  gadget: 'gadget mode (the Finesse container)',
  diagnostics: 'the connection doctor (loaded the first time something fails)',
};

/** Prints the table; returns the figures (bytes) for callers and tests. */
export function printSizes(dir = 'dist') {
  const file = (name) => readFileSync(`${dir}/${name}`);
  const first = file('finesse-sso.iife.js');
  const engine = file('finesse-sso-part-engine.js');
  const agent = file('finesse-sso-part-agent.js');
  const rows = [
    [
      'first script: the session element, and the English it shows before the engine part is there',
      first,
      'finesse-sso.iife.js',
      '≤ 16 kB',
    ],
  ];
  console.log('\n| file | what | minified | gzipped | goal |');
  console.log('| --- | --- | ---: | ---: | --- |');
  const print = (what, name, min, zipped, goal = '') =>
    console.log(`| ${name} | ${what} | ${kb(min)} | ${kb(zipped)} | ${goal} |`);
  for (const [what, buffer, name, goal] of rows) print(what, name, buffer.length, gz(buffer), goal);
  print(
    'a popup desktop before it is active: first script + engine (two files, gzipped each)',
    'finesse-sso.iife.js + finesse-sso-part-engine.js',
    first.length + engine.length,
    gz(first) + gz(engine),
  );
  print(
    'with the agent elements: first script + engine + agent elements (three files)',
    'finesse-sso.iife.js + finesse-sso-part-engine.js + finesse-sso-part-agent.js',
    first.length + engine.length + agent.length,
    gz(first) + gz(engine) + gz(agent),
    '≤ 32 kB',
  );
  const figures = {
    first: gz(first),
    popup: gz(first) + gz(engine),
    withAgent: gz(first) + gz(engine) + gz(agent),
    parts: {},
  };
  for (const [name, what] of Object.entries(PARTS)) {
    const path = `finesse-sso-part-${name}.js`;
    if (!existsSync(`${dir}/${path}`)) {
      print(`${what}: MISSING`, path, 0, 0);
      continue;
    }
    const buffer = file(path);
    figures.parts[name] = gz(buffer);
    print(`part: ${what}`, path, buffer.length, gz(buffer));
  }
  for (const [name, what] of [
    ['finesse-sso-xmpp-worker.js', 'the XMPP Worker (agent notifications)'],
    ['finesse-sso-keeper.js', 'the refresh keeper service worker (popup mode)'],
  ]) {
    if (existsSync(`${dir}/${name}`)) {
      const buffer = file(name);
      print(`on demand: ${what}`, name, buffer.length, gz(buffer));
    }
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) printSizes();
