/**
 * podlint's command line: arguments -> lint -> format -> exit code.
 * Exit codes: 0 no errors, 1 errors (or warnings over --max-warnings), 2 usage/fatal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli, UsageError, USAGE } from './args.js';
import { lintPaths, activeRules } from '../engine/lint.js';
import { allRules } from '../../rules/index.js';
import { formatters, formatNames } from '../format/index.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  stdinText?: () => string;
}

const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
});

function version(): string {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const up of ['../../..', '../..']) {
      try {
        return JSON.parse(readFileSync(join(here, up, 'package.json'), 'utf8')).version;
      } catch {
        /* try next */
      }
    }
  } catch {
    /* ignore */
  }
  return 'unknown';
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let opts;
  try {
    opts = parseCli(argv);
  } catch (e) {
    io.stderr(`podlint: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (opts.version) {
    io.stdout(version() + '\n');
    return 0;
  }
  const known = new Set(allRules.map((r) => r.meta.id));
  for (const id of Object.keys(opts.rules)) {
    if (!known.has(id)) {
      io.stderr(`podlint: unknown rule "${id}" in --rule (see podlint --list-rules)\n`);
      return 2;
    }
  }
  if (opts.listRules) {
    const rows = [...allRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
    const w = Math.max(...rows.map((r) => r.meta.id.length));
    for (const r of rows) io.stdout(`${r.meta.id.padEnd(w)}  ${r.meta.severity.padEnd(5)}  ${r.meta.fixable ? 'fix ' : '    '}  ${r.meta.description}\n`);
    return 0;
  }
  const load = formatters[opts.format];
  if (!load) {
    io.stderr(`podlint: unknown format "${opts.format}" (available: ${formatNames().join(', ')})\n`);
    return 2;
  }
  if (opts.paths.length === 0) {
    io.stderr(`podlint: no paths given\n\n${USAGE}`);
    return 2;
  }
  if (opts.kubernetesVersion !== undefined && !/^v?1\.\d{1,2}$/.test(opts.kubernetesVersion)) {
    io.stderr(`podlint: --kubernetes-version expects a version like 1.36, got "${opts.kubernetesVersion}"\n`);
    return 2;
  }
  const lintOpts = { namespace: opts.namespace, kubernetesVersion: opts.kubernetesVersion?.replace(/^v/, ''), rules: opts.rules as any, stdinText: io.stdinText };
  const res = lintPaths(opts.paths, lintOpts);
  for (const n of res.notices) io.stderr(`podlint: ${n}\n`);
  for (const e of res.pathErrors) io.stderr(`podlint: ${e.path}: ${e.message}\n`);

  let results = res.results;
  if (opts.quiet) results = results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 2) }));
  const errors = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 2).length, 0);
  const warnings = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 1).length, 0);

  const color = opts.color ?? (io.isTTY && !opts.outputFile && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && io.env.FORCE_COLOR !== '0');
  const formatter = await load();
  const text = formatter(results, { color, cwd: process.cwd(), rules: activeRules(lintOpts).map((a) => a.rule) });
  if (opts.outputFile) {
    try {
      writeFileSync(opts.outputFile, text.endsWith('\n') || text === '' ? text : text + '\n');
    } catch (e) {
      io.stderr(`podlint: cannot write ${opts.outputFile}: ${(e as Error).message}\n`);
      return 2;
    }
  } else if (text) io.stdout(text.endsWith('\n') ? text : text + '\n');

  if (res.pathErrors.length > 0) return 2;
  if (errors > 0) return 1;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`podlint: too many warnings (${warnings}); maximum allowed is ${opts.maxWarnings}.\n`);
    return 1;
  }
  return 0;
}
