#!/usr/bin/env node
/**
 * The sources import siblings with `.ts` extensions (what Vite, esbuild and TypeScript 7 run
 * directly); published declarations must point at `.js`, which TypeScript maps to `.d.ts`.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? walk(file) : file.endsWith('.d.ts') ? [file] : [];
  });

for (const file of walk(process.argv[2] ?? 'dist/types')) {
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(
    /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g,
    '$1$2.js$3',
  );
  if (fixed !== text) writeFileSync(file, fixed);
}
