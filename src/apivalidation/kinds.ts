/**
 * `unknown-kind`: a kind that the API server does not serve in a built-in
 * apiVersion (it answers "no matches for kind ... in version ..."). Kinds are
 * case-sensitive: `configmap` is not `ConfigMap`. Custom groups are left to
 * the schema analysis (a kind with no CRD among the linted files stays a
 * notice), and retired apiVersions to `deprecated-api-version`.
 */
import type { SchemaSet } from '../schema/load.js';
import { nearNames } from '../engine/suggest.js';
import { allDeprecations } from '../schema/deprecations.js';

/**
 * Files that carry a built-in apiVersion but are not API objects: `kind: List`
 * (kubectl unpacks it), kubeconfig files (`v1` `Config`) and the legacy
 * kube-scheduler policy file (`v1` `Policy`).
 */
const NOT_API_OBJECTS = new Set(['v1/List', 'v1/Config', 'v1/Policy']);

interface KindIndex {
  /** apiVersion -> kinds it serves */
  byApiVersion: Map<string, string[]>;
  /** kind -> apiVersions serving it */
  byKind: Map<string, string[]>;
}
const indexes = new WeakMap<SchemaSet, KindIndex>();

export function kindIndex(set: SchemaSet): KindIndex {
  let ix = indexes.get(set);
  if (ix) return ix;
  ix = { byApiVersion: new Map(), byKind: new Map() };
  for (const gvk of Object.keys(set.kinds())) {
    const slash = gvk.lastIndexOf('/');
    const av = gvk.slice(0, slash);
    const kind = gvk.slice(slash + 1);
    (ix.byApiVersion.get(av) ?? ix.byApiVersion.set(av, []).get(av)!).push(kind);
    (ix.byKind.get(kind) ?? ix.byKind.set(kind, []).get(kind)!).push(av);
  }
  indexes.set(set, ix);
  return ix;
}

/** Whether `apiVersion` is one the shipped schemas serve (a built-in group/version). */
export function isBuiltinApiVersion(set: SchemaSet, apiVersion: string): boolean {
  return kindIndex(set).byApiVersion.has(apiVersion);
}

/** The message for a kind not served in a built-in apiVersion, or undefined when it is served. */
export function unknownKindMessage(set: SchemaSet, apiVersion: string, kind: string): string | undefined {
  const ix = kindIndex(set);
  const kinds = ix.byApiVersion.get(apiVersion);
  if (!kinds || kinds.includes(kind) || NOT_API_OBJECTS.has(`${apiVersion}/${kind}`)) return undefined;
  const head = `kind \`${kind}\` does not exist in apiVersion \`${apiVersion}\`; the API server answers "no matches for kind".`;
  const sameCase = kinds.find((k) => k.toLowerCase() === kind.toLowerCase());
  if (sameCase) return `${head} Kinds are case-sensitive: did you mean \`${sameCase}\`?`;
  const elsewhere = ix.byKind.get(kind);
  if (elsewhere?.length) {
    const pick = elsewhere.find((v) => !/alpha|beta/.test(v)) ?? elsewhere[0]!;
    return `${head} \`${kind}\` is served by \`apiVersion: ${pick}\`. Did you mean \`${pick}\`?`;
  }
  // A kind no longer served anywhere (PodSecurityPolicy): its old apiVersions are deprecated-api-version's, this one never existed.
  const gone = allDeprecations().filter((d) => d.kind === kind && d.removed && !d.replacement);
  if (gone.length) {
    const last = gone.reduce((a, b) => (Number(b.removed!.split('.')[1]) > Number(a.removed!.split('.')[1]) ? b : a));
    return `${head} \`${kind}\` was only ever served by ${gone.map((d) => `\`${d.apiVersion}\``).join(' and ')}, and no release since ${last.removed} serves it${last.note ? `: ${last.note}` : ''}.`;
  }
  for (const [k, avs] of ix.byKind) {
    if (k.toLowerCase() === kind.toLowerCase()) return `${head} Did you mean \`${k}\` (\`apiVersion: ${avs.find((v) => !/alpha|beta/.test(v)) ?? avs[0]}\`)?`;
  }
  const near = nearNames(kind, kinds);
  return near.length ? `${head} Did you mean ${near.map((n) => '`' + n + '`').join(' or ')}?` : `${head} Check the kind and apiVersion.`;
}
