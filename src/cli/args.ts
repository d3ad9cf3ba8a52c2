import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export interface CliOptions {
  paths: string[];
  format: string;
  color: boolean | undefined;
  maxWarnings: number | undefined;
  quiet: boolean;
  namespace: string | undefined;
  /** Largest file parsed, in bytes (--max-file-size in MB). */
  maxFileBytes: number | undefined;
  kubernetesVersion: string | undefined;
  rules: Record<string, string>;
  outputFile: string | undefined;
  help: boolean;
  version: boolean;
  listRules: boolean;
  /** --config <file> */
  config: string | undefined;
  /** --no-config: do not look for a configuration file. */
  noConfig: boolean;
  printConfig: boolean;
  ignorePatterns: string[];
  noIgnore: boolean;
  fix: boolean;
  fixDryRun: boolean;
  /** --context <path>: read for cross-resource checks, not reported. */
  context: string[];
  withSiblings: boolean;
  /** --staged: siblings come from the git index (pre-commit). */
  staged: boolean;
  /** false with --no-inline-config */
  inlineConfig: boolean;
  /** false with --no-progress */
  progress: boolean;
  /** `podlint explain <rule>` */
  explain: string | undefined;
  /** --stdin-filename <path>: the path standard input stands for (overrides, ignores, reports). */
  stdinFilename: string | undefined;
  /** --cache: skip files whose result cannot have changed since the last run. */
  cache: boolean;
  /** --cache-location <file|dir/> (default .podlintcache in the working directory). */
  cacheLocation: string | undefined;
  /** --kustomize off|auto|required: render kustomize trees met (undefined: the configuration's, else auto). */
  kustomize: 'off' | 'auto' | 'required' | undefined;
  /** --helm off|auto|required: render Helm charts met (undefined: the configuration's, else auto). */
  helm: 'off' | 'auto' | 'required' | undefined;
  /** --helm-values <file>, repeatable (relative to the working directory). */
  helmValues: string[];
  /** --helm-set key=value, repeatable. */
  helmSet: string[];
  /** --helm-release <name> (default: the chart's name). */
  helmRelease: string | undefined;
  /** --helm-namespace <ns> (default: --namespace, else default). */
  helmNamespace: string | undefined;
  /** --render-timeout <seconds> for each renderer run (default 60). */
  renderTimeoutMs: number | undefined;
}

export const USAGE = `Usage: podlint [options] <path ...>
       podlint explain <rule>
       podlint lsp --stdio

Lint Kubernetes manifests: files, folders (searched for .yaml, .yml, .json),
quoted glob patterns ('k8s/**/*.yaml'), or - for standard input (helm template . | podlint -).

Options:
  -f, --format <name>       Output format: stylish (default), json, sarif, github, junit
  -o, --output-file <file>  Write the report to a file instead of stdout (folders are created)
  -c, --config <file>       Use this configuration file (default: the nearest
                            podlint.config.yaml, .podlintrc.yaml or .podlintrc.json
                            in the working directory or above)
      --no-config           Do not read a configuration file
      --print-config [file] Print the effective configuration (for a file) as JSON
  -n, --namespace <ns>      Namespace for resources that set none (default: default)
      --kubernetes-version <v>  Target Kubernetes version for schemas and deprecations (e.g. 1.36)
      --rule <id:severity>  Set a rule's severity (off, warn, error); repeatable; wins over the config
      --ignore-pattern <p>  Do not lint files matching this .gitignore-style pattern; repeatable
      --no-ignore           Lint files that ignore patterns and .podlintignore exclude
      --fix                 Apply automatic fixes to the files, then report what is left
      --fix-dry-run         Compute fixes without writing (stylish: a diff; json: "output")
      --context <path>      Also read this file or folder for cross-resource checks, without
                            reporting its findings; repeatable
      --with-siblings       Read the other manifests in the folders of the given files as
                            context (pre-commit: lint staged files, see their neighbours)
      --staged              With --with-siblings: read the siblings as staged in the git index
      --stdin-filename <p>  The path standard input stands for: overrides and ignores apply
                            to it, reports name it (helm template . | podlint --stdin-filename k8s/web.yaml -)
      --kustomize <mode>    Render kustomize trees met (kustomization.yaml) with kustomize or
                            kubectl and lint the output, findings placed on the source
                            lines: auto (default; when a renderer is on PATH), required, off
      --helm <mode>         Render Helm charts met (Chart.yaml) with helm template: auto
                            (default), required, off
      --helm-values <file>  Values file for helm template; repeatable
      --helm-set <k=v>      A value for helm template (--set); repeatable
      --helm-release <name> Release name for helm template (default: the chart's name)
      --helm-namespace <ns> Namespace for helm template (default: --namespace)
      --render-timeout <s>  Give up on a renderer after this many seconds (default 60)
      --cache               Only re-lint files whose result can have changed (README: Cache)
      --cache-location <p>  Cache file, or folder ending in / (default: .podlintcache)
      --no-inline-config    Ignore podlint-disable comments and podlint.dev/ignore annotations
      --max-warnings <n>    Exit with 1 when there are more than n warnings
      --max-file-size <MB>  Report larger files instead of parsing them (default 20)
      --quiet               Report errors only (and with --fix, fix errors only)
      --color / --no-color  Force or disable colours (NO_COLOR is honoured)
      --no-progress         Never show the progress line (shown on a terminal past 300 files)
      --list-rules          List the rules with their default severity
  -h, --help                Show this help
  -v, --version             Show podlint's version

Commands:
  explain <rule>            Show a rule's documentation: why, a failing and a passing example, how to fix
  lsp --stdio               Run the language server for editors (docs/editor.md)

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage, configuration or fatal error.
`;

