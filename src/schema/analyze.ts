/**
 * Schema analysis of a whole graph, shared by the rules `schema`,
 * `unknown-field` and `misindented-field` (computed once per graph and target
 * version, then each rule reports its part):
 * 1. pick the validator of each resource: the shipped schema of its
 *    apiVersion/kind, or the CRD among the linted files that defines it; other
 *    kinds get one notice each (Kustomize's Kustomization/Component are not
 *    cluster objects and are skipped silently, as are apiVersions the target
 *    version no longer serves: `deprecated-api-version` reports those);
 * 2. validate its plain value (ajv, all errors) and map every error's
 *    instancePath back to the YAML node with `locate`;
 * 3. turn unknown fields that are just mis-indented into one
 *    `misindented-field` issue per block (replacing their `unknown-field`
 *    issues and the `required` errors they cause), the other unknown fields into
 *    `unknown-field` issues, everything else into `schema` issues.
 * `null` values mean "unset" (as for the API server) and are never errors.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMap, isScalar, Scalar, type Node } from 'yaml';
import type { GResource, Graph } from '../graph/model.js';
import type { Fix } from '../engine/types.js';
import { locate, rangeOf, type Path } from '../load/nodes.js';
import { positionAt } from '../load/source.js';
import { nearNames } from '../engine/suggest.js';
import { schemaSet, type AjvError, type Validator } from './load.js';
import { CrdRegistry } from './crd.js';
import { crdPatternIssues } from './crd-patterns.js';
import { at, definesKey, fieldNames, root, typeName, type JsonSchema, type SchemaCursor, type SchemaSource } from './navigate.js';
import { findMisindented, type MisindentGroup } from './misindent.js';
import { resolveVersion, type ResolvedVersion } from './versions.js';
import { deprecationOf } from './deprecations.js';
import { isBuiltinApiVersion } from '../apivalidation/kinds.js';
import { codeList, pathText, showValue } from './text.js';
import { pushTo } from '../util.js';
import { envView, pointerOf, standingErrors, type EnvView } from './placeholders.js';
import { focusedResources } from '../graph/focus.js';
import { KUSTOMIZATION_NAMES } from '../load/kustomization-names.js';

export type SchemaRuleId = 'schema' | 'unknown-field' | 'misindented-field';

export interface SchemaIssue {
  rule: SchemaRuleId;
  resource: GResource;
  message: string;
  /** Node to point at: resource + path + part, or an explicit range. */
  path?: Path;
  part?: 'key' | 'value';
  range?: [number, number];
  fix?: Fix;
  /** For misindented-field: the re-indented block (other rules' findings inside are follow-ons). */
  block?: [number, number];
}

export interface SchemaAnalysis {
  version: ResolvedVersion;
  issues: SchemaIssue[];
  notices: string[];
}

const cache = new WeakMap<Graph, Map<string, SchemaAnalysis>>();

/** The analysis of `graph` for a requested Kubernetes version (computed once). */
export function analyzeSchemas(graph: Graph, kubernetesVersion: string | undefined): SchemaAnalysis {
  let byVersion = cache.get(graph);
  if (!byVersion) cache.set(graph, (byVersion = new Map()));
  const key = kubernetesVersion ?? '';
  let a = byVersion.get(key);
  if (!a) byVersion.set(key, (a = run(graph, kubernetesVersion)));
  return a;
}

/** Kinds that carry apiVersion/kind but are build-tool configuration, not cluster objects. */
export function isToolConfig(r: { apiVersion: string; kind: string }): boolean {
  return r.apiVersion.startsWith('kustomize.config.k8s.io/');
}

