/**
 * ObjectMeta checks (k8s.io/apimachinery/pkg/api/validation ValidateObjectMeta
 * and the per-kind name functions of pkg/apis/<group>/validation).
 */
import type { ObjectCheck, CheckContext } from './check.js';
import { isObj, str } from './check.js';
import {
  asPrefix, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isPathSegmentName, isQualifiedName, isValidLabelValue, nearValid,
  type NameCheck,
} from './names.js';
import type { Path } from '../load/nodes.js';

interface NameRule {
  check: NameCheck;
  follows: string;
}
const SUBDOMAIN: NameRule = { check: isDNS1123Subdomain, follows: 'NameIsDNSSubdomain' };
const PATH_SEGMENT: NameRule = { check: isPathSegmentName, follows: 'ValidateRBACName (path.IsValidPathSegmentName)' };

/** The name function of each built-in kind (kinds not listed get no name-format check). */
export const NAME_RULES: Record<string, NameRule> = {
  Namespace: { check: isDNS1123Label, follows: 'ValidateNamespaceName (NameIsDNSLabel)' },
  Service: { check: isDNS1035Label, follows: 'ValidateServiceName (NameIsDNS1035Label)' },
  Role: PATH_SEGMENT,
  ClusterRole: PATH_SEGMENT,
  RoleBinding: PATH_SEGMENT,
  ClusterRoleBinding: PATH_SEGMENT,
};
for (const k of [
  'Pod', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'PersistentVolume', 'Node', 'Endpoints',
  'ResourceQuota', 'LimitRange', 'ReplicationController', 'PodTemplate', 'Deployment', 'ReplicaSet', 'DaemonSet',
  'StatefulSet', 'ControllerRevision', 'Job', 'CronJob', 'Ingress', 'IngressClass', 'NetworkPolicy', 'StorageClass',
  'PriorityClass', 'PodDisruptionBudget', 'CustomResourceDefinition', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'Lease', 'CSIDriver', 'VolumeAttachment', 'RuntimeClass', 'EndpointSlice',
]) NAME_RULES[k] ??= SUBDOMAIN;

/** Custom resources: the API server checks their names as DNS subdomains. */
export const CUSTOM_NAME: NameRule = { check: isDNS1123Subdomain, follows: 'customResourceValidator (NameIsDNSSubdomain)' };

const ANNOTATIONS_MAX = 256 * 1024;

function nameCheck(c: CheckContext, md: Record<string, any>, rule: NameRule | undefined) {
  const name = md.name;
  const gen = md.generateName;
  if ((name === undefined || name === null || name === '') && (gen === undefined || gen === null || gen === '')) {
    c.report(md === c.r.obj.metadata ? ['metadata'] : [], `${c.r.kind} has no \`metadata.name\`: the API server requires a name or generateName. Add \`metadata.name\`.`, 'key');
    return;
  }
  if (!rule) return;
  for (const [field, value, fn] of [
    ['name', name, rule.check],
    ['generateName', gen, asPrefix(rule.check)],
  ] as const) {
    if (typeof value !== 'string' || value === '') continue;
    const why = fn(value);
    if (!why) continue;
    const near = nearValid(value, fn);
    c.report(['metadata', field], `metadata.${field} \`${value.length > 80 ? value.slice(0, 77) + '...' : value}\` of a ${c.r.kind} ${why} (${rule.follows}).${near ? ` Did you mean \`${near}\`?` : ''}`);
  }
}

function labelChecks(c: CheckContext, labels: unknown, at: Path, what: string) {
  if (!isObj(labels)) return;
  const keys = Object.keys(labels);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = labels[k];
    const kw = isQualifiedName(k);
    if (kw) c.report([...at, k], `${what} key \`${k}\` ${kw} (ValidateLabels, IsQualifiedName).`, 'key');
    if (typeof v !== 'string') continue; // non-strings are the schema rule's
    const vw = isValidLabelValue(v);
    if (vw) {
      const near = nearValid(v, isValidLabelValue) ?? (v.length <= 63 ? undefined : v.slice(0, 63).replace(/[^A-Za-z0-9]+$/, ''));
      c.report([...at, k], `${what} value \`${v}\` of \`${k}\` ${vw} (ValidateLabels, IsValidLabelValue).${near ? ` Did you mean \`${near}\`?` : ''}`);
    }
  }
}

function annotationChecks(c: CheckContext, ann: unknown, at: Path) {
  if (!isObj(ann)) return;
  let size = 0;
  for (const [k, v] of Object.entries(ann)) {
    const kw = isQualifiedName(k.toLowerCase());
    if (kw) c.report([...at, k], `annotation key \`${k}\` ${kw} (ValidateAnnotations, IsQualifiedName).`, 'key');
    size += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > ANNOTATIONS_MAX) {
    c.report(at, `annotations total ${size} bytes; the API server allows at most ${ANNOTATIONS_MAX} (256 KiB) per object (ValidateAnnotationsSize). Move the large values into a ConfigMap.`, 'key');
  }
}

export const META_CHECKS: ObjectCheck[] = [
  {
    id: 'metadata-name',
    follows: 'ValidateObjectMeta; NameIsDNSSubdomain, NameIsDNSLabel, NameIsDNS1035Label, ValidateRBACName per kind',
    run(c, obj) {
      const md = isObj(obj.metadata) ? obj.metadata : {};
      nameCheck(c, md, c.builtin ? NAME_RULES[c.r.kind] : c.custom ? CUSTOM_NAME : undefined);
    },
  },
  {
    id: 'metadata-namespace',
    follows: 'ValidateObjectMeta (ValidateNamespaceName: IsDNS1123Label)',
    run(c, obj) {
      const ns = str(obj.metadata?.namespace);
      if (!ns) return;
      const why = isDNS1123Label(ns);
      if (why) {
        const near = nearValid(ns, isDNS1123Label);
        c.report(['metadata', 'namespace'], `metadata.namespace \`${ns}\` ${why} (ValidateNamespaceName).${near ? ` Did you mean \`${near}\`?` : ''}`);
      }
    },
  },
  {
    id: 'metadata-labels',
    follows: 'ValidateLabels (IsQualifiedName, IsValidLabelValue)',
    run(c, obj) {
      labelChecks(c, obj.metadata?.labels, ['metadata', 'labels'], 'label');
    },
  },
  {
    id: 'metadata-annotations',
    follows: 'ValidateAnnotations, ValidateAnnotationsSize',
    run(c, obj) {
      annotationChecks(c, obj.metadata?.annotations, ['metadata', 'annotations']);
    },
  },
];

export { labelChecks, annotationChecks };