export function parseCli(argv: string[]): CliOptions {
  let explain: string | undefined;
  if (argv[0] === 'explain') {
    const rest = argv.slice(1).filter((a) => !a.startsWith('-'));
    if (rest.length !== 1) throw new UsageError('explain expects one rule id: podlint explain <rule>');
    explain = rest[0];
    argv = argv.slice(1).filter((a) => a.startsWith('-'));
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        namespace: { type: 'string', short: 'n' },
        'max-file-size': { type: 'string' },
        'kubernetes-version': { type: 'string' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'list-rules': { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        'print-config': { type: 'boolean' },
        'ignore-pattern': { type: 'string', multiple: true },
        'no-ignore': { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        context: { type: 'string', multiple: true },
        'with-siblings': { type: 'boolean' },
        'no-inline-config': { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        staged: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        kustomize: { type: 'string' },
        helm: { type: 'string' },
        'helm-values': { type: 'string', multiple: true },
        'helm-set': { type: 'string', multiple: true },
        'helm-release': { type: 'string' },
        'helm-namespace': { type: 'string' },
        'render-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError(usageMessage(e as Error & { code?: string }));
  }
  const v = parsed.values;
  let maxWarnings: number | undefined;
  if (v['max-warnings'] !== undefined) {
    const n = Number(v['max-warnings']);
    if (!Number.isInteger(n) || n < -1) throw new UsageError(`--max-warnings expects a whole number, got "${v['max-warnings']}"`);
    maxWarnings = n < 0 ? undefined : n;
  }
  let maxFileBytes: number | undefined;
  if (v['max-file-size'] !== undefined) {
    const n = Number(v['max-file-size']);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-file-size expects a size in MB, got "${v['max-file-size']}"`);
    maxFileBytes = Math.round(n * 1024 * 1024);
  }
  const rules: Record<string, string> = {};
  for (const r of v.rule ?? []) {
    const m = /^([a-z0-9-]+(?:\/[a-z0-9-]+)?)[:=](off|warn|warning|error|0|1|2)$/.exec(r.trim());
    if (!m) throw new UsageError(`--rule expects <id>:<off|warn|error>, got "${r}"`);
    const sev = m[2]!;
    rules[m[1]!] = sev === '0' ? 'off' : sev === '1' || sev === 'warning' ? 'warn' : sev === '2' ? 'error' : sev;
  }
  if (v.fix && v['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (v.staged && !v['with-siblings']) throw new UsageError('--staged only applies with --with-siblings');
  if (v.config !== undefined && v['no-config']) throw new UsageError('--config and --no-config cannot be used together');
  const mode = (opt: 'kustomize' | 'helm'): 'off' | 'auto' | 'required' | undefined => {
    const m = v[opt];
    if (m === undefined) return undefined;
    if (m !== 'off' && m !== 'auto' && m !== 'required') throw new UsageError(`--${opt} expects off, auto or required, got "${m}"`);
    return m;
  };
  let renderTimeoutMs: number | undefined;
  if (v['render-timeout'] !== undefined) {
    const n = Number(v['render-timeout']);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--render-timeout expects a number of seconds, got "${v['render-timeout']}"`);
    renderTimeoutMs = Math.round(n * 1000);
  }
  for (const kv of v['helm-set'] ?? []) if (!/^[^=]+=/.test(kv)) throw new UsageError(`--helm-set expects key=value, got "${kv}"`);
  let color: boolean | undefined;
  if (v['no-color']) color = false;
  else if (v.color) color = true;
  return {
    paths: parsed.positionals,
    format: v.format ?? 'stylish',
    color,
    maxWarnings,
    quiet: v.quiet ?? false,
    namespace: v.namespace,
    maxFileBytes,
    kubernetesVersion: v['kubernetes-version'],
    rules,
    outputFile: v['output-file'],
    help: v.help ?? false,
    version: v.version ?? false,
    listRules: v['list-rules'] ?? false,
    config: v.config,
    noConfig: v['no-config'] ?? false,
    printConfig: v['print-config'] ?? false,
    ignorePatterns: v['ignore-pattern'] ?? [],
    noIgnore: v['no-ignore'] ?? false,
    fix: v.fix ?? false,
    fixDryRun: v['fix-dry-run'] ?? false,
    context: v.context ?? [],
    withSiblings: v['with-siblings'] ?? false,
    inlineConfig: !v['no-inline-config'],
    progress: !v['no-progress'],
    explain,
    stdinFilename: v['stdin-filename'],
    staged: v.staged ?? false,
    cache: v.cache ?? false,
    cacheLocation: v['cache-location'],
    kustomize: mode('kustomize'),
    helm: mode('helm'),
    helmValues: v['helm-values'] ?? [],
    helmSet: v['helm-set'] ?? [],
    helmRelease: v['helm-release'],
    helmNamespace: v['helm-namespace'],
    renderTimeoutMs,
  };
}

/** node:util parseArgs messages, made short: `unknown option '--foo'`. */
function usageMessage(e: Error & { code?: string }): string {
  const m = /^(?:Unknown option|Option) '(?:-\w, )?([^' ]+)/.exec(e.message);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && m) return `unknown option '${m[1]}'`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && m) {
    return /does not take/.test(e.message) ? `option '${m[1]}' does not take a value` : `option '${m[1]}' needs a value`;
  }
  return e.message;
}