function run(graph: Graph, kubernetesVersion: string | undefined): SchemaAnalysis {
  const version = resolveVersion(kubernetesVersion);
  const out: SchemaAnalysis = { version, issues: [], notices: [] };
  if (version.notice) out.notices.push(version.notice);
  const set = schemaSet(version.schemaVersion);
  let crds: CrdRegistry | undefined;
  const skipped = new Set<string>();
  for (const r of focusedResources(graph)) {
    if (isToolConfig(r)) continue;
    if (r.kind === 'CustomResourceDefinition' && r.apiVersion.startsWith('apiextensions.k8s.io/')) {
      for (const p of crdPatternIssues(r)) out.issues.push({ rule: 'schema', resource: r, path: p.path, part: 'value', message: p.message });
    }
    const dep = deprecationOf(r.apiVersion, r.kind);
    const entry = set.entry(r.apiVersion, r.kind);
    // A retired apiVersion (not in the shipped set): deprecated-api-version reports it.
    if (!entry && dep) continue;
    let validator: Validator | undefined;
    let cursor: () => { c: SchemaCursor; src?: SchemaSource } | undefined;
    if (entry) {
      validator = set.validator(r.apiVersion, r.kind);
      cursor = () => {
        const defs = set.definitions();
        return { c: root({ $ref: `#/definitions/${entry.definition}` }, entry.definition, defs), src: defs };
      };
    } else {
      crds ??= new CrdRegistry(graph);
      const v = crds.lookup(r.apiVersion, r.kind, r);
      if (v) {
        validator = crds.validator(v);
        if (!validator) continue; // a CRD without a schema for this version: nothing to check
        cursor = () => ({ c: { schema: v.schema as JsonSchema } });
      } else {
        // a kind a built-in apiVersion does not serve: the rule unknown-kind reports it
        if (isBuiltinApiVersion(set, r.apiVersion)) continue;
        const k = `${r.apiVersion}/${r.kind}`;
        if (!skipped.has(k)) {
          skipped.add(k);
          out.notices.push(
            crds.definesKind(r.apiVersion, r.kind)
              ? `no schema for kind ${r.kind} (apiVersion ${r.apiVersion}): its CustomResourceDefinition does not serve that version; skipped`
              : `no schema for kind ${r.kind} (apiVersion ${r.apiVersion}); skipped`,
          );
        }
        continue;
      }
    }
    if (!validator) continue;
    let ok: boolean;
    try {
      ok = validator(r.obj);
    } catch {
      continue;
    }
    if (ok || !validator.errors?.length) continue;
    let errors = validator.errors;
    let obj: unknown = r.obj;
    let env: EnvView | undefined;
    try {
      // `${VAR:-default}` placeholders: validate what envsubst would render (placeholders.ts)
      env = envView(r, errors);
      if (env) {
        validator(env.obj);
        errors = standingErrors(env, validator.errors ?? []);
        obj = env.obj;
        if (!errors.length) continue;
      }
    } catch {
      env = undefined;
    }
    let cur: { c: SchemaCursor; src?: SchemaSource } | undefined | null = null;
    const getCursor = () => (cur === null ? (cur = cursor()) : cur);
    try {
      const issues = resourceIssues(r, errors, getCursor, obj);
      if (env) for (const i of issues) noteDefault(i, env);
      out.issues.push(...issues);
    } catch {
      // mapping errors back to YAML must never stop the run; the object is skipped
    }
  }
  return out;
}

interface ParsedError {
  e: AjvError;
  path: Path;
  value: unknown;
  exists: boolean;
}

function decodePath(obj: unknown, pointer: string): { path: Path; value: unknown; exists: boolean } {
  const path: (string | number)[] = [];
  let cur: any = obj;
  let exists = true;
  if (pointer === '') return { path, value: obj, exists };
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const n = Number(seg);
      path.push(n);
      cur = cur[n];
    } else {
      path.push(seg);
      if (cur && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[seg];
      else {
        cur = undefined;
        exists = false;
      }
    }
  }
  return { path, value: cur, exists };
}

/** A finding about a value checked as a placeholder's default says so, and offers no fix (it would rewrite the placeholder). */
function noteDefault(i: SchemaIssue, env: EnvView): void {
  if (i.rule !== 'schema' || !i.path || i.part !== 'value') return;
  const text = env.defaults.get(pointerOf(i.path));
  if (text === undefined) return;
  i.message += ` (Checked as the default of \`${text}\`.)`;
  i.fix = undefined;
}

