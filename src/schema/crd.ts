/**
 * Custom resources: a CustomResourceDefinition among the linted files
 * validates the objects of its kind with its `openAPIV3Schema`, converted to a
 * JSON Schema ajv understands with the API server's semantics:
 * - strict fields, as the API server's pruning decides them (then strict
 *   field validation reports what it would drop): an object rejects the
 *   fields its schema does not declare (also `type: object` without
 *   properties), unless `x-kubernetes-preserve-unknown-fields: true` is set
 *   on it — or on the array holding it: preserve on an array keeps unknown
 *   fields in its items (and in items of items). Below a preserving node its
 *   declared properties are strict again, with their own schemas;
 * - `additionalProperties: <schema>`: each value follows that schema;
 *   `additionalProperties: true`: any scalar or list, but the API server
 *   prunes (rejects) the fields of a mapping value, having no schema for them;
 * - a `required` field whose schema has a `default` is defaulted before
 *   validation, so it is never missing;
 * - a v1beta1 CRD keeps unknown fields everywhere unless
 *   `spec.preserveUnknownFields: false`;
 * - `x-kubernetes-int-or-string: true`: an integer or a string;
 * - `x-kubernetes-embedded-resource: true`: apiVersion, kind and metadata are
 *   allowed besides the declared properties;
 * - OpenAPI 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers;
 * - `nullable`, `example`, descriptions, CEL `x-kubernetes-validations`
 *   and list/map-type extensions carry no structure podlint checks.
 * The root always allows apiVersion, kind, metadata (an ObjectMeta the API
 * server validates itself) and status. The converted schema is interpreted
 * (src/schema/interpret.ts), not compiled: CRD schemas are big and a manifest
 * holds few of their objects. Conversion happens once per CRD version, and
 * only when an object of that kind is linted.
 */
import { nearest } from '../graph/nearest.js';
import type { GResource, Graph } from '../graph/model.js';
import { NO_FIELDS, type JsonSchema } from './navigate.js';
import type { Validator } from './load.js';
import { interpreter } from './interpret.js';

export interface CrdVersion {
  crd: GResource;
  group: string;
  kind: string;
  version: string;
  /** The CRD's openAPIV3Schema for this version, as written. */
  raw?: any;
  /** apiextensions v1beta1 with `spec.preserveUnknownFields` not false (its default): nothing is pruned. */
  keepsUnknown?: boolean;
  /** Converted schema (after the first validation). */
  schema?: JsonSchema;
  validator?: Validator | null;
}

const VALUE_KEYWORDS = [
  'enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'multipleOf', 'minProperties', 'maxProperties', 'required',
];

/** The formats podlint checks in CRD schemas (the ones the API server rejects bad values of); others are ignored. */
const CHECKED_FORMATS = new Set(['int32', 'int64', 'byte', 'date-time']);

/**
 * Define `o[k]` as computed on first read (then kept): CRD schemas are large
 * and a custom resource touches a small part of them, so sub-schemas are
 * converted only when validation or a finding reaches them.
 */
function lazy(o: Record<string, any>, k: string, make: () => JsonSchema): void {
  Object.defineProperty(o, k, {
    enumerable: true,
    configurable: true,
    get() {
      const v = make();
      Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
      return v;
    },
  });
}

/**
 * How the API server's pruning reaches a node (apiextensions-apiserver
 * pkg/apiserver/schema/pruning): `prune` drops (and strict field validation
 * reports) the fields a node does not declare; `skip` is what a node with
 * `x-kubernetes-preserve-unknown-fields: true` does to its value, and what an
 * array with it does to its items: unknown fields are kept there, while the
 * declared properties (and additionalProperties) are pruned again with their
 * own schemas. `none`: a v1beta1 CRD that preserves unknown fields everywhere.
 */
export type PruneMode = 'prune' | 'skip' | 'none';

export function convertCrdSchema(s: any, isRoot = false, depth = 0, mode: PruneMode = 'prune'): JsonSchema {
  if (!s || typeof s !== 'object' || Array.isArray(s) || depth > 64) return {};
  const out: JsonSchema = {};
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  // prune(): a preserving node is walked by skipPrune()
  const here: PruneMode = mode === 'none' ? 'none' : preserve ? 'skip' : mode;
  const below: PruneMode = mode === 'none' ? 'none' : 'prune';
  if (s['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
  } else if (typeof s.type === 'string') {
    out.type = s.type === 'number' ? 'number' : s.type;
  }
  for (const k of VALUE_KEYWORDS) if (s[k] !== undefined) out[k] = s[k];
  if (Array.isArray(out.required) && s.properties && typeof s.properties === 'object') {
    // defaulting runs before validation: a required field with a default is never missing
    const req = out.required.filter((k: unknown) => !(typeof k === 'string' && s.properties[k] && typeof s.properties[k] === 'object' && s.properties[k].default !== undefined));
    if (req.length) out.required = req;
    else delete out.required;
  }
  if (typeof s.format === 'string' && CHECKED_FORMATS.has(s.format)) out.format = s.format;
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }
  if (s.properties && typeof s.properties === 'object') {
    out.properties = {};
    for (const [k, v] of Object.entries(s.properties)) lazy(out.properties, k, () => convertCrdSchema(v, false, depth + 1, below));
  }
  if (embedded || isRoot) {
    out.properties ??= {};
    const set = (k: string, v: JsonSchema) => Object.defineProperty(out.properties, k, { value: v, enumerable: true, configurable: true, writable: true });
    set('apiVersion', { type: 'string' });
    set('kind', { type: 'string' });
    set('metadata', { type: 'object' });
    if (isRoot) set('status', {});
  }
  // items of a preserving array are skip-pruned; without an items schema nothing below is pruned
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) lazy(out, 'items', () => convertCrdSchema(s.items, false, depth + 1, here === 'skip' ? 'skip' : below));
  const ap = s.additionalProperties;
  if (ap !== undefined && ap !== false) {
    // `additionalProperties: true` has no schema: its values are pruned with none (prune(v, nil))
    if (ap && typeof ap === 'object') lazy(out, 'additionalProperties', () => convertCrdSchema(ap, false, depth + 1, below));
    else if (below === 'prune') out.additionalProperties = { [NO_FIELDS]: true };
    else out.additionalProperties = true;
  } else if (here === 'prune' && !(s['x-kubernetes-int-or-string'] === true)) {
    // an object value's undeclared fields are unknown (also for `type: object` without properties)
    if (out.properties || out.type === 'object' || out.type === undefined) out.additionalProperties = false;
  }
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[k]) && s['x-kubernetes-int-or-string'] !== true) {
      // Structural schemas only allow value validations inside these: keep them, without adding strictness.
      out[k] = s[k].map((x: any) => valueOnly(x, depth + 1));
    }
  }
  if (s.not && typeof s.not === 'object') out.not = valueOnly(s.not, depth + 1);
  return out;
}

