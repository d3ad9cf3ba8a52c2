#!/usr/bin/env node
// Cold start of podlint on one small file against `node -e 0`:
//
//   node scripts/cold-start.mjs [file] [--runs N]      (prints JSON)
//   import { measureColdStart } from './scripts/cold-start.mjs'
//
// Each run is a fresh child process; the figure is the median wall time.
// The default file is examples/sidecar-emptydir.yaml (one Pod: loads one
// prebuilt validator module, never ajv itself). Needs a build (`npm run build`).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return ms;
}

/**
 * @param {{ file?: string, runs?: number }} [opts]
 * @returns {{ file: string, runs: number, baselineMs: number, podlintMs: number, ratio: number }}
 */
export function measureColdStart(opts = {}) {
  const file = opts.file ?? join(root, 'examples', 'sidecar-emptydir.yaml');
  const runs = opts.runs ?? 15;
  const bin = join(root, 'bin', 'podlint.js');
  time(['-e', '0']);
  time([bin, file]); // warm the OS file cache
  const base = [];
  const pl = [];
  for (let i = 0; i < runs; i++) {
    // interleave so background load affects both alike
    base.push(time(['-e', '0']));
    pl.push(time([bin, file]));
  }
  const baselineMs = median(base);
  const podlintMs = median(pl);
  return { file, runs, baselineMs: round(baselineMs), podlintMs: round(podlintMs), ratio: round(podlintMs / baselineMs) };
}

function round(x) {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--runs');
  const runs = i >= 0 ? Number(args[i + 1]) : undefined;
  const file = args.find((a, j) => !a.startsWith('--') && args[j - 1] !== '--runs');
  console.log(JSON.stringify(measureColdStart({ file, runs }), null, 1));
}