function resourceIssues(r: GResource, errors: AjvError[], getCursor: () => { c: SchemaCursor; src?: SchemaSource } | undefined, obj: unknown = r.obj): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const parsed: ParsedError[] = [];
  for (const e of errors) {
    // anyOf/oneOf report their own failure; the branches' errors are noise
    if (/\/(anyOf|oneOf|not)\/\d+\//.test(e.schemaPath) || /\/not\//.test(e.schemaPath)) continue;
    const d = decodePath(obj, e.instancePath);
    if (d.value === null && e.keyword !== 'additionalProperties' && e.keyword !== 'required') continue; // null = unset
    parsed.push({ e, ...d });
  }
  if (!parsed.length) return issues;
  const text = r.file.text;
  const tx = { text, lineOf: (o: number) => positionAt(r.file, o).line };
  const cursorAt = (p: Path): SchemaCursor | undefined => {
    const c = getCursor();
    return c ? at(c.c, p, c.src) : undefined;
  };

  // unknown fields, by parent mapping
  const unknownByParent = new Map<string, { path: Path; keys: string[] }>();
  const required: ParsedError[] = [];
  const other: ParsedError[] = [];
  for (const p of parsed) {
    if (p.e.keyword === 'additionalProperties') {
      const k = pathText(p.path) + '\u0000' + JSON.stringify(p.path);
      let u = unknownByParent.get(k);
      if (!u) unknownByParent.set(k, (u = { path: p.path, keys: [] }));
      const key = String(p.e.params.additionalProperty);
      if (!u.keys.includes(key)) u.keys.push(key);
    } else if (p.e.keyword === 'required') required.push(p);
    else other.push(p);
  }

  const movedInto = new Set<string>(); // `${targetPath}\0${key}`: suppresses "required" follow-ons
  const all: { path: Path; keys: string[]; groups: MisindentGroup[] }[] = [];
  for (const { path, keys } of unknownByParent.values()) {
    all.push({ path, keys, groups: findMisindented(r, path, new Set(keys), cursorAt, tx) });
  }
  const kept = keepCompatible(all.flatMap((x) => x.groups));
  for (const { path, keys, groups } of all) {
    const handled = new Set<string>();
    for (const g of groups) {
      if (!kept.has(g)) continue;
      for (const k of g.keys) {
        handled.add(k);
        movedInto.add(JSON.stringify(g.target.path) + '\u0000' + k);
      }
      // keys the misplaced block swallowed (siblings indented along with it) are follow-ons too
      for (const p of g.pairs) {
        const v = p.value as Node | null;
        if (v && isMap(v)) for (const q of v.items) if (isScalar(q.key)) movedInto.add(JSON.stringify(g.target.path) + '\u0000' + String(q.key.value));
      }
      issues.push({
        rule: 'misindented-field',
        resource: r,
        path: [...path, g.keys[0]!],
        part: 'key',
        message: g.message,
        fix: g.fix,
        block: g.block,
      });
    }
    for (const key of keys) {
      if (handled.has(key)) continue;
      issues.push(unknownFieldIssue(r, path, key, cursorAt));
    }
  }

  const kustomized = required.length > 0 && inKustomization(r.file.path);
  for (const p of required) {
    // kustomize bases are inputs to transformers (commonLabels adds selectors, patches add fields):
    // a field missing there may be added at build time.
    if (kustomized) continue;
    const missing = String(p.e.params.missingProperty);
    if (movedInto.has(JSON.stringify(p.path) + '\u0000' + missing)) continue;
    issues.push(requiredIssue(r, p.path, missing));
  }

  // one message per node: the type error wins over enum/format/pattern
  const byPath = new Map<string, ParsedError[]>();
  for (const p of other) {
    const k = JSON.stringify(p.path);
    pushTo(byPath, k, p);
  }
  for (const list of byPath.values()) {
    const type = list.find((p) => p.e.keyword === 'type');
    const p = type ?? list[0]!;
    const issue = valueIssue(r, p);
    if (issue) issues.push(issue);
  }
  return issues;
}

const kustomizeDirs = new Map<string, boolean>();
/** Is the file in a folder with a kustomization file (a kustomize base or overlay)? */
export function inKustomization(file: string): boolean {
  if (file === '<stdin>') return false;
  const dir = dirname(file);
  let v = kustomizeDirs.get(dir);
  if (v === undefined) {
    v = KUSTOMIZATION_NAMES.some((k) => existsSync(join(dir, k)));
    kustomizeDirs.set(dir, v);
  }
  return v;
}

/**
 * Groups whose fixes can all be applied together: a key is moved into a
 * mapping at most once, and a key is not indented into a block whose tail
 * another group moves out (after that move the block above it is a different one).
 */
