/**
 * podlint's command line: arguments -> configuration -> lint (and fix) -> format -> exit code.
 * Exit codes: 0 no errors, 1 errors (or warnings over --max-warnings), 2 usage/configuration/fatal.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseCli, UsageError, USAGE, type CliOptions } from './args.js';
import { lintPaths, activeRules, type LintOptions, type LintResult, type FileResult } from '../engine/lint.js';
import { allRules } from '../../rules/index.js';
import { formatters, formatNames, MACHINE_FORMATS } from '../format/index.js';
import { ConfigError, checkPluginRules } from '../config/load.js';
import { resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import { packageRoot } from '../config/package-root.js';
import type { Rule, SeveritySetting } from '../engine/types.js';
import { displayPath } from '../load/discover.js';
import { ProgressLine, shouldShowProgress } from './progress.js';
import { unifiedDiff } from './diff.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stdout is a terminal (colours). */
  isTTY: boolean;
  /** stderr is a terminal (progress line); defaults to isTTY. */
  stderrIsTTY?: boolean;
  env: NodeJS.ProcessEnv;
  stdinText?: () => string;
  cwd?: string;
}

const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  stderrIsTTY: !!process.stderr.isTTY,
  env: process.env,
});

function version(): string {
  try {
    return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** bin/podlint.js writes the validators' code caches when the run is over (src/schema/code-cache.ts). */
export { writeCodeCaches } from '../schema/code-cache.js';
export { beginShortRun, endShortRun } from '../tiering.js';

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (e) {
    io.stderr(`podlint: ${(e as Error).message}. See podlint --help.\n`);
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
  const noColorEnv = 'NO_COLOR' in io.env && io.env.NO_COLOR !== '';
  if (opts.explain !== undefined) {
    const { explainRule } = await import('./explain.js');
    const color = opts.color ?? (io.isTTY && !noColorEnv && io.env.FORCE_COLOR !== '0');
    const r = explainRule(opts.explain, allRules, color);
    if (r.error) {
      io.stderr(`podlint: ${r.error}\n`);
      return 2;
    }
    io.stdout(r.text!);
    return 0;
  }
  const load = formatters[opts.format];
  if (!load) {
    io.stderr(`podlint: unknown format "${opts.format}" (available: ${formatNames().join(', ')})\n`);
    return 2;
  }

  let cfg: ResolvedConfig;
  try {
    cfg = resolveConfig(
      {
        cwd,
        configPath: opts.config,
        noConfig: opts.noConfig,
        rules: opts.rules as Record<string, SeveritySetting>,
        ignorePatterns: opts.ignorePatterns,
        noIgnore: opts.noIgnore,
        namespace: opts.namespace,
        kubernetesVersion: opts.kubernetesVersion,
      },
      allRules,
    );
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`podlint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // customRules are in cfg.allRules already; plugins (opt-in, from the configuration file only) load here.
  let extraRules: Rule[] = cfg.config?.customRules ?? [];
  if (cfg.config?.plugins.length) {
    try {
      const { loadPlugins } = await import('../policy/plugins.js');
      const pluginRules = await loadPlugins(cfg.config.plugins);
      cfg.allRules.push(...pluginRules);
      extraRules = [...extraRules, ...pluginRules];
      checkPluginRules(cfg.config, pluginRules);
    } catch (e) {
      io.stderr(`podlint: ${e instanceof ConfigError ? e.message : `${displayPath(cfg.config.path)}: ${(e as Error).message}`}\n`);
      return 2;
    }
  }
  const known = new Set(cfg.allRules.map((r) => r.meta.id));
  for (const id of Object.keys(opts.rules)) {
    if (!known.has(id)) {
      io.stderr(`podlint: unknown rule "${id}" in --rule (see podlint --list-rules)\n`);
      return 2;
    }
  }
  if (opts.listRules) {
    const rows = [...cfg.allRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
    const w = Math.max(...rows.map((r) => r.meta.id.length));
    for (const r of rows) io.stdout(`${r.meta.id.padEnd(w)}  ${r.meta.severity.padEnd(5)}  ${r.meta.fixable ? 'fix ' : '    '}  ${r.meta.description}\n`);
    return 0;
  }
  for (const other of cfg.alsoFound) io.stderr(`podlint: ${displayPath(other)} ignored: ${displayPath(cfg.config!.path)} takes precedence in the same folder\n`);

  if (opts.printConfig) {
    if (opts.paths.length > 1) {
      io.stderr('podlint: --print-config takes at most one file\n');
      return 2;
    }
    const file = opts.paths[0];
    const shown = {
      configFile: cfg.config?.path ?? null,
      ignoreFile: cfg.ignoreFile ?? null,
      ...(file ? { file: resolve(cwd, file), ignored: file !== '-' ? !!cfg.ignored?.(resolve(cwd, file), false) : false } : {}),
      namespace: cfg.namespace ?? 'default',
      kubernetesVersion: cfg.kubernetesVersion ?? null,
      ignore: cfg.config?.ignore ?? [],
      ignorePatterns: opts.ignorePatterns,
      overrides: cfg.config?.overrides ?? [],
      rules: cfg.rulesFor(file && file !== '-' ? file : undefined),
    };
    io.stdout(JSON.stringify(shown, null, 2) + '\n');
    return 0;
  }

  if (opts.paths.length === 0 && opts.stdinFilename === undefined) {
    io.stderr(`podlint: no paths given. See podlint --help.\n`);
    return 2;
  }
  if (cfg.kubernetesVersion !== undefined && !/^v?1\.\d{1,2}$/.test(cfg.kubernetesVersion)) {
    io.stderr(`podlint: --kubernetes-version expects a version like 1.36, got "${cfg.kubernetesVersion}"\n`);
    return 2;
  }

  // --stdin-filename names standard input: overrides, ignores and reports use that path.
  let paths = opts.paths;
  if (opts.stdinFilename !== undefined) {
    if (paths.length === 0) paths = ['-'];
    else if (!paths.includes('-')) {
      io.stderr(`podlint: --stdin-filename names standard input; add - to the paths. See podlint --help.\n`);
      return 2;
    }
    if (cfg.ignored?.(resolve(cwd, opts.stdinFilename), false)) {
      io.stderr(`podlint: ${opts.stdinFilename} (standard input): ignored by an ignore pattern (--no-ignore lints it)\n`);
      paths = paths.filter((p) => p !== '-');
      if (paths.length === 0) return 0;
    }
  }
  // Explicitly named files that ignore patterns exclude are skipped (pre-commit passes every staged file).
  if (cfg.ignored) {
    paths = paths.filter((p) => {
      if (p === '-' || !isFile(resolve(cwd, p)) || !cfg.ignored!(resolve(cwd, p), false)) return true;
      io.stderr(`podlint: ${p}: ignored by an ignore pattern (--no-ignore lints it)\n`);
      return false;
    });
    if (paths.length === 0) return 0;
  }

  const contextPaths = [...opts.context];
  let contextTexts: { path: string; text: string }[] | undefined;
  if (opts.withSiblings && opts.staged) {
    const { stagedSiblings } = await import('./git.js');
    const s = stagedSiblings(paths, cwd, cfg.ignored);
    if ('error' in s) {
      io.stderr(`podlint: ${s.error}\n`);
      return 2;
    }
    contextTexts = s.texts;
  } else if (opts.withSiblings) contextPaths.push(...siblings(paths, cwd, cfg.ignored));

  const stderrTTY = io.stderrIsTTY ?? io.isTTY;
  let progress: ProgressLine | undefined;
  let progressDecided = false;
  const onProgress = (done: number, total: number) => {
    if (!progressDecided) {
      progressDecided = true;
      if (shouldShowProgress({ stderrIsTTY: stderrTTY, format: opts.format, files: total, disabled: !opts.progress, env: io.env })) progress = new ProgressLine(io.stderr);
    }
    if (!progress) return;
    if (done < total) progress.update(done, total);
    else progress.show(`podlint: checking ${total} files...`);
  };

  const lintOpts: LintOptions = {
    namespace: cfg.namespace,
    maxFileBytes: opts.maxFileBytes,
    kubernetesVersion: cfg.kubernetesVersion?.replace(/^v/, ''),
    rules: cfg.engineRules,
    severityFor: cfg.severityFor,
    stdinText: io.stdinText,
    stdinPath: opts.stdinFilename,
    contextTexts,
    discover: cfg.ignored ? { ignored: cfg.ignored } : undefined,
    contextPaths: contextPaths.length ? contextPaths : undefined,
    inlineConfig: opts.inlineConfig,
    onProgress,
    extraRules: extraRules.length ? extraRules : undefined,
    // the command line wins over the configuration file (values files: the command line's replace the file's; --helm-set adds)
    kustomize: opts.kustomize ?? cfg.config?.kustomize,
    helm: opts.helm ?? cfg.config?.helm?.mode,
    helmOptions: {
      values: opts.helmValues.length ? opts.helmValues : (cfg.config?.helm?.values ?? []),
      set: [...(cfg.config?.helm?.set ?? []), ...opts.helmSet],
      release: opts.helmRelease ?? cfg.config?.helm?.release,
      namespace: opts.helmNamespace ?? cfg.config?.helm?.namespace ?? cfg.namespace,
      cwd,
    },
    renderEnv: io.env,
    renderTimeoutMs: opts.renderTimeoutMs,
  };

  let res: LintResult;
  let fixProblems: { path: string; message: string }[] = [];
  let originals = new Map<string, string>();
  const fixing = opts.fix || opts.fixDryRun;
  try {
    if (fixing) {
      const { lintAndFix } = await import('../engine/fix.js');
      const out = lintAndFix(paths, lintOpts, { dryRun: opts.fixDryRun, errorsOnly: opts.quiet });
      res = out.result;
      fixProblems = out.problems;
      originals = out.originals;
    } else if (opts.cache) {
      const { lintCached } = await import('../engine/cache.js');
      const c = lintCached(paths, lintOpts, { location: opts.cacheLocation ?? '.podlintcache', cwd, version: version(), config: cfg.config?.path });
      res = c.result;
      if (c.problem) io.stderr(`podlint: ${c.problem}\n`);
    } else res = lintPaths(paths, lintOpts);
  } finally {
    progress?.clear();
  }
  for (const n of res.notices) io.stderr(`podlint: ${n}\n`);
  for (const e of res.pathErrors) io.stderr(`podlint: ${e.path}: ${e.message}\n`);
  for (const p of fixProblems) io.stderr(`podlint: ${p.path}: ${p.message}\n`);

  let results = res.results;
  if (opts.quiet) results = results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 2) }));
  const errors = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 2).length, 0);
  const warnings = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 1).length, 0);

  // `podlint --fix -` prints the fixed standard input on stdout (like a formatter); the report goes to stderr.
  const stdinFixed = opts.fix && paths.includes('-');
  const report = stdinFixed && !opts.outputFile ? io.stderr : io.stdout;
  if (stdinFixed) {
    const r = res.results.find((x) => x.file.stdin || x.file.path === (opts.stdinFilename ?? '<stdin>'));
    if (r) io.stdout(r.output ?? (r.file.bom ? '\ufeff' : '') + r.file.text);
  }

  const color = opts.color ?? (io.isTTY && !opts.outputFile && !stdinFixed && !noColorEnv && io.env.FORCE_COLOR !== '0');
  const formatter = await load();
  let text = formatter(results, { color, cwd, rules: activeRules(lintOpts).map((a) => a.rule), version: version() });
  if (opts.fixDryRun && opts.format === 'stylish') text = dryRunDiffs(res.results, originals, color) + text;
  if (opts.outputFile) {
    try {
      mkdirSync(dirname(resolve(cwd, opts.outputFile)), { recursive: true });
      writeFileSync(resolve(cwd, opts.outputFile), text.endsWith('\n') || text === '' ? text : text + '\n');
    } catch (e) {
      io.stderr(`podlint: cannot write ${opts.outputFile}: ${(e as Error).message}\n`);
      return 2;
    }
  } else if (text) report(text.endsWith('\n') ? text : text + '\n');

  if (res.pathErrors.length > 0 || fixProblems.length > 0) return 2;
  if (errors > 0) return 1;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`podlint: too many warnings (${warnings}); maximum allowed is ${opts.maxWarnings}.\n`);
    return 1;
  }
  return 0;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The other manifests in the folders of the given files (not descending into subfolders). */
export function siblings(paths: string[], cwd: string, ignored?: (abs: string, isDir: boolean) => boolean): string[] {
  const dirs = new Set<string>();
  for (const p of paths) if (p !== '-' && isFile(resolve(cwd, p))) dirs.add(dirname(p));
  const given = new Set(paths.map((p) => resolve(cwd, p)));
  const out: string[] = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = readdirSync(resolve(cwd, d)).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      if (!MANIFEST_EXT.test(n)) continue;
      const rel = join(d, n);
      const abs = resolve(cwd, rel);
      if (given.has(abs) || !isFile(abs) || ignored?.(abs, false)) continue;
      out.push(rel);
    }
  }
  return out;
}

function dryRunDiffs(results: FileResult[], originals: Map<string, string>, color: boolean): string {
  let out = '';
  for (const r of results) {
    if (r.output === undefined) continue;
    const name = displayPath(r.file.path).split('\\').join('/');
    const abs = name.startsWith('/');
    const d = unifiedDiff(originals.get(r.file.path) ?? '', r.output.replace(/^\ufeff/, ''), abs ? name : `a/${name}`, abs ? name : `b/${name}`);
    out += color ? colorDiff(d) : d;
  }
  return out ? out + '\n' : '';
}

function colorDiff(d: string): string {
  return d
    .split('\n')
    .map((l) =>
      l.startsWith('+') && !l.startsWith('+++')
        ? `\u001b[32m${l}\u001b[39m`
        : l.startsWith('-') && !l.startsWith('---')
          ? `\u001b[31m${l}\u001b[39m`
          : l.startsWith('@@')
            ? `\u001b[36m${l}\u001b[39m`
            : l,
    )
    .join('\n');
}
