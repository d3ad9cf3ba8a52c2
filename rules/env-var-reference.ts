import type { Rule, RuleContext } from '../src/engine/types.js';
import type { ContainerInfo, PodTemplate } from '../src/graph/model.js';
import type { Path } from '../src/load/nodes.js';
import { locate } from '../src/load/nodes.js';
import { toFile } from '../src/analyze/env-endpoints.js';
import { envFromSources, isServiceLinkVar, varRefs, type VarRef } from '../src/analyze/expansion.js';
import { nearNames } from '../src/engine/suggest.js';
import { meanText } from '../src/analyze/references.js';
import { focusedTemplates } from '../src/graph/focus.js';

/** Looks like an environment variable name (not a shell command substitution such as `$(date)` or `$(cat /x)`). */
const VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * A `$(VAR)` that the kubelet cannot expand. In `env[].value` the kubelet
 * resolves only `envFrom`, the entries above and service-link variables: a
 * variable defined further down stays literal text (error). A variable
 * defined nowhere in the container stays literal too (warning; in
 * `subPathExpr` the kubelet refuses to start the container: error).
 */
const rule: Rule = {
  meta: {
    id: 'env-var-reference',
    description: 'A $(VAR) in env values, command, args or subPathExpr names a variable defined only later in env (error) or nowhere in the container (warning).',
    severity: 'error',
    category: 'pod',
    docs: 'docs/rules/env-var-reference.md',
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) for (const c of t.containers) checkContainer(ctx, t, c);
  },
};
export default rule;

const ARGV_KEYS = ['command', 'args'] as const;

/** `$(NAME)` with NAME a VAR_NAME: what a reference in command, args or subPathExpr must look like to be reported. */
const NAMED_REF = /\$\([A-Z_][A-Z0-9_]*\)/;

/**
 * Whether a string the rule reads may hold a reference it reports: most containers have none (nothing else
 * is worked out for them). In env values that is any `$(`; in command, args and subPathExpr only
 * `$(NAME)` is reported, so a script's `$(date)` or `$((i + 1))` does not count.
 */
function mayReference(spec: any, c: ContainerInfo): boolean {
  const named = (s: unknown) => typeof s === 'string' && s.includes('$(') && NAMED_REF.test(s);
  for (let i = 0; i < c.env.length; i++) {
    const v = c.env[i]!.value;
    if (typeof v === 'string' && v.includes('$(')) return true;
  }
  for (let k = 0; k < ARGV_KEYS.length; k++) {
    const list = spec[ARGV_KEYS[k]!];
    if (Array.isArray(list)) for (let i = 0; i < list.length; i++) if (named(list[i])) return true;
  }
  for (let i = 0; i < c.mounts.length; i++) if (named((spec.volumeMounts?.[c.mounts[i]!.index] as any)?.subPathExpr)) return true;
  return false;
}

function checkContainer(ctx: RuleContext, t: PodTemplate, c: ContainerInfo): void {
  const spec = c.spec as any;
  if (!mayReference(spec, c)) return;
  const names = c.env.map((e) => e.name);
  const all = new Set(names);
  const from = envFromSources(ctx.graph, c);
  const fromEnvFrom = (n: string) => from.known.has(n) || from.unknownPrefixes.some((p) => n.startsWith(p));
  const who = `container \`${c.name}\` in ${t.label}`;

  const report = (path: Path, r: VarRef, message: string, severity?: 'warn') => {
    const node = locate(c.resource.node, path)?.node;
    const file = c.resource.file;
    ctx.report({ file, range: toFile(file.text, node, r.start, r.end), message, severity });
  };
  const nowhere = (where: string, r: VarRef, fatal: boolean, path: Path) => {
    if (!VAR_NAME.test(r.name) || all.has(r.name) || fromEnvFrom(r.name) || isServiceLinkVar(c, r.name)) return;
    const near = nearNames(r.name, names);
    const effect = fatal
      ? 'the kubelet cannot expand it and refuses to start the container (CreateContainerConfigError: missing value)'
      : 'it stays the literal text `$(' + r.name + ')` (the image’s own ENV is not used for expansion)';
    report(path, r, `\`$(${r.name})\` in ${where} of ${who} names a variable the container does not define (in \`env\`, \`envFrom\` or as a service link), so ${effect}.${near.length ? meanText(near) : ` Define \`${r.name}\` in \`env\`, or write \`$$(${r.name})\` for a literal \`$(${r.name})\`.`}`, fatal ? undefined : 'warn');
  };

  // env values: earlier entries only.
  c.env.forEach((e, i) => {
    if (e.value === undefined || typeof spec.env?.[e.index]?.value !== 'string') return;
    const before = new Set(names.slice(0, i));
    for (const r of varRefs(e.value)) {
      if (before.has(r.name) || fromEnvFrom(r.name) || isServiceLinkVar(c, r.name)) continue;
      const path = [...e.path, 'value'];
      const later = names.indexOf(r.name, i);
      if (later >= 0) {
        const self = later === i;
        report(
          path,
          r,
          self
            ? `\`$(${r.name})\` in the value of env var \`${e.name}\` of ${who} refers to itself: an env value sees only the entries above it (and \`envFrom\`), never the image's own \`${r.name}\`, so the value keeps the literal text \`$(${r.name})\`. Spell out the value instead.`
            : `\`$(${r.name})\` in the value of env var \`${e.name}\` (\`env[${e.index}]\`) of ${who} names \`${r.name}\`, which is defined only later (\`env[${c.env[later]!.index}]\`): the kubelet expands an env value with the entries above it only, so the value keeps the literal text \`$(${r.name})\`. Move \`${r.name}\` above \`${e.name}\`.`,
        );
        continue;
      }
      nowhere(`the value of env var \`${e.name}\``, r, false, path);
    }
  });

  // command and args: the whole environment.
  for (const key of ARGV_KEYS) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    list.forEach((s: unknown, i: number) => {
      if (typeof s !== 'string') return;
      for (const r of varRefs(s)) nowhere(`\`${key}[${i}]\``, r, false, [...c.path, key, i]);
    });
  }

  // subPathExpr: the whole environment; a missing value is fatal.
  for (const m of c.mounts) {
    const expr = (spec.volumeMounts?.[m.index] as any)?.subPathExpr;
    if (typeof expr !== 'string') continue;
    for (const r of varRefs(expr)) nowhere(`\`subPathExpr\` of mount \`${m.name}\``, r, true, [...m.path, 'subPathExpr']);
  }
}