function keepCompatible(groups: MisindentGroup[]): Set<MisindentGroup> {
  const sorted = [...groups].sort((a, b) => a.block[0] - b.block[0]);
  const kept = new Set<MisindentGroup>();
  const claimed = new Set<string>();
  const isPrefix = (p: Path, of: Path) => p.length <= of.length && p.every((s, i) => s === of[i]);
  for (const g of sorted) {
    if (g.delta > 0 && sorted.some((o) => o !== g && o.delta < 0 && isPrefix(g.target.path, o.parentPath))) continue;
    const keys = g.keys.map((k) => JSON.stringify(g.target.path) + '\u0000' + k);
    if (keys.some((k) => claimed.has(k))) continue;
    for (const k of keys) claimed.add(k);
    kept.add(g);
  }
  return kept;
}

function where(path: Path, c: SchemaCursor | undefined): string {
  const tn = c && typeName(c);
  if (path.length === 0) return tn ? `a top-level field of ${tn}` : 'a top-level field';
  return tn ? `a field of ${tn} (${pathText(path)})` : `a field of \`${pathText(path)}\``;
}

function unknownFieldIssue(r: GResource, parent: Path, key: string, cursorAt: (p: Path) => SchemaCursor | undefined): SchemaIssue {
  const c = cursorAt(parent);
  const names = c ? fieldNames(c) : [];
  let near = nearNames(key, names);
  if (!near.length) near = singularPlural(key, names);
  const present = new Set<string>();
  const obj = valueAt(r.obj, parent);
  if (obj && typeof obj === 'object') for (const k of Object.keys(obj)) present.add(k);
  let message = `\`${key}\` is not ${where(parent, c)}; the API server rejects unknown fields.`;
  let fix: Fix | undefined;
  if (near.length) {
    message += ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?`;
    // Rename only when the value would be valid under the new name's type: `ipFamily: IPv6`
    // must not become `ipFamilies: IPv6` (a list field given a string).
    const target = cursorAt([...parent, near[0]!]);
    const value = obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
    if (near.length === 1 && !present.has(near[0]!) && (!target || valueFitsType(value, target.schema))) fix = renameKeyFix(r, [...parent, key], near[0]!);
  } else {
    message += ' ' + (elsewhereHint(parent, key, c, cursorAt) ?? 'Remove it, or check its spelling and indentation.');
  }
  return { rule: 'unknown-field', resource: r, path: [...parent, key], part: 'key', message, fix };
}

/** Does the value's JSON type match the schema's top-level type (anyOf/oneOf: any branch)? Unknown: yes. */
function valueFitsType(value: unknown, s: Record<string, any> | undefined): boolean {
  if (!s || value === null || value === undefined) return true;
  const alts = (s.anyOf ?? s.oneOf) as Record<string, any>[] | undefined;
  if (Array.isArray(alts)) return alts.some((a) => valueFitsType(value, a));
  const t = s.type;
  if (t === undefined) return true;
  const types: string[] = Array.isArray(t) ? t : [t];
  const actual = Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
  return types.some((x) => x === actual || (x === 'number' && actual === 'integer'));
}

/** `ipFamily` -> `ipFamilies`, `volumeMount` -> `volumeMounts`, `args` -> `arg`...: the same word in the other number. */
function singularPlural(key: string, names: string[]): string[] {
  const stem = (w: string) => w.toLowerCase().replace(/(ies|y|es|s)$/, '');
  const k = stem(key);
  if (k.length < 3) return [];
  return names.filter((n) => n !== key && stem(n) === k);
}

/** Where a field of that name does belong nearby: inside one of this mapping's fields, or in an enclosing mapping. */
function elsewhereHint(parent: Path, key: string, c: SchemaCursor | undefined, cursorAt: (p: Path) => SchemaCursor | undefined): string | undefined {
  if (c && typeName(c) === 'LabelSelector') return 'Labels to match go under `matchLabels:` (or `matchExpressions:`).';
  const inside: string[] = [];
  for (const f of c ? fieldNames(c) : []) {
    const fc = cursorAt([...parent, f]);
    const item = fc && fc.schema?.type === 'array' ? cursorAt([...parent, f, 0]) : fc;
    if (item && definesKey(item, key)) inside.push(fc!.schema?.type === 'array' ? `${f}[]` : f);
  }
  if (inside.length && inside.length <= 3) return `It is a field of ${inside.map((f) => `\`${f}\``).join(' or ')}: move it there.`;
  for (let n = parent.length - 1; n >= 0; n--) {
    if (typeof parent[n] === 'number') continue;
    const up = parent.slice(0, n);
    const uc = cursorAt(up);
    if (uc && definesKey(uc, key)) return up.length ? `It is a field of \`${pathText(up)}\`: move it there.` : 'It is a top-level field: move it to the top level.';
  }
  return undefined;
}

