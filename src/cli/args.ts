import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export interface CliOptions {
  paths: string[];
  format: string;
  color: boolean | undefined;
  maxWarnings: number | undefined;
  quiet: boolean;
  namespace: string | undefined;
  kubernetesVersion: string | undefined;
  rules: Record<string, string>;
  outputFile: string | undefined;
  help: boolean;
  version: boolean;
  listRules: boolean;
}

export const USAGE = `Usage: podlint [options] <path ...>

Lint Kubernetes manifests: files, folders (searched for .yaml, .yml, .json)
or - for standard input (helm template . | podlint -).

Options:
  -f, --format <name>       Output format: stylish (default), json
  -o, --output-file <file>  Write the report to a file instead of stdout
  -n, --namespace <ns>      Namespace for resources that set none (default: default)
      --kubernetes-version <v>  Target Kubernetes version for schemas and deprecations (e.g. 1.36)
      --rule <id:severity>  Set a rule's severity (off, warn, error); repeatable
      --max-warnings <n>    Exit with 1 when there are more than n warnings
      --quiet               Report errors only
      --color / --no-color  Force or disable colours (NO_COLOR is honoured)
      --list-rules          List the rules with their default severity
  -h, --help                Show this help
  -v, --version             Show podlint's version

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage or fatal error.
`;

export function parseCli(argv: string[]): CliOptions {
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
        'kubernetes-version': { type: 'string' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'list-rules': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  let maxWarnings: number | undefined;
  if (v['max-warnings'] !== undefined) {
    const n = Number(v['max-warnings']);
    if (!Number.isInteger(n) || n < -1) throw new UsageError(`--max-warnings expects a whole number, got "${v['max-warnings']}"`);
    maxWarnings = n < 0 ? undefined : n;
  }
  const rules: Record<string, string> = {};
  for (const r of v.rule ?? []) {
    const m = /^([a-z0-9-]+)[:=](off|warn|warning|error|0|1|2)$/.exec(r.trim());
    if (!m) throw new UsageError(`--rule expects <id>:<off|warn|error>, got "${r}"`);
    const sev = m[2]!;
    rules[m[1]!] = sev === '0' ? 'off' : sev === '1' || sev === 'warning' ? 'warn' : sev === '2' ? 'error' : sev;
  }
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
    kubernetesVersion: v['kubernetes-version'],
    rules,
    outputFile: v['output-file'],
    help: v.help ?? false,
    version: v.version ?? false,
    listRules: v['list-rules'] ?? false,
  };
}
