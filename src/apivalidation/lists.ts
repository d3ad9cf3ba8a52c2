/**
 * List semantics from the OpenAPI extensions: `x-kubernetes-list-type: map`
 * (entries keyed by `x-kubernetes-list-map-keys`) and `set` (entries unique).
 * A duplicate is reported at the second entry, as the API server does
 * ("Duplicate value"). Key values are taken after defaulting: a CRD's
 * `default` on a key property, and for built-in kinds the API server's
 * defaults of key fields (`protocol: TCP`).
 *
 * Built-in kinds: the table schemas/api-validation/lists-v<version>.json,
 * generated from the Kubernetes OpenAPI spec by scripts/gen-api-lists.mjs
 * (read on first use). Custom resources: their CRD's openAPIV3Schema.
 *
 * Built-in kinds differ from custom resources here: `kubectl create` and
 * client-side `kubectl apply` accept two entries with the same key in a
 * built-in list (the API server only warns, e.g. "duplicate port definition"),
 * while server-side apply rejects them ("duplicate entries for key",
 * kubernetes/kubernetes#113482). So an entry that repeats another one exactly
 * is an error (it is redundant, and server-side apply fails on it), and
 * entries that share a key but differ elsewhere are a warning — except in
 * lists whose validation rejects a repeated key itself (pod volumes,
 * Service ports, volume devices: VALIDATED_UNIQUE), an error. Custom
 * resources are validated by the apiextensions server, which rejects every
 * duplicate key.
 *
 * Left to other rules: duplicate container names (`duplicate-container-name`),
 * mount paths (`duplicate-mount-path`) and env names (`duplicate-env-var`:
 * the pod validation accepts a repeated env name, ValidateEnv has no
 * duplicate check, and from 1.30 the API server only warns "hides previous
 * definition"; one root cause, one finding).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from '../schema/load.js';
import type { Path } from '../load/nodes.js';
import { isObj } from './check.js';

interface ListEntry {
  ref?: string;
  shape?: 'a' | 'm';
  keys?: string[];
  set?: true;
}
type Table = Record<string, Record<string, ListEntry>>;

const tables = new Map<string, Table | null>();
function table(version: string): Table | undefined {
  if (!tables.has(version)) {
    try {
      tables.set(version, JSON.parse(readFileSync(join(packageDir(), 'schemas', 'api-validation', `lists-v${version}.json`), 'utf8')).definitions);
    } catch {
      tables.set(version, null);
    }
  }
  return tables.get(version) ?? undefined;
}

/** Lists owned by other rules or accepted with duplicates by the API server: `${definition}.${property}`. */
const LEFT_OUT = new Set([
  'io.k8s.api.core.v1.PodSpec.containers',
  'io.k8s.api.core.v1.PodSpec.initContainers',
  'io.k8s.api.core.v1.PodSpec.ephemeralContainers',
  'io.k8s.api.core.v1.Container.volumeMounts',
  'io.k8s.api.core.v1.EphemeralContainer.volumeMounts',
  'io.k8s.api.core.v1.Container.env',
  'io.k8s.api.core.v1.EphemeralContainer.env',
]);

/**
 * Built-in lists whose validation itself rejects a repeated key, whatever the
 * apply mode ("Duplicate value"): an error even when the entries differ.
 */
const VALIDATED_UNIQUE = new Map([
  ['io.k8s.api.core.v1.PodSpec.volumes', 'ValidateVolumes'],
  ['io.k8s.api.core.v1.ServiceSpec.ports', 'ValidateService'],
  ['io.k8s.api.core.v1.Container.volumeDevices', 'validateVolumeDevices'],
  ['io.k8s.api.core.v1.EphemeralContainer.volumeDevices', 'validateVolumeDevices'],
]);

/** Defaults the API server applies to list-map key fields of built-in kinds before validating. */
const BUILTIN_KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

export interface Duplicate {
  path: Path;
  firstIndex: number;
  /** The key fields and their (defaulted) values; undefined for a set. */
  key?: [string, unknown][];
  value?: unknown;
  /** The entry equals the first one in every field (after defaults). */
  identical: boolean;
  /** The Kubernetes validation function that rejects the repeated key (VALIDATED_UNIQUE). */
  rejectedBy?: string;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (isObj(v)) return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  return JSON.stringify(v) ?? 'null';
}

function withDefaults(item: unknown, keys: string[], defaults: (k: string) => unknown): unknown {
  if (!isObj(item)) return item;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (v !== null && v !== undefined) o[k] = v;
  for (const k of keys) if (o[k] === undefined && defaults(k) !== undefined) o[k] = defaults(k);
  return o;
}

function checkMapList(items: unknown[], keys: string[], defaults: (k: string) => unknown, at: Path | PathLink, out: Duplicate[]) {
  if (!keys.length) return;
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (!isObj(item)) return;
    const key: [string, unknown][] = [];
    for (const k of keys) {
      let v = item[k];
      if (v === undefined || v === null) v = defaults(k);
      if (v === undefined) return; // a missing key without a default: not comparable here
      key.push([k, v]);
    }
    const id = canonical(key);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else out.push({ path: [...pathOf(at), i], firstIndex: first, key, identical: canonical(withDefaults(item, keys, defaults)) === canonical(withDefaults(items[first], keys, defaults)) });
  });
}