function valueAt(obj: unknown, path: Path): any {
  let cur: any = obj;
  for (const seg of path) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = cur[seg as any];
  }
  return cur;
}

function renameKeyFix(r: GResource, path: Path, name: string): Fix | undefined {
  const l = locate(r.node, path);
  const k = l?.pair?.key as Node | undefined;
  if (!k || !isScalar(k) || !k.range) return undefined;
  const type = (k as Scalar).type;
  const text = type === Scalar.QUOTE_DOUBLE ? JSON.stringify(name) : type === Scalar.QUOTE_SINGLE ? `'${name}'` : name;
  return { range: [k.range[0], k.range[1]], text };
}

function requiredIssue(r: GResource, parent: Path, missing: string): SchemaIssue {
  const full = pathText([...parent, missing]);
  const message =
    parent.length === 0
      ? `\`${missing}\` is required in ${r.kind}${r.name ? ` \`${r.name}\`` : ''}; add it.`
      : `${full} is required; add \`${missing}\` to ${pathText(parent)}.`;
  return { rule: 'schema', resource: r, range: requiredRange(r, parent), message };
}

/** Where a missing field is reported: the key holding the mapping, or the mapping's first key. */
function requiredRange(r: GResource, parent: Path): [number, number] | undefined {
  const firstKey = (n: Node | undefined): [number, number] | undefined => {
    const items = (n as any)?.items;
    if (Array.isArray(items) && items.length && items[0]?.key) return rangeOf(items[0].key);
    return n ? (rangeOf(n) ? [rangeOf(n)![0], rangeOf(n)![0]] : undefined) : undefined;
  };
  if (parent.length === 0) return firstKey(r.node);
  const l = locate(r.node, parent);
  if (!l) return undefined;
  const last = parent[parent.length - 1];
  if (typeof last === 'string' && l.pair?.key) return rangeOf(l.pair.key as Node);
  return firstKey(l.node);
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function expectedType(t: unknown, pattern?: string): string {
  const types = Array.isArray(t) ? t : [t];
  if (types.includes('string') && types.includes('number') && pattern) return 'a quantity (a number, or a string such as "500m" or "1Gi")';
  if (types.includes('integer') && types.includes('string')) return 'an integer or a string';
  return types.map((x) => TYPE_WORDS[String(x)] ?? String(x)).join(' or ');
}

const QUANTITY_RE_SOURCE = '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$';

function scalarNode(r: GResource, path: Path): Scalar | undefined {
  const n = locate(r.node, path)?.node;
  return n && isScalar(n) ? (n as Scalar) : undefined;
}

function valueIssue(r: GResource, p: ParsedError): SchemaIssue | undefined {
  const { e, path, value } = p;
  const at = pathText(path) || r.kind;
  let message: string;
  let fix: Fix | undefined;
  switch (e.keyword) {
    case 'type': {
      const want = e.params.type;
      const types: string[] = Array.isArray(want) ? want : String(want).split(',');
      message = `${at} must be ${expectedType(types.length > 1 ? types : types[0], types.includes('number') && types.includes('string') ? 'q' : undefined)}, got ${showValue(value)}.`;
      const sc = scalarNode(r, path);
      const quoted = sc && (sc.type === Scalar.QUOTE_DOUBLE || sc.type === Scalar.QUOTE_SINGLE);
      if (typeof value === 'string' && quoted && (types.includes('integer') ? /^-?[0-9]+$/.test(value) : types.includes('number') && /^-?[0-9]+(\.[0-9]+)?$/.test(value))) {
        message += ' Remove the quotes.';
        fix = { range: [sc!.range![0], sc!.range![1]], text: value };
      } else if (typeof value === 'string' && quoted && types.includes('boolean') && /^(true|false)$/.test(value)) {
        message += ' Remove the quotes.';
        fix = { range: [sc!.range![0], sc!.range![1]], text: value };
      } else if (types.length === 1 && types[0] === 'string' && sc && sc.range && (typeof value === 'number' || typeof value === 'boolean')) {
        const src = r.file.text.slice(sc.range[0], sc.range[1]).trim();
        if (src && !/[\n"]/.test(src)) {
          message += ` Quote it: "${src}".`;
          fix = { range: [sc.range[0], sc.range[0] + src.length], text: JSON.stringify(src) };
        }
      } else if (types[0] === 'array' && value && typeof value === 'object' && !Array.isArray(value)) {
        message += ' Write its entries as list items, each starting with `- `.';
      }
      break;
    }
    case 'enum': {
      const allowed: unknown[] = e.params.allowedValues ?? [];
      const shown = allowed.filter((x) => x !== '');
      message = `${at} must be one of ${codeList(shown)}, got ${showValue(value)}.`;
      if (typeof value === 'string') {
        const near = nearNames(value, shown.map(String));
        if (near.length) {
          message += ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?`;
          const sc = scalarNode(r, path);
          if (near.length === 1 && sc?.range) {
            const t = sc.type === Scalar.QUOTE_DOUBLE ? JSON.stringify(near[0]) : sc.type === Scalar.QUOTE_SINGLE ? `'${near[0]}'` : near[0]!;
            fix = { range: [sc.range[0], sc.range[1]], text: t };
          }
        }
      }
      break;
    }
    case 'format': {
      const f = String(e.params.format);
      if (f === 'int32') message = `${at} must be a 32-bit integer (-2147483648 to 2147483647), got ${showValue(value)}.`;
      else if (f === 'int64') message = `${at} must be a 64-bit integer, got ${showValue(value)}.`;
      else if (f === 'byte') {
        message = `${at} must be base64-encoded, got ${showValue(value)}.`;
        if (path.length === 2 && path[0] === 'data' && r.kind === 'Secret') message += ' Encode it (base64), or move it to `stringData` to give it as plain text.';
      } else if (f === 'date-time') message = `${at} must be an RFC 3339 date-time such as "2024-01-31T12:00:00Z", got ${showValue(value)}.`;
      else message = `${at} must be a valid ${f}, got ${showValue(value)}.`;
      break;
    }
    case 'pattern': {
      const pat = String(e.params.pattern);
      if (pat === QUANTITY_RE_SOURCE) message = `${at} must be a quantity such as "500m", "128Mi", "1Gi" or 2, got ${showValue(value)}.`;
      else message = `${at} must match the pattern \`${pat}\`, got ${showValue(value)}.`;
      break;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const op = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' }[e.keyword];
      message = `${at} must be ${op} ${e.params.limit}, got ${showValue(value)}.`;
      break;
    }
    case 'minLength':
    case 'maxLength':
      message = `${at} must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${e.params.limit} characters long, got ${showValue(value)}.`;
      break;
    case 'minItems':
    case 'maxItems':
      message = `${at} must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${e.params.limit} items, got ${Array.isArray(value) ? value.length : showValue(value)}.`;
      break;
    case 'minProperties':
    case 'maxProperties':
      message = `${at} must have ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${e.params.limit} fields.`;
      break;
    case 'uniqueItems':
      message = `${at} must not contain duplicate items (items ${e.params.i} and ${e.params.j} are equal).`;
      break;
    case 'multipleOf':
      message = `${at} must be a multiple of ${e.params.multipleOf}, got ${showValue(value)}.`;
      break;
    case 'anyOf':
    case 'oneOf':
      message = `${at} matches ${e.keyword === 'oneOf' ? 'not exactly one' : 'none'} of the shapes its schema allows (got ${showValue(value)}).`;
      break;
    case 'not':
      message = `${at} has a value its schema forbids (${showValue(value)}).`;
      break;
    default:
      message = `${at} is invalid (${e.keyword}), got ${showValue(value)}.`;
  }
  return { rule: 'schema', resource: r, path, part: 'value', message, fix };
}