/** A value-validation-only sub-schema (inside anyOf/oneOf/allOf/not): no added strictness. */
function valueOnly(s: any, depth: number): JsonSchema {
  if (!s || typeof s !== 'object' || depth > 64) return {};
  const out: JsonSchema = {};
  if (typeof s.type === 'string') out.type = s.type;
  for (const k of VALUE_KEYWORDS) if (s[k] !== undefined) out[k] = s[k];
  if (typeof s.format === 'string' && CHECKED_FORMATS.has(s.format)) out.format = s.format;
  if (s.properties && typeof s.properties === 'object') {
    out.properties = {};
    for (const [k, v] of Object.entries(s.properties)) out.properties[k] = valueOnly(v, depth + 1);
  }
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) out.items = valueOnly(s.items, depth + 1);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(s[k])) out[k] = s[k].map((x: any) => valueOnly(x, depth + 1));
  if (s.not && typeof s.not === 'object') out.not = valueOnly(s.not, depth + 1);
  return out;
}

/**
 * CRD versions found in the graph, by `${group}/${version}/${kind}`. When
 * several CRDs define one (independent samples of a repository), a custom
 * resource is validated against the nearest (src/graph/nearest.ts), else the first.
 */
export class CrdRegistry {
  private readonly byKey = new Map<string, CrdVersion[]>();
  /** Kinds (group/kind) defined by a CRD, whatever the version. */
  private readonly kinds = new Set<string>();

  constructor(graph: Graph) {
    for (const crd of graph.ofKind('CustomResourceDefinition')) {
      if (!crd.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
      const spec = crd.obj.spec;
      if (!spec || typeof spec !== 'object') continue;
      const group = typeof spec.group === 'string' ? spec.group : undefined;
      const kind = typeof spec.names?.kind === 'string' ? spec.names.kind : undefined;
      if (!group || !kind) continue;
      this.kinds.add(`${group}/${kind}`);
      const topSchema = spec.validation?.openAPIV3Schema; // v1beta1
      const versions: any[] = Array.isArray(spec.versions) ? spec.versions : typeof spec.version === 'string' ? [{ name: spec.version }] : [];
      for (const v of versions) {
        if (!v || typeof v.name !== 'string') continue;
        const key = `${group}/${v.name}/${kind}`;
        const raw = v.schema?.openAPIV3Schema ?? topSchema;
        const keepsUnknown = crd.apiVersion === 'apiextensions.k8s.io/v1beta1' && spec.preserveUnknownFields !== false;
        const entry: CrdVersion = { crd, group, kind, version: v.name, raw: raw && typeof raw === 'object' ? raw : undefined, keepsUnknown };
        const list = this.byKey.get(key);
        if (list) list.push(entry);
        else this.byKey.set(key, [entry]);
      }
    }
  }

  /** The CRD version serving apiVersion/kind, if any CRD defines it: the nearest to `from` when several do. */
  lookup(apiVersion: string, kind: string, from?: { file: { path: string } }): CrdVersion | undefined {
    const slash = apiVersion.indexOf('/');
    if (slash < 0) return undefined;
    const list = this.byKey.get(`${apiVersion.slice(0, slash)}/${apiVersion.slice(slash + 1)}/${kind}`);
    if (!list || list.length === 1 || !from) return list?.[0];
    const byCrd = nearest(list.map((v) => v.crd), from)[0];
    return list.find((v) => v.crd === byCrd) ?? list[0];
  }

  /** A CRD defines this group/kind, but not the requested version. */
  definesKind(apiVersion: string, kind: string): boolean {
    const slash = apiVersion.indexOf('/');
    return slash >= 0 && this.kinds.has(`${apiVersion.slice(0, slash)}/${kind}`);
  }

  /** Compile (once) and return the validator of a CRD version; undefined without a schema. */
  validator(v: CrdVersion): Validator | undefined {
    if (v.validator !== undefined) return v.validator ?? undefined;
    const raw = v.raw;
    if (!raw) {
      v.validator = null;
      return undefined;
    }
    try {
      v.schema = convertCrdSchema(raw, true, 0, v.keepsUnknown ? 'none' : 'prune');
      v.validator = compileCached(raw, v.schema);
    } catch {
      v.validator = null;
    }
    return v.validator ?? undefined;
  }
}

const interpreted = new WeakMap<object, Validator>();
function compileCached(raw: object, schema: JsonSchema): Validator {
  let v = interpreted.get(raw);
  if (!v) interpreted.set(raw, (v = interpreter(schema)));
  return v;
}
