#!/usr/bin/env node
/**
 * The parse floor: what the `yaml` package alone costs on the same files, in
 * one process and one thread. Walks the given paths the way podlint does
 * (.yaml/.yml/.json, recursively, skipping node_modules/.git), reads every
 * file and runs `parseAllDocuments` on it with podlint's parse options
 * (YAML 1.1, merge keys). Nothing else: no toJS, no positions, no rules.
 *
 * The benchmark runs this as a child process, measured exactly like the
 * podlint CLI (node start-up + module load + read + parse), so
 * podlint / floor is the overhead podlint adds over parsing.
 *
 * Prints one JSON line: { files, bytes, docs, parseMs, readMs } and, with
 * --count, also { resources, errorDocs } (bytes are UTF-16 units unless --count) (counting costs a toJS per document,
 * so the timed runs do not use it).
 *
 * usage: node bench/floor.mjs [--count] <path>...
 */
import { readFileSync, statSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { walk } from './lib/walk.mjs';

// Same semantics as podlint's loader (src/load/parse.ts).
const OPTIONS = { version: '1.1', merge: true, uniqueKeys: false, prettyErrors: false, logLevel: 'error' };

const args = process.argv.slice(2);
const count = args.includes('--count');
const roots = args.filter((a) => !a.startsWith('--'));


const files = [];
for (const r of roots) {
  if (statSync(r).isDirectory()) walk(r, files);
  else files.push(r);
}

let bytes = 0;
let docs = 0;
let resources = 0;
let errorDocs = 0;
let readMs = 0;
let parseMs = 0;
for (const f of files) {
  const t0 = performance.now();
  const text = readFileSync(f, 'utf8');
  const t1 = performance.now();
  const parsed = parseAllDocuments(text, OPTIONS);
  const t2 = performance.now();
  readMs += t1 - t0;
  parseMs += t2 - t1;
  bytes += count ? Buffer.byteLength(text) : text.length;
  const list = Array.isArray(parsed) ? parsed : [parsed];
  docs += list.length;
  if (count) {
    for (const d of list) {
      if (d.errors.length) {
        errorDocs++;
        continue;
      }
      let v;
      try {
        v = d.toJS({ maxAliasCount: 100 });
      } catch {
        continue;
      }
      const isRes = (o) => o && typeof o === 'object' && !Array.isArray(o) && typeof o.apiVersion === 'string' && typeof o.kind === 'string' && o.apiVersion && o.kind;
      if (!isRes(v)) continue;
      if (/List$/.test(v.kind) && Array.isArray(v.items)) resources += v.items.filter(isRes).length;
      else resources++;
    }
  }
}
const out = { files: files.length, bytes, docs, readMs: Math.round(readMs), parseMs: Math.round(parseMs) };
if (count) Object.assign(out, { resources, errorDocs });
process.stdout.write(JSON.stringify(out) + '\n');
