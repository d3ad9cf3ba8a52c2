/**
 * podlint's CEL engine: @marcbachmann/cel-js (parser, type checker,
 * evaluator, macros, optional types) plus the Kubernetes CEL libraries
 * (src/policy/k8s-lib.ts), a runtime cost limit and read tracking for
 * positions.
 *
 * - Loaded on first use only (a run without policies never loads it): the
 *   library is ESM-only, so the build bundles it to dist/vendor/cel.cjs for a
 *   synchronous require() on every Node 20 (src/ rules are synchronous).
 * - Each expression is compiled (parsed and type-checked) once per run.
 * - Cost: every node evaluation costs 1 and every string or list a node yields
 *   costs a tenth of its size (as the API server charges traversals); an
 *   evaluation stops with the API server's message when it passes the limit
 *   (PerCallLimit, 1,000,000), so a hostile expression cannot hang the run.
 * - Values are handed to CEL through proxies that turn integers into CEL ints
 *   and record every field path read from `object`/`self`, so a failure can
 *   point at the field the expression read.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';
import { registerKubernetesLibrary } from './k8s-lib.js';
import type { Path, PathSeg } from '../load/nodes.js';

/** The API server's per-expression runtime cost limit (k8s.io/apiserver/pkg/apis/cel PerCallLimit). */
export const PER_CALL_LIMIT = 1_000_000;

/** Which variables an expression may use. */
export type CelScope = 'admission' | 'crd' | 'custom';

const SCOPE_VARIABLES: Record<CelScope, string[]> = {
  admission: ['object', 'oldObject', 'params', 'namespaceObject', 'request', 'variables', 'authorizer'],
  crd: ['self', 'oldSelf'],
  custom: ['object', 'params', 'namespaceObject', 'objects'],
};

export class CelCompileError extends Error {
  constructor(
    message: string,
    /** Offsets of the fault inside the expression. */
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

export class CelEvalError extends Error {
  constructor(
    message: string,
    readonly costExceeded = false,
  ) {
    super(message);
  }
}

let lib: any;
const scopeFunctions = new Map<CelScope, [string, (...a: any[]) => unknown][]>();

/** Functions only one scope has (e.g. the `objects` API of custom rules); call before the first compile. */
export function registerScopeFunctions(scope: CelScope, fns: [string, (...a: any[]) => unknown][]): void {
  scopeFunctions.set(scope, fns);
}
const envs = new Map<CelScope, any>();
let budget = { used: 0, limit: Infinity };

function loadLibrary(): any {
  if (lib) return lib;
  const load = createRequire(import.meta.url);
  const vendored = join(packageRoot(), 'dist', 'vendor', 'cel.cjs');
  // The vendored CommonJS bundle works on every Node 20; the package itself is ESM-only (require(esm) needs Node >= 20.19).
  lib = existsSync(vendored) ? load(vendored) : load('@marcbachmann/cel-js');
  return lib;
}

function environment(scope: CelScope): any {
  let env = envs.get(scope);
  if (env) return env;
  const { Environment } = loadLibrary();
  env = new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: 10_000, maxDepth: 250, maxListElements: 10_000, maxMapEntries: 10_000, maxCallArguments: 32 },
  });
  registerKubernetesLibrary(env);
  // A macro that hands over the evaluator once, to count the cost of every node it runs.
  env.registerFunction('__podlintCostProbe(ast): dyn', () => ({
    typeCheck: (chk: any) => chk.getType('dyn'),
    evaluate: (ev: any) => (instrument(Object.getPrototypeOf(ev)), null),
  }));
  for (const v of SCOPE_VARIABLES[scope]) env.registerVariable(v, v === 'authorizer' ? 'kubernetes.authorization.Authorizer' : 'dyn');
  for (const [sig, f] of scopeFunctions.get(scope) ?? []) env.registerFunction(sig, f);
  env.evaluate('__podlintCostProbe(0)', {});
  envs.set(scope, env);
  return env;
}

const costExceeded = () => new CelEvalError('operation cancelled: actual cost limit exceeded', true);

let instrumented = false;
function instrument(proto: any) {
  if (instrumented || typeof proto.run !== 'function') return;
  instrumented = true;
  const run = proto.run;
  // all()/exists() absorb errors of single elements (CEL semantics), so the limit is sticky: once
  // passed, every further node throws at once, and eval() reports the cost error whatever the result.
  proto.run = function (ast: unknown, ctx: unknown) {
    if (budget.used > budget.limit) throw costExceeded();
    const r = run.call(this, ast, ctx);
    let c = 1;
    if (typeof r === 'string') c += r.length / 10;
    else if (Array.isArray(r)) c += r.length / 10;
    if ((budget.used += c) > budget.limit) throw costExceeded();
    return r;
  };
}

export interface CelProgram {
  source: string;
  /** Evaluate with these variables; throws CelEvalError. */
  eval(vars: Record<string, unknown>): unknown;
}

const compiled = new Map<string, CelProgram | CelCompileError>();

/**
 * Parse and type-check an expression (once per run and scope). Throws
 * CelCompileError with the offsets of the fault.
 */
