/**
 * The effective configuration of a run: defaults < configuration file <
 * command line. Produces the engine's LintOptions pieces (rules, per-file
 * severities from `overrides`, the ignore predicate) and what --print-config shows.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';
import type { Rule, SeveritySetting } from '../engine/types.js';
import type { RuleSetting } from '../engine/lint.js';
import { CONFIG_NAMES, ConfigError, findConfig, loadConfig, type LoadedConfig } from './load.js';

export const IGNORE_FILE = '.podlintignore';

// `ignore` and `picomatch` load only when patterns exist (startup time).
const lazyRequire = createRequire(import.meta.url);
const ignore = (): Ignore => (lazyRequire('ignore') as () => Ignore)();
const picomatch = (pattern: string, opts: Record<string, unknown>): ((s: string) => boolean) => (lazyRequire('picomatch') as any)(pattern, opts);

export interface CliConfigInput {
  cwd: string;
  /** --config <file> */
  configPath?: string;
  /** --no-config */
  noConfig?: boolean;
  /** --rule id:severity (already validated ids) */
  rules?: Record<string, SeveritySetting>;
  /** --ignore-pattern (relative to cwd) */
  ignorePatterns?: string[];
  /** --no-ignore */
  noIgnore?: boolean;
  namespace?: string;
  kubernetesVersion?: string;
}

export interface ResolvedConfig {
  config?: LoadedConfig;
  /** Other configuration files found in the same folder (ignored). */
  alsoFound: string[];
  ignoreFile?: string;
  /** Run-wide rule settings (file config, then --rule). */
  rules: Record<string, RuleSetting>;
  /** What the engine runs: `rules` plus rules that only overrides switch on. */
  engineRules: Record<string, RuleSetting>;
  severityFor?: (ruleId: string, path: string) => SeveritySetting | undefined;
  /** Returns true when a path (absolute) is ignored (podlint's own configuration files always are). */
  ignored: (absPath: string, isDir: boolean) => boolean;
  namespace?: string;
  kubernetesVersion?: string;
  /** Every rule of the run: built-in, customRules, and plugin rules once main() adds them. */
  allRules: Rule[];
  /** Rule settings for one file, every rule listed (for --print-config <file>). */
  rulesFor(path: string | undefined): Record<string, RuleSetting>;
}

