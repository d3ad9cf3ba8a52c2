#!/usr/bin/env node
// Generates podlint's Kubernetes JSON Schemas (committed under
// schemas/kubernetes/v<version>/) from the Kubernetes OpenAPI v2 spec in
// ../shared/k8s-openapi/ (or the file given as the first argument):
//
//   npm run gen:schemas [-- path/to/swagger-v1.36.json.gz]
//
// Output, per Kubernetes minor version:
//   _definitions.json       every definition the kinds use, deduplicated, without
//                           descriptions; `$ref`s stay between definitions
//   <kind>-<group>-<ver>.json  one small schema per apiVersion/kind that `$ref`s
//                           its definition in _definitions.json
//   index.json              apiVersion/kind -> file and definition name
//
// What changes from the OpenAPI document (which is OpenAPI v2: no enums, no
// additionalProperties: false):
// - strictness: every object with `properties` gets `additionalProperties:
//   false` (kubectl's default strict field validation rejects unknown fields);
// - IntOrString -> integer or string; Quantity -> number or a string matching
//   the quantity grammar (resource.ParseQuantity);
// - enums: the values the API server's validation accepts for the most used
//   string fields (ENUMS below; the spec carries them only in prose);
// - formats: int32/int64/byte/date-time are kept and validated by
//   src/schema/formats (int32 range, base64, RFC 3339);
// - `status` of top-level kinds accepts anything (kubectl apply ignores it;
//   dumps of live objects carry it);
// - objects without properties (RawExtension, JSON, FieldsV1 ...) accept any
//   content; the x-kubernetes-* list/map/patch/union extensions are dropped
//   (they describe merging, not validity).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Quantity grammar of k8s.io/apimachinery resource.ParseQuantity (signed number, optional suffix). */
export const QUANTITY_PATTERN = '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const SECCOMP = ['Unconfined', 'RuntimeDefault', 'Localhost'];
const LABEL_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Values the API server accepts (case-sensitive), from the validation code of
 * k8s.io/kubernetes/pkg/apis/* (the `Supported values:` of each field). Keyed by
 * definition, then property; `[]` on a property name means "each item".
 */
