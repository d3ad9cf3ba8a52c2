/**
 * ValidatingAdmissionPolicy + ValidatingAdmissionPolicyBinding
 * (admissionregistration.k8s.io/v1) found among the linted manifests,
 * evaluated against every object of the set as the API server would on
 * CREATE:
 *   binding -> policy (spec.policyName) -> matchConstraints and the binding's
 *   matchResources -> params (paramKind + paramRef, parameterNotFoundAction)
 *   -> matchConditions -> variables (lazy, cached) -> validations.
 * Deny -> error, Warn/Audit -> warning; failurePolicy Ignore drops evaluation
 * errors; auditAnnotations are ignored. A namespaceSelector needs the
 * object's Namespace in the set: when it is absent, a notice says so once per
 * policy and namespace, and the object is not checked (no guessing).
 *
 * Scope (a linted folder is often a collection of independent samples, each
 * applied on its own): a policy with its binding applies to the objects in the
 * subtree of the folder holding both (their common ancestor folder), unless
 * that folder is one the run was given (a folder argument, or the folder of a
 * file argument; graph.roots) — then to the whole set. Texts and stdin (no
 * roots) are one set.
 */
import type { GResource, Graph } from '../graph/model.js';
import type { Path } from '../load/nodes.js';
import type { Severity } from '../engine/types.js';
import { isBelowDir, isObj } from '../util.js';
import { compile, celValue, CelCompileError, CelEvalError, Reads, type CelProgram } from './cel.js';
import { groupVersion, labelsOf, matchResources, resourceName, selectorMatches } from './match.js';
import { deepestRead } from './position.js';
import { dirname, resolve, sep } from 'node:path';

export interface PolicyFinding {
  resource: GResource;
  path: Path;
  message: string;
  severity: Severity;
  /** Offsets inside the expression string at `path` (compile errors), when known. */
  within?: [number, number];
}

const POLICY_KINDS = new Set(['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1', 'admissionregistration.k8s.io/v1alpha1']);

export function hasAdmissionPolicies(graph: Graph): boolean {
  return graph.ofKind('ValidatingAdmissionPolicyBinding').length > 0;
}

interface Compiled {
  prog?: CelProgram;
  error?: CelCompileError;
}