export function compile(source: string, scope: CelScope): CelProgram {
  const key = `${scope}\u0000${source}`;
  let p = compiled.get(key);
  if (!p) {
    p = compileUncached(source, scope);
    compiled.set(key, p);
  }
  if (p instanceof CelCompileError) throw p;
  return p;
}

/**
 * `matches` is the library's own (JavaScript syntax, no inline flags); Kubernetes'
 * is RE2, where policies write `(?i)`. Calls outside string literals are renamed
 * to `matchRE`, of the same length (offsets of compile errors stay true), which
 * takes RE2's leading flags (src/policy/k8s-lib.ts).
 */
export function withRe2Matches(source: string): string {
  if (!source.includes('matches')) return source;
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      const raw = /[rR]/.test(source[i - 1] ?? '');
      let j = i + q.length;
      while (j < source.length && !source.startsWith(q, j)) j += !raw && source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + q.length);
      i = j + q.length;
      continue;
    }
    if (source.startsWith('matches', i) && !/[\w]/.test(source[i - 1] ?? '') && /^\s*\(/.test(source.slice(i + 7))) {
      out += 'matchRE';
      i += 7;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function compileUncached(source: string, scope: CelScope): CelProgram | CelCompileError {
  const env = environment(scope);
  let fn: any;
  try {
    fn = env.parse(withRe2Matches(source));
  } catch (e) {
    return compileError(e, source);
  }
  const checked = fn.check();
  if (!checked.valid) return compileError(checked.error, source);
  return {
    source,
    eval(vars) {
      // A nested evaluation (a VAP variable read by a validation) shares its caller's budget.
      const outer = budget.limit === Infinity;
      if (outer) budget = { used: 0, limit: PER_CALL_LIMIT };
      try {
        const r = fn(vars);
        if (budget.used > budget.limit) throw costExceeded();
        return r;
      } catch (e) {
        if (budget.used > budget.limit) throw costExceeded();
        if (e instanceof CelEvalError) throw e;
        throw new CelEvalError(firstLine(e));
      } finally {
        if (outer) budget = { used: 0, limit: Infinity };
      }
    },
  };
}

function firstLine(e: unknown): string {
  const m = String((e as Error)?.message ?? e).split('\n')[0]!;
  return m.charAt(0).toLowerCase() + m.slice(1);
}

function compileError(e: any, source: string): CelCompileError {
  const r = e?.range ?? e?.node?.range;
  const start = typeof r?.start === 'number' ? Math.min(r.start, source.length) : 0;
  const end = typeof r?.end === 'number' ? Math.min(Math.max(r.end, start), source.length) : start;
  return new CelCompileError(firstLine(e), start, end);
}

/** Forget compiled expressions (tests; each CLI run is a fresh process). */
export function resetCompiled(): void {
  compiled.clear();
}

let lastTrap: { t: object; kind: 'keys' | 'desc'; key?: string | symbol } | undefined;

/** Field paths an evaluation read, in order, each from the root of the value it was read from. */
export class Reads {
  readonly paths: Path[] = [];
}

/**
 * A CEL view of a plain value: integers become CEL ints (bigint), maps and
 * lists are proxies that record reads (when `reads` is given) relative to
 * `base`. Values are converted lazily, as the expression reaches them.
 */
export function celValue(v: unknown, reads?: Reads, base: Path = []): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (typeof v !== 'object') return v;
  if (v instanceof Date || v instanceof Uint8Array) return v;
  const cache = new Map<PathSeg, unknown>();
  const isList = Array.isArray(v);
  return new Proxy(v as object, {
    // The evaluator peeks at a map's first entry (for-in: ownKeys, its descriptor, get) to learn the
    // type of a dyn value; such a peek is no read of the expression's and must not move the position.
    ownKeys(t: any) {
      lastTrap = { t, kind: 'keys' };
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor(t: any, k) {
      const last = lastTrap;
      lastTrap = last && last.t === t && last.kind === 'keys' ? { t, kind: 'desc', key: k } : undefined;
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
    get(t: any, k) {
      const last = lastTrap;
      const peek = !!last && last.t === t && last.kind === 'desc' && last.key === k;
      lastTrap = undefined;
      if (typeof k === 'symbol' || (isList && k === 'length')) return t[k];
      if (!Object.prototype.hasOwnProperty.call(t, k)) return t[k];
      const seg: PathSeg = isList ? Number(k) : k;
      if (cache.has(seg)) {
        if (reads && !peek) reads.paths.push([...base, seg]);
        return cache.get(seg);
      }
      const path = [...base, seg];
      if (reads && !peek) reads.paths.push(path);
      const out = celValue(t[k], reads, path);
      cache.set(seg, out);
      return out;
    },
  });
}

/** Plain JavaScript of a CEL result (for messages): ints become numbers. */
export function celToString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return String(v);
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)) ?? String(v);
}

/** CEL's optional.none() (for `oldSelf` of a rule with optionalOldSelf on CREATE). */
export function celOptionalNone(): unknown {
  return loadLibrary().Optional.none();
}

/** Whether the CEL library has been loaded in this process (a run without policies never loads it). */
export function celLoaded(): boolean {
  return lib !== undefined;
}