const ENUMS = {
  'io.k8s.api.core.v1.Container': {
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
    restartPolicy: ['Always', 'OnFailure', 'Never'],
  },
  'io.k8s.api.core.v1.EphemeralContainer': {
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
  },
  'io.k8s.api.core.v1.ContainerPort': { protocol: PROTOCOLS },
  'io.k8s.api.core.v1.ServicePort': { protocol: PROTOCOLS },
  'io.k8s.api.core.v1.EndpointPort': { protocol: PROTOCOLS },
  'io.k8s.api.discovery.v1.EndpointPort': { protocol: PROTOCOLS },
  'io.k8s.api.networking.v1.NetworkPolicyPort': { protocol: PROTOCOLS },
  'io.k8s.api.core.v1.PodSpec': {
    restartPolicy: ['Always', 'OnFailure', 'Never'],
    dnsPolicy: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
    preemptionPolicy: ['PreemptLowerPriority', 'Never'],
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilyPolicy: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
    'ipFamilies[]': ['IPv4', 'IPv6'],
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': { whenDeleted: ['Retain', 'Delete'], whenScaled: ['Retain', 'Delete'] },
  'io.k8s.api.batch.v1.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'io.k8s.api.batch.v1.JobSpec': { completionMode: ['NonIndexed', 'Indexed'], podReplacementPolicy: ['TerminatingOrFailed', 'Failed'] },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { volumeMode: ['Filesystem', 'Block'], 'accessModes[]': ACCESS_MODES },
  'io.k8s.api.core.v1.PersistentVolumeSpec': {
    volumeMode: ['Filesystem', 'Block'],
    'accessModes[]': ACCESS_MODES,
    persistentVolumeReclaimPolicy: ['Retain', 'Recycle', 'Delete'],
  },
  'io.k8s.api.storage.v1.StorageClass': { reclaimPolicy: ['Retain', 'Delete'], volumeBindingMode: ['Immediate', 'WaitForFirstConsumer'] },
  'io.k8s.api.core.v1.HostPathVolumeSource': {
    type: ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'],
  },
  'io.k8s.api.core.v1.Toleration': {
    operator: ['', 'Exists', 'Equal', 'Lt', 'Gt'],
    effect: ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  },
  'io.k8s.api.core.v1.NodeSelectorRequirement': { operator: [...LABEL_OPS, 'Gt', 'Lt'] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { operator: LABEL_OPS },
  'io.k8s.api.core.v1.TopologySpreadConstraint': {
    whenUnsatisfiable: ['DoNotSchedule', 'ScheduleAnyway'],
    nodeAffinityPolicy: ['Honor', 'Ignore'],
    nodeTaintsPolicy: ['Honor', 'Ignore'],
  },
  'io.k8s.api.core.v1.SeccompProfile': { type: SECCOMP },
  'io.k8s.api.core.v1.AppArmorProfile': { type: SECCOMP },
  'io.k8s.api.core.v1.PodSecurityContext': {
    fsGroupChangePolicy: ['OnRootMismatch', 'Always'],
    seLinuxChangePolicy: ['MountOption', 'Recursive'],
    supplementalGroupsPolicy: ['Merge', 'Strict'],
  },
  'io.k8s.api.core.v1.SecurityContext': { procMount: ['Default', 'Unmasked'] },
  'io.k8s.api.core.v1.HTTPGetAction': { scheme: ['HTTP', 'HTTPS'] },
  'io.k8s.api.core.v1.VolumeMount': {
    mountPropagation: ['None', 'HostToContainer', 'Bidirectional'],
    recursiveReadOnly: ['Disabled', 'IfPossible', 'Enabled'],
  },
  'io.k8s.api.core.v1.ContainerResizePolicy': { restartPolicy: ['NotRequired', 'RestartContainer'] },
  'io.k8s.api.networking.v1.NetworkPolicySpec': { 'policyTypes[]': ['Ingress', 'Egress'] },
  'io.k8s.api.networking.v1.HTTPIngressPath': { pathType: ['Exact', 'Prefix', 'ImplementationSpecific'] },
  'io.k8s.api.rbac.v1.Subject': { kind: ['User', 'Group', 'ServiceAccount'] },
  'io.k8s.api.rbac.v1.RoleRef': { kind: ['Role', 'ClusterRole'] },
  'io.k8s.api.autoscaling.v2.MetricSpec': { type: ['Object', 'Pods', 'Resource', 'ContainerResource', 'External'] },
  'io.k8s.api.autoscaling.v2.MetricTarget': { type: ['Utilization', 'Value', 'AverageValue'] },
  'io.k8s.api.autoscaling.v2.HPAScalingPolicy': { type: ['Pods', 'Percent'] },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { selectPolicy: ['Max', 'Min', 'Disabled'] },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': { unhealthyPodEvictionPolicy: ['IfHealthyBudget', 'AlwaysAllow'] },
  'io.k8s.api.admissionregistration.v1.ValidatingWebhook': {
    failurePolicy: ['Ignore', 'Fail'],
    sideEffects: ['None', 'NoneOnDryRun'],
    matchPolicy: ['Exact', 'Equivalent'],
  },
  'io.k8s.api.admissionregistration.v1.MutatingWebhook': {
    failurePolicy: ['Ignore', 'Fail'],
    sideEffects: ['None', 'NoneOnDryRun'],
    matchPolicy: ['Exact', 'Equivalent'],
    reinvocationPolicy: ['Never', 'IfNeeded'],
  },
  'io.k8s.api.admissionregistration.v1.RuleWithOperations': {
    scope: ['*', 'Cluster', 'Namespaced'],
    'operations[]': ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'],
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec': { scope: ['Namespaced', 'Cluster'] },
};

/** Meta kinds that many groups list but nobody writes in a manifest. */
const SKIP_KINDS = new Set(['DeleteOptions', 'WatchEvent', 'Status', 'APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions']);

/** Definitions whose values may be anything (content not described by the spec). */
const ANY = new Set([
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
]);

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function convert(s, where) {
  if (!s || typeof s !== 'object') return {};
  if (s.$ref) {
    const name = s.$ref.replace('#/definitions/', '');
    return { $ref: `#/definitions/${name}` };
  }
  const out = {};
  if (s.format === 'int-or-string' || s['x-kubernetes-int-or-string']) return { type: ['integer', 'string'] };
  if (s.type) out.type = s.type;
  if (s.format && ['int32', 'int64', 'byte', 'date-time'].includes(s.format)) out.format = s.format;
  if (s.enum) out.enum = s.enum;
  if (s.properties) {
    out.properties = {};
    for (const k of Object.keys(s.properties).sort()) out.properties[k] = convert(s.properties[k], `${where}.${k}`);
    // the API server defaults a field before validating it: a required field with a default is never missing
    const required = (s.required ?? []).filter((k) => s.properties[k]?.default === undefined);
    if (required.length) out.required = required;
    // the pruning rules of CRDs where the spec carries them: preserve keeps unknown fields, an embedded resource its TypeMeta/ObjectMeta
    if (!s['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
    if (s['x-kubernetes-embedded-resource']) for (const k of ['apiVersion', 'kind', 'metadata']) out.properties[k] ??= k === 'metadata' ? { type: 'object' } : { type: 'string' };
  } else if (s.additionalProperties !== undefined) {
    out.additionalProperties = s.additionalProperties === true ? true : convert(s.additionalProperties, `${where}{}`);
  }
  if (s.items) out.items = convert(s.items, `${where}[]`);
  if (out.type === 'object' && !s.properties && s.additionalProperties === undefined) {
    // RawExtension, FieldsV1, Patch ...: any object content.
  }
  return out;
}

export function generate(swagger, version, enums = ENUMS) {
  const D = swagger.definitions;
  const defs = {};
  for (const [name, d] of Object.entries(D)) {
    if (ANY.has(name)) defs[name] = {};
    else if (name === INT_OR_STRING) defs[name] = { type: ['integer', 'string'] };
    else if (name === QUANTITY) defs[name] = { type: ['string', 'number'], pattern: QUANTITY_PATTERN };
    else defs[name] = convert(d, name);
  }
  // enums
  for (const [def, props] of Object.entries(enums)) {
    const d = defs[def];
    if (!d?.properties) throw new Error(`enum table: no definition ${def}`);
    for (const [p, values] of Object.entries(props)) {
      const each = p.endsWith('[]');
      const prop = d.properties[each ? p.slice(0, -2) : p];
      if (!prop) throw new Error(`enum table: ${def} has no property ${p}`);
      const target = each ? prop.items : prop;
      if (!target || target.type !== 'string') throw new Error(`enum table: ${def}.${p} is not a string`);
      target.enum = values;
    }
  }
  // kinds
  const kinds = [];
  for (const [name, d] of Object.entries(D)) {
    for (const g of d['x-kubernetes-group-version-kind'] ?? []) {
      if (SKIP_KINDS.has(g.kind) || g.kind.endsWith('List')) continue;
      const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
      kinds.push({ apiVersion, kind: g.kind, definition: name });
      const top = defs[name];
      if (top.properties?.status) top.properties.status = {};
    }
  }
  kinds.sort((a, b) => a.apiVersion.localeCompare(b.apiVersion) || a.kind.localeCompare(b.kind));
  // keep only definitions reachable from the kinds
  const used = new Set();
  const visit = (n) => {
    if (used.has(n)) return;
    used.add(n);
    const walk = (s) => {
      if (!s || typeof s !== 'object') return;
      if (typeof s.$ref === 'string') visit(s.$ref.replace('#/definitions/', ''));
      for (const [k, v] of Object.entries(s)) if (k !== '$ref' && typeof v === 'object') walk(v);
    };
    walk(defs[n]);
  };
  for (const k of kinds) visit(k.definition);
  const definitions = {};
  for (const n of [...used].sort()) definitions[n] = defs[n];
  const files = {};
  const base = `https://github.com/podlint/podlint/schemas/kubernetes/v${version}/`;
  files['_definitions.json'] = { $schema: 'http://json-schema.org/draft-07/schema#', $id: `${base}_definitions.json`, definitions };
  const index = { kubernetesVersion: version, source: 'Kubernetes OpenAPI v2 (api/openapi-spec/swagger.json) release-' + version, kinds: {} };
  for (const k of kinds) {
    const group = k.apiVersion.includes('/') ? k.apiVersion.split('/')[0] : '';
    const ver = k.apiVersion.split('/').pop();
    const file = `${k.kind.toLowerCase()}-${group ? group + '-' : ''}${ver}.json`;
    files[file] = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: base + file,
      title: `${k.apiVersion} ${k.kind}`,
      $ref: `_definitions.json#/definitions/${k.definition}`,
    };
    index.kinds[`${k.apiVersion}/${k.kind}`] = { file, definition: k.definition };
  }
  files['index.json'] = index;
  return files;
}

/** One definition per line: compact, yet reviewable in a diff. */
function definitionsText(v) {
  const { definitions, ...head } = v;
  const lines = Object.entries(definitions).map(([k, d]) => `  ${JSON.stringify(k)}: ${JSON.stringify(d)}`);
  const h = JSON.stringify(head).slice(1, -1);
  return `{${h},\n "definitions": {\n${lines.join(',\n')}\n }\n}\n`;
}

function stable(v) {
  return JSON.stringify(v, null, 1) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const src = process.argv[2] ?? join(root, '..', 'shared', 'k8s-openapi', 'swagger-v1.36.json.gz');
  if (!existsSync(src)) {
    console.error(`gen-schemas: ${src} not found (pass the OpenAPI v2 spec as the first argument)`);
    process.exit(2);
  }
  const raw = readFileSync(src);
  const text = src.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const m = /v(\d+\.\d+)/.exec(src.split('/').pop());
  const version = m ? m[1] : '1.36';
  const swagger = JSON.parse(text);
  const files = generate(swagger, version);
  files['index.json'].sha256 = createHash('sha256').update(text).digest('hex');
  const out = join(root, 'schemas', 'kubernetes', `v${version}`);
  if (existsSync(out)) for (const f of readdirSync(out)) if (f.endsWith('.json')) rmSync(join(out, f));
  mkdirSync(out, { recursive: true });
  let bytes = 0;
  for (const [f, v] of Object.entries(files)) {
    const s = f === '_definitions.json' ? definitionsText(v) : stable(v);
    bytes += s.length;
    writeFileSync(join(out, f), s);
  }
  console.log(`gen-schemas: ${Object.keys(files).length} files, ${(bytes / 1024).toFixed(0)} KiB in ${out}`);
}