export function checkAdmissionPolicies(graph: Graph, notice: (m: string) => void): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const policies = new Map<string, GResource>();
  for (const p of graph.ofKind('ValidatingAdmissionPolicy')) if (POLICY_KINDS.has(p.apiVersion) && p.name && !p.partial) policies.set(p.name, p);
  const crdPlurals = new Map<string, string>();
  for (const c of graph.ofKind('CustomResourceDefinition')) {
    const n = c.obj.spec?.names;
    if (typeof n?.kind === 'string' && typeof n?.plural === 'string') crdPlurals.set(n.kind, n.plural);
  }
  const reportedCompile = new Set<string>();
  const compiled = (policy: GResource, path: Path, src: unknown): Compiled => {
    if (typeof src !== 'string') return {};
    try {
      return { prog: compile(src, 'admission') };
    } catch (e) {
      if (!(e instanceof CelCompileError)) throw e;
      const key = `${policy.id}|${path.join('.')}`;
      if (!reportedCompile.has(key)) {
        reportedCompile.add(key);
        out.push({
          resource: policy,
          path,
          within: [e.start, e.end],
          severity: 'warn',
          message: `ValidatingAdmissionPolicy '${policy.name}': compilation error: ${e.message}; the API server accepts the policy, but every request it matches fails (or is let through with failurePolicy: Ignore)`,
        });
      }
      return { error: e };
    }
  };

  for (const binding of graph.ofKind('ValidatingAdmissionPolicyBinding')) {
    if (!POLICY_KINDS.has(binding.apiVersion) || binding.partial) continue;
    const bspec = binding.obj.spec;
    if (!isObj(bspec) || typeof bspec.policyName !== 'string') continue;
    const policy = policies.get(bspec.policyName);
    if (!policy) {
      notice(`ValidatingAdmissionPolicyBinding '${binding.name}': its policy '${bspec.policyName}' is not in the linted set; not evaluated`);
      continue;
    }
    const spec = policy.obj.spec;
    if (!isObj(spec)) continue;
    const actions: string[] = Array.isArray(bspec.validationActions) && bspec.validationActions.length ? bspec.validationActions : ['Deny'];
    const severity: Severity = actions.includes('Deny') ? 'error' : 'warn';
    const failIgnore = spec.failurePolicy === 'Ignore';
    const label = `ValidatingAdmissionPolicy '${policy.name}' with binding '${binding.name}'`;
    const prefix = severity === 'error' ? `${label} denied request: ` : `Validation failed for ${label}: `;

    const conditions = (Array.isArray(spec.matchConditions) ? spec.matchConditions : []).map((c: any, i: number) => ({
      name: String(c?.name ?? i),
      ...compiled(policy, ['spec', 'matchConditions', i, 'expression'], c?.expression),
    }));
    const variables = (Array.isArray(spec.variables) ? spec.variables : []).map((v: any, i: number) => ({
      name: String(v?.name ?? ''),
      source: String(v?.expression ?? ''),
      ...compiled(policy, ['spec', 'variables', i, 'expression'], v?.expression),
    }));
    const validations = (Array.isArray(spec.validations) ? spec.validations : []).map((v: any, i: number) => ({
      source: String(v?.expression ?? ''),
      message: typeof v?.message === 'string' ? v.message : undefined,
      ...compiled(policy, ['spec', 'validations', i, 'expression'], v?.expression),
      msgExpr: v?.messageExpression !== undefined ? compiled(policy, ['spec', 'validations', i, 'messageExpression'], v.messageExpression) : undefined,
    }));
    const sources = [...conditions, ...variables, ...validations].map((c: any) => String(c.prog?.source ?? c.source ?? ''));
    if (sources.some((src) => /\bauthorizer\b/.test(src))) {
      notice(`${label}: the policy reads authorizer (the requesting user's permissions), which podlint cannot know; not evaluated`);
      continue;
    }
    const usesNamespaceObject = [...conditions, ...variables, ...validations].some((c: any) => /\bnamespaceObject\b/.test(c.prog?.source ?? ''));
    const paramKind = isObj(spec.paramKind) ? spec.paramKind : undefined;

    const scope = policyScope(graph, policy, binding);
    for (const r of graph.resources) {
      if (r.partial || !r.name || r === policy || r === binding) continue;
      if (scope !== undefined && !inFolder(r.file.path, scope)) continue;
      let m = matchResources(spec.matchConstraints, r, graph, crdPlurals, true);
      if (m.matches) m = matchResources(bspec.matchResources, r, graph, crdPlurals, false);
      if (!m.matches) {
        if (m.unknownNamespace !== undefined)
          notice(`${label}: namespace '${m.unknownNamespace}' is not in the linted set, so its namespaceSelector cannot be matched; objects in it are not checked`);
        continue;
      }
      const nsObj = r.clusterScoped ? undefined : graph.get('Namespace', '', r.namespace);
      if (usesNamespaceObject && !r.clusterScoped && !nsObj) {
        notice(`${label}: namespace '${r.namespace}' is not in the linted set and the policy reads namespaceObject; objects in it are not checked`);
        continue;
      }
      // Params.
      let paramSets: (GResource | undefined)[] = [undefined];
      if (paramKind) {
        const ref = isObj(bspec.paramRef) ? bspec.paramRef : undefined;
        const kind = String(paramKind.kind ?? '');
        const found = ref ? findParams(graph, kind, String(paramKind.apiVersion ?? ''), ref, r) : [];
        if (!found.length) {
          const action = ref?.parameterNotFoundAction ?? 'Deny';
          if (action === 'Deny') {
            const what = ref?.name ? `${kind} '${ref.name}'` : `a ${kind} matching the binding's paramRef selector`;
            out.push({
              resource: r,
              path: ['metadata', 'name'],
              severity,
              message: `${prefix}no params found for policy binding with \`Deny\` parameterNotFoundAction (${what} is not in the linted set)`,
            });
          }
          continue;
        }
        paramSets = found;
      }
      for (const param of paramSets) {
        const reads = new Reads();
        const object = celValue(asAdmitted(r), reads);
        const { group, version } = groupVersion(r.apiVersion);
        const vars: Record<string, unknown> = {
          object,
          oldObject: null,
          params: param ? celValue(param.obj) : null,
          namespaceObject: nsObj ? celValue(nsObj.obj) : null,
          request: celValue({
            operation: 'CREATE',
            kind: { group, version, kind: r.kind },
            resource: { group, version, resource: resourceName(r.kind, crdPlurals) },
            name: r.name,
            namespace: r.namespace,
            userInfo: { username: '', groups: [] },
            dryRun: false,
          }),
          authorizer: null,
        };
        const varValues: Record<string, unknown> = {};
        for (const v of variables) {
          let done = false;
          let value: unknown;
          Object.defineProperty(varValues, v.name, {
            enumerable: true,
            get() {
              if (!done) {
                done = true;
                if (!v.prog) throw new CelEvalError(`variable '${v.name}' does not compile`);
                value = v.prog.eval(vars);
              }
              return value;
            },
          });
        }
        vars.variables = varValues;
        const fail = (source: string, e: unknown, mark = 0) => {
          if (failIgnore) return;
          out.push({
            resource: r,
            path: deepestRead(reads.paths.slice(mark)) ?? ['metadata', 'name'],
            severity,
            message: `${prefix}expression '${source}' resulted in error: ${(e as Error).message}`,
          });
        };
        // matchConditions: all must be true; an error follows failurePolicy.
        let skip = false;
        for (const c of conditions) {
          if (!c.prog) {
            skip = true;
            break;
          }
          try {
            if (c.prog.eval(vars) !== true) {
              skip = true;
              break;
            }
          } catch (e) {
            fail(c.prog.source, e);
            skip = true;
            break;
          }
        }
        if (skip) continue;
        reads.paths.length = 0;
        for (const v of validations) {
          if (!v.prog) continue;
          const mark = reads.paths.length;
          let ok: unknown;
          try {
            ok = v.prog.eval(vars);
          } catch (e) {
            fail(v.source, e, mark);
            continue;
          }
          if (ok === true) continue;
          const at = deepestRead(reads.paths.slice(mark)) ?? ['metadata', 'name'];
          let msg = v.message ?? `failed expression: ${v.source}`;
          if (v.msgExpr?.prog) {
            try {
              const s = v.msgExpr.prog.eval(vars);
              if (typeof s === 'string' && s.trim() && !s.includes('\n')) msg = s;
            } catch {
              /* the API server falls back to message */
            }
          }
          // `reason` is the HTTP status reason (Invalid, Forbidden ...), not part of the message.
          out.push({ resource: r, path: at, severity, message: `${prefix}${msg}` });
        }
      }
    }
  }
  return out;
}

