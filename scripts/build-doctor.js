// @ts-check
/**
 * Writes `dist/doctor/`: `doctor.html` and `doctor.css` (from src/doctor) and `doctor.js`
 * (the `<finesse-sso-doctor>` element and its page, one classic self-contained script; no
 * inline script, so the page works under a strict CSP). Not part of `dist/finesse-sso.iife.js`:
 * a desktop never loads it. Run after `vite build` (which empties dist/).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildStandalone, ROOT } from './build-standalone.js';

const out = path.join(ROOT, 'dist/doctor');
await mkdir(out, { recursive: true });
await buildStandalone({
  entry: 'src/doctor/doctor-page.ts',
  outDir: out,
  fileName: 'doctor.js',
  format: 'iife',
  name: 'FinesseSSODoctor',
});
await copyFile(path.join(ROOT, 'src/doctor/doctor.html'), path.join(out, 'doctor.html'));
await copyFile(path.join(ROOT, 'src/doctor/doctor.css'), path.join(out, 'doctor.css'));
console.log('dist/doctor/ written');
