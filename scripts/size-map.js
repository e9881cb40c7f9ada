/**
 * Where the bytes of a built file go: reads its source map, gives each generated character
 * to the source it maps to, and prints minified and gzipped bytes per source (gzipped alone,
 * so the sum exceeds the file's gzip; the order is what matters).
 * Usage: node scripts/size-map.js dist/finesse-sso.iife.js [--group]
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one mappings line into [generatedColumn, sourceIndex] pairs (relative fields summed). */
function decodeLine(line, state) {
  const out = [];
  let column = 0;
  for (const segment of line.split(',')) {
    if (!segment) continue;
    const values = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = B64.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += values[0];
    if (values.length > 1) state.source += values[1];
    out.push([column, values.length > 1 ? state.source : -1]);
  }
  return out;
}

/** Minified text per source of a built file, from its map. */
export function textPerSource(file) {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const lines = code.split('\n');
  const parts = new Map();
  const state = { source: 0 };
  map.mappings.split(';').forEach((mapping, index) => {
    const line = lines[index] ?? '';
    const segments = decodeLine(mapping, state);
    segments.forEach(([column, source], i) => {
      const end = i + 1 < segments.length ? segments[i + 1][0] : line.length;
      const name = source < 0 ? '(unmapped)' : map.sources[source];
      parts.set(name, (parts.get(name) ?? '') + line.slice(column, end));
    });
  });
  return parts;
}

function main() {
  const [file, flag] = process.argv.slice(2);
  const parts = textPerSource(file);
  const rows = new Map();
  for (const [name, text] of parts) {
    let key = name.replace(/^(\.\.\/)+/, '');
    if (flag === '--group') {
      key = key.includes('node_modules/')
        ? key.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
        : key.replace(/\/[^/]+$/, '/');
    }
    rows.set(key, (rows.get(key) ?? '') + text);
  }
  const table = [...rows].map(([key, text]) => [key, text.length, gzipSync(text).length]);
  table.sort((a, b) => b[2] - a[2]);
  for (const [key, min, gz] of table) {
    console.log(
      `${(gz / 1000).toFixed(2).padStart(6)} kB gz ${(min / 1000).toFixed(1).padStart(6)} kB  ${key}`,
    );
  }
  const all = readFileSync(file);
  console.log(
    `file: ${(all.length / 1000).toFixed(1)} kB, ${(gzipSync(all).length / 1000).toFixed(2)} kB gz`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