/** Throws ConfigError for a missing or invalid configuration file. */
export function resolveConfig(input: CliConfigInput, allRules: readonly Rule[]): ResolvedConfig {
  let config: LoadedConfig | undefined;
  let alsoFound: string[] = [];
  if (input.configPath) {
    config = loadConfig(resolve(input.cwd, input.configPath), allRules);
  } else if (!input.noConfig) {
    const found = findConfig(input.cwd);
    alsoFound = found.alsoFound;
    if (found.path) config = loadConfig(found.path, allRules);
  }
  // customRules (custom/<id>) and, once loaded, plugin rules are rules like the built-in ones from here on.
  const ruleList: Rule[] = [...allRules, ...(config?.customRules ?? [])];
  const cli = input.rules ?? {};
  const rules: Record<string, RuleSetting> = { ...(config?.rules ?? {}) };
  for (const [id, sev] of Object.entries(cli)) {
    const prev = rules[id];
    rules[id] = Array.isArray(prev) && sev !== 'off' ? [sev, prev[1]] : sev;
  }
  const overrides = (config?.overrides ?? []).map((o) => {
    // A pattern without a slash matches the file name in any folder (as in .gitignore).
    const ms = o.files.map((f) => picomatch(f.replace(/^\.\//, ''), { dot: true, basename: !f.includes('/') }));
    return { match: (rel: string) => ms.some((m) => m(rel)), rules: o.rules };
  });
  const cfgDir = config?.dir ?? input.cwd;
  const relToCfg = (p: string) => toPosix(relative(cfgDir, resolve(input.cwd, p)));

  // Which overrides apply to a file, cached by path.
  const cache = new Map<string, Record<string, SeveritySetting>>();
  const overrideRules = (path: string): Record<string, SeveritySetting> => {
    let r = cache.get(path);
    if (r) return r;
    r = {};
    if (path !== '<stdin>') {
      const rel = relToCfg(path);
      if (!rel.startsWith('../') && rel !== '..') for (const o of overrides) if (o.match(rel)) Object.assign(r, o.rules);
    }
    cache.set(path, r);
    return r;
  };

  const engineRules: Record<string, RuleSetting> = { ...rules };
  let severityFor: ResolvedConfig['severityFor'];
  if (overrides.length) {
    for (const o of config!.overrides) {
      for (const [id, sev] of Object.entries(o.rules)) {
        if (sev === 'off' || id in cli) continue;
        const base = engineRules[id];
        const baseSev = Array.isArray(base) ? base[0] : base;
        const defaultSev = ruleList.find((r) => r.meta.id === id)?.meta.severity;
        if ((baseSev ?? defaultSev) === 'off') engineRules[id] = Array.isArray(base) ? [sev, base[1]] : sev;
      }
    }
    severityFor = (id, path) => {
      if (id in cli) return undefined; // the command line wins over overrides
      const o = overrideRules(path)[id];
      if (o) return o;
      // A rule that only an override switched on stays off elsewhere.
      const base = rules[id];
      const baseSev = (Array.isArray(base) ? base[0] : base) ?? ruleList.find((r) => r.meta.id === id)?.meta.severity;
      const eng = engineRules[id];
      const engSev = Array.isArray(eng) ? eng[0] : eng;
      if (baseSev === 'off' && engSev !== 'off') return 'off';
      return undefined;
    };
  }

  // Ignore files and patterns.
  const matchers: { base: string; ig: Ignore }[] = [];
  let ignoreFile: string | undefined;
  if (!input.noIgnore) {
    if (config?.ignore.length) matchers.push({ base: config.dir, ig: ignore().add(config.ignore) });
    ignoreFile = findUp(input.cwd, IGNORE_FILE);
    if (ignoreFile) {
      let text = '';
      try {
        text = readFileSync(ignoreFile, 'utf8');
      } catch (e) {
        throw new ConfigError(ignoreFile, '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      matchers.push({ base: dirname(ignoreFile), ig: ignore().add(text) });
    }
    if (input.ignorePatterns?.length) matchers.push({ base: input.cwd, ig: ignore().add(input.ignorePatterns) });
  }
  const ownConfig = new Set<string>(CONFIG_NAMES);
  const ignored = matchers.length
    ? (abs: string, isDir: boolean) => {
        if (!isDir && ownConfig.has(basename(abs))) return true;
        for (const m of matchers) {
          const rel = relative(m.base, abs);
          if (!rel || rel.startsWith('..') || isAbsolute(rel)) continue;
          const p = toPosix(rel) + (isDir ? '/' : '');
          if (m.ig.ignores(p)) return true;
        }
        return false;
      }
    : (abs: string, isDir: boolean) => !isDir && ownConfig.has(basename(abs));

  const rulesFor = (path: string | undefined): Record<string, RuleSetting> => {
    const out: Record<string, RuleSetting> = {};
    const o = path ? overrideRules(path) : {};
    for (const r of [...ruleList].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
      const id = r.meta.id;
      let s: RuleSetting = rules[id] ?? r.meta.severity;
      if (o[id] && !(id in cli)) s = Array.isArray(s) ? [o[id]!, s[1]] : o[id]!;
      out[id] = s;
    }
    return out;
  };

  return {
    config,
    alsoFound,
    ignoreFile,
    rules,
    engineRules,
    severityFor,
    ignored,
    namespace: input.namespace ?? config?.namespace,
    kubernetesVersion: input.kubernetesVersion ?? config?.kubernetesVersion,
    rulesFor,
    allRules: ruleList,
  };
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function findUp(cwd: string, name: string): string | undefined {
  let dir = resolve(cwd);
  for (let i = 0; i < 256; i++) {
    const p = join(dir, name);
    if (existsSync(p)) {
      try {
        if (statSync(p).isFile()) return p;
      } catch {
        /* ignore */
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}
