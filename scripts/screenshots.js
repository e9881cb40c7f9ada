// Renders every state an agent can see (scripts/ui-states.js) in en, ja and ko at 360 and
// 1280 px, the way an agent sees it: docs/screenshots/<lang>/<state>-<width>.png. The demo
// states show the session element (the demo's developer facts hidden); `gadget` is the whole
// stand-in Finesse desktop, its ~300 px gadget column included.
//
// Needs `npm run build` first (the gadget is served from dist/) and a CJK font (Debian:
// fonts-noto-cjk), or Japanese and Korean show empty boxes.
//
//   node scripts/screenshots.js                      every picture
//   node scripts/screenshots.js --update-baselines   also the visual test's baselines
//                                                    (test/e2e/baselines/, ticking parts masked)
//   node scripts/screenshots.js --only=ringing,held --lang=ja   a few
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPARED, LANGS, WIDTHS, baselineName, launch, render, startSim } from './ui-shots.js';
import { STATES } from './ui-states.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',');
const updateBaselines = process.argv.includes('--update-baselines');
const states = option('only') ?? Object.keys(STATES);
const langs = option('lang') ?? Object.keys(LANGS);
for (const name of states) if (!STATES[name]) throw new Error(`no state named ${name}`);
for (const lang of langs) if (!LANGS[lang]) throw new Error(`no language ${lang}`);

const compared = new Set(COMPARED.map(({ state, lang }) => `${lang}/${state}`));
const write = (file, buffer) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, buffer);
  console.log(path.relative(root, file));
};

const browser = await launch();
const sim = await startSim();
try {
  for (const lang of langs) {
    for (const name of states) {
      const shots = await render(browser, sim, name, lang, WIDTHS);
      for (const width of WIDTHS) {
        write(
          path.join(root, 'docs', 'screenshots', lang, `${name}-${width}.png`),
          shots[width].picture,
        );
        if (updateBaselines && compared.has(`${lang}/${name}`)) {
          write(
            path.join(root, 'test', 'e2e', 'baselines', baselineName(name, lang, width)),
            shots[width].masked,
          );
        }
      }
    }
  }
} finally {
  await browser.close();
  await sim.close();
}