function checkSetList(items: unknown[], at: Path | PathLink, out: Duplicate[]) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (item === null || item === undefined) return;
    const id = canonical(item);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else out.push({ path: [...pathOf(at), i], firstIndex: first, value: item, identical: true });
  });
}

/** A path built while walking, one link per step: made into an array only for a duplicate found. */
interface PathLink {
  up: PathLink | undefined;
  key: string | number;
}
function pathOf(at: Path | PathLink): Path {
  if (Array.isArray(at)) return at;
  const out: (string | number)[] = [];
  for (let l: PathLink | undefined = at as PathLink; l; l = l.up) out.push(l.key);
  return out.reverse();
}

/** A definition's properties with what the walk needs of each, computed once per table and definition. */
const propsCache = new WeakMap<object, Map<string, [string, ListEntry, boolean, string | undefined][] | undefined>>();
function propsOf(t: Table, def: string) {
  let m = propsCache.get(t);
  if (!m) propsCache.set(t, (m = new Map()));
  if (m.has(def)) return m.get(def);
  const entry = t[def];
  // Only the properties the walk can act on: those it descends into (a ref) and the lists it checks (keys or set, not left out).
  const props = entry
    ? Object.entries(entry)
        .map(([prop, e]): [string, ListEntry, boolean, string | undefined] => [prop, e, LEFT_OUT.has(`${def}.${prop}`), VALIDATED_UNIQUE.get(`${def}.${prop}`)])
        .filter(([, e, leftOut]) => Boolean(e.ref) || (!leftOut && Boolean(e.keys || e.set)))
    : undefined;
  m.set(def, props);
  return props;
}

/** Duplicates in an object of a built-in kind, walking from its definition. */
export function builtinDuplicates(version: string, definition: string, obj: unknown): Duplicate[] {
  const t = table(version);
  const out: Duplicate[] = [];
  if (!t) return out;
  const walk = (def: string, v: unknown, at: PathLink | undefined, depth: number) => {
    const props = propsOf(t, def);
    if (!props || !isObj(v) || depth > 40) return;
    // an indexed loop without destructuring: this runs for every object of every resource, mostly before V8 optimizes it,
    // where for-of and a tuple pattern allocate two iterators per property
    for (let j = 0; j < props.length; j++) {
      const row = props[j]!;
      const prop = row[0];
      const e = row[1];
      const leftOut = row[2];
      const validatedBy = row[3];
      const x = v[prop];
      if (x === undefined || x === null) continue;
      const isList = Array.isArray(x) && !leftOut;
      if (!isList && !e.ref) continue;
      const p: PathLink = { up: at, key: prop };
      // a list of fewer than two entries has no duplicate: no key strings built for it (most lists of a pod have one entry)
      if (isList && x.length > 1) {
        if (e.keys) {
          const from = out.length;
          checkMapList(x, e.keys, (k) => BUILTIN_KEY_DEFAULTS[k], p, out);
          if (validatedBy) for (let i = from; i < out.length; i++) out[i]!.rejectedBy = validatedBy;
        }
        else if (e.set) checkSetList(x, p, out);
      }
      if (!e.ref) continue;
      if (e.shape === 'a') list(x).forEach((y, i) => walk(e.ref!, y, { up: p, key: i }, depth + 1));
      else if (e.shape === 'm') isObj(x) && Object.entries(x).forEach(([k, y]) => walk(e.ref!, y, { up: p, key: k }, depth + 1));
      else walk(e.ref, x, p, depth + 1);
    }
  };
  walk(definition, obj, undefined, 0);
  return out;
}
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Duplicates in a custom resource, walking its CRD's openAPIV3Schema (with the schema's `default`s for key fields). */
export function crdDuplicates(schema: unknown, obj: unknown): Duplicate[] {
  const out: Duplicate[] = [];
  const walk = (s: any, v: unknown, at: Path, depth: number) => {
    if (!isObj(s) || depth > 64 || v === null || v === undefined) return;
    if (Array.isArray(v)) {
      const lt = s['x-kubernetes-list-type'];
      if (lt === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) {
        const props = isObj(s.items) && isObj(s.items.properties) ? s.items.properties : {};
        checkMapList(v, s['x-kubernetes-list-map-keys'].filter((k: unknown) => typeof k === 'string'), (k) => (isObj(props[k]) ? props[k].default : undefined), at, out);
      } else if (lt === 'set') checkSetList(v, at, out);
      if (isObj(s.items)) v.forEach((y, i) => walk(s.items, y, [...at, i], depth + 1));
      return;
    }
    if (!isObj(v)) return;
    if (isObj(s.properties)) {
      for (const [k, ps] of Object.entries(s.properties)) if (k in v) walk(ps, v[k], [...at, k], depth + 1);
    }
    if (isObj(s.additionalProperties)) {
      for (const [k, y] of Object.entries(v)) if (!isObj(s.properties) || !(k in s.properties)) walk(s.additionalProperties, y, [...at, k], depth + 1);
    }
  };
  walk(schema, obj, [], 0);
  return out;
}