/**
 * The folder whose subtree a policy + binding applies to, or undefined for
 * the whole set: the common ancestor folder of both files, unless it is (or
 * lies above) a folder the run was given.
 */
export function policyScope(graph: Graph, policy: GResource, binding: GResource): string | undefined {
  if (!graph.roots?.length) return undefined;
  const a = dirname(resolve(policy.file.path)).split(sep);
  const b = dirname(resolve(binding.file.path)).split(sep);
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  const common = a.slice(0, n).join(sep) || sep;
  for (const root of graph.roots) {
    const r = resolve(root);
    // the common folder is a given folder, or lies above one: whole set
    if (r === common || inFolder(r + sep + 'x', common)) return undefined;
  }
  return common;
}

function inFolder(path: string, folder: string): boolean {
  return isBelowDir(resolve(path), folder);
}

/**
 * The object as admission sees it on CREATE: metadata.namespace filled in from
 * the request, and for a Pod the tolerations the DefaultTolerationSeconds
 * admission plugin (on by default, a mutating step that runs before
 * validating admission) adds: not-ready and unreachable, NoExecute, 300 s.
 */
function asAdmitted(r: GResource): Record<string, any> {
  let obj = r.obj;
  const md = obj.metadata;
  if (!r.clusterScoped && isObj(md) && typeof md.namespace !== 'string') obj = { ...obj, metadata: { ...md, namespace: r.namespace } };
  if (r.kind === 'Pod' && r.apiVersion === 'v1' && isObj(obj.spec)) {
    const have: unknown[] = Array.isArray(obj.spec.tolerations) ? obj.spec.tolerations : [];
    const add = DEFAULT_TOLERATIONS.filter((d) => !have.some((t) => isObj(t) && tolerates(t, d.key)));
    if (add.length) obj = { ...obj, spec: { ...obj.spec, tolerations: [...have, ...add.map((d) => ({ ...d }))] } };
  }
  return obj;
}

const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({
  key,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
}));

/** Whether a toleration already tolerates the NoExecute taint `key` (the plugin then adds none for it). */
function tolerates(t: Record<string, any>, key: string): boolean {
  if (t.effect !== undefined && t.effect !== null && t.effect !== '' && t.effect !== 'NoExecute') return false;
  if (t.key === undefined || t.key === null || t.key === '') return true;
  return t.key === key;
}

function findParams(graph: Graph, kind: string, apiVersion: string, ref: Record<string, any>, r: GResource): GResource[] {
  const candidates = graph.ofKind(kind).filter((p) => !apiVersion || p.apiVersion === apiVersion || groupVersion(p.apiVersion).group === groupVersion(apiVersion).group);
  const ns = typeof ref.namespace === 'string' ? ref.namespace : r.namespace;
  const inNs = candidates.filter((p) => p.clusterScoped || p.namespace === ns);
  if (typeof ref.name === 'string') return inNs.filter((p) => p.name === ref.name);
  if (isObj(ref.selector)) return inNs.filter((p) => selectorMatches(ref.selector, labelsOf(p.obj)));
  return [];
}

