/**
 * Deprecated and removed apiVersions of built-in kinds.
 *
 * Sources: the Kubernetes "Deprecated API Migration Guide"
 * (kubernetes.io/docs/reference/using-api/deprecation-guide/: the release in
 * which each version stops being served and its replacement) and, for the
 * release in which a version was deprecated and for versions the guide does not
 * list, the API types' prerelease-lifecycle tags (zz_generated.prerelease-lifecycle.go:
 * what the API server's `Warning: <gv> <Kind> is deprecated in v1.X+, unavailable
 * in v1.Y+` headers say). When a lifecycle tag is not explicit, Kubernetes
 * deprecates a beta version three minors after it was introduced and stops
 * serving it three minors later; those entries are marked "lifecycle default".
 */
import { compareVersions, parseVersion, type KubeVersion } from './versions.js';

export interface Deprecation {
  apiVersion: string;
  kind: string;
  /** Release that deprecated it ("1.16"). */
  deprecated?: string;
  /** First release that no longer serves it; undefined while it is still served. */
  removed?: string;
  /** apiVersion to migrate to (same kind unless `replacementKind`); undefined when there is none. */
  replacement?: string;
  replacementKind?: string;
  /** What else changes when migrating (short), or how to migrate when there is no replacement. */
  note?: string;
  /** The guide lists no notable changes: changing apiVersion alone migrates the object (offered as a fix). */
  sameSchema?: boolean;
}

type Row = [apiVersion: string, kinds: string, deprecated: string | undefined, removed: string | undefined, replacement: string | undefined, extra?: Partial<Deprecation>];

const APPS_NOTE = '`spec.selector` is required in apps/v1';
const ROWS: Row[] = [
  // v1.16
  ['extensions/v1beta1', 'Deployment DaemonSet ReplicaSet', '1.8', '1.16', 'apps/v1', { note: APPS_NOTE }],
  ['apps/v1beta1', 'Deployment StatefulSet ReplicaSet ControllerRevision', '1.8', '1.16', 'apps/v1', { note: APPS_NOTE }],
  ['apps/v1beta2', 'Deployment StatefulSet DaemonSet ReplicaSet ControllerRevision', '1.9', '1.16', 'apps/v1', { note: APPS_NOTE }],
  ['extensions/v1beta1', 'NetworkPolicy', '1.9', '1.16', 'networking.k8s.io/v1', { sameSchema: true }],
  // its successor policy/v1beta1 PodSecurityPolicy was removed in 1.25 too
  ['extensions/v1beta1', 'PodSecurityPolicy', '1.11', '1.16', undefined, { note: 'PodSecurityPolicy was removed in 1.25; migrate to Pod Security Admission (namespace labels) or a third-party admission webhook' }],
  // v1.22
  ['admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration ValidatingWebhookConfiguration', '1.16', '1.22', 'admissionregistration.k8s.io/v1', { note: '`sideEffects` and `admissionReviewVersions` are required in v1' }],
  ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', '1.16', '1.22', 'apiextensions.k8s.io/v1', { note: 'schemas move to `spec.versions[*].schema.openAPIV3Schema`' }],
  ['apiregistration.k8s.io/v1beta1', 'APIService', '1.19', '1.22', 'apiregistration.k8s.io/v1', { sameSchema: true }],
  ['authentication.k8s.io/v1beta1', 'TokenReview', '1.19', '1.22', 'authentication.k8s.io/v1', { sameSchema: true }],
  ['authorization.k8s.io/v1beta1', 'LocalSubjectAccessReview SelfSubjectAccessReview SubjectAccessReview SelfSubjectRulesReview', '1.19', '1.22', 'authorization.k8s.io/v1', { note: '`spec.group` is renamed to `spec.groups`' }],
  ['certificates.k8s.io/v1beta1', 'CertificateSigningRequest', '1.19', '1.22', 'certificates.k8s.io/v1', { note: '`spec.signerName` and `spec.usages` are required in v1' }],
  ['coordination.k8s.io/v1beta1', 'Lease', '1.19', '1.22', 'coordination.k8s.io/v1', { sameSchema: true }],
  ['extensions/v1beta1', 'Ingress', '1.14', '1.22', 'networking.k8s.io/v1', { note: 'backends become `service.name`/`service.port`, and `pathType` is required' }],
  ['networking.k8s.io/v1beta1', 'Ingress', '1.19', '1.22', 'networking.k8s.io/v1', { note: 'backends become `service.name`/`service.port`, and `pathType` is required' }],
  ['networking.k8s.io/v1beta1', 'IngressClass', '1.19', '1.22', 'networking.k8s.io/v1', { sameSchema: true }],
  ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole ClusterRoleBinding Role RoleBinding', '1.17', '1.22', 'rbac.authorization.k8s.io/v1', { sameSchema: true }],
  ['rbac.authorization.k8s.io/v1alpha1', 'ClusterRole ClusterRoleBinding Role RoleBinding', '1.17', '1.22', 'rbac.authorization.k8s.io/v1', { sameSchema: true }],
  ['scheduling.k8s.io/v1beta1', 'PriorityClass', '1.14', '1.22', 'scheduling.k8s.io/v1', { sameSchema: true }],
  ['scheduling.k8s.io/v1alpha1', 'PriorityClass', '1.14', '1.22', 'scheduling.k8s.io/v1', { sameSchema: true }],
  ['storage.k8s.io/v1beta1', 'CSIDriver CSINode StorageClass VolumeAttachment', '1.19', '1.22', 'storage.k8s.io/v1', { sameSchema: true }],
  // v1.25
  ['batch/v1beta1', 'CronJob', '1.21', '1.25', 'batch/v1', { sameSchema: true }],
  ['batch/v2alpha1', 'CronJob', '1.8', '1.21', 'batch/v1', { sameSchema: true }],
  ['discovery.k8s.io/v1beta1', 'EndpointSlice', '1.21', '1.25', 'discovery.k8s.io/v1', { note: 'use per-endpoint `nodeName` and `zone` instead of `topology`' }],
  ['events.k8s.io/v1beta1', 'Event', '1.22', '1.25', 'events.k8s.io/v1', { note: '`involvedObject` is renamed to `regarding`' }],
  ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.22', '1.25', 'autoscaling/v2', { note: 'metric targets become `target: {type, averageUtilization|averageValue|value}`' }],
  ['policy/v1beta1', 'PodDisruptionBudget', '1.21', '1.25', 'policy/v1', { note: 'an empty `spec.selector` selects every pod of the namespace in policy/v1' }],
  ['policy/v1beta1', 'PodSecurityPolicy', '1.21', '1.25', undefined, { note: 'migrate to Pod Security Admission (namespace labels) or a third-party admission webhook' }],
  ['node.k8s.io/v1beta1', 'RuntimeClass', '1.22', '1.25', 'node.k8s.io/v1', { sameSchema: true }],
  // v1.26
  ['flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema PriorityLevelConfiguration', '1.23', '1.26', 'flowcontrol.apiserver.k8s.io/v1'],
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.23', '1.26', 'autoscaling/v2', { sameSchema: true }],
  // v1.27
  ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.24', '1.27', 'storage.k8s.io/v1', { sameSchema: true }],
  // v1.29
  ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema PriorityLevelConfiguration', '1.26', '1.29', 'flowcontrol.apiserver.k8s.io/v1', { note: '`spec.limited.assuredConcurrencyShares` is renamed to `spec.limited.nominalConcurrencyShares`' }],
  // v1.32
  ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema PriorityLevelConfiguration', '1.29', '1.32', 'flowcontrol.apiserver.k8s.io/v1', { sameSchema: true }],
  ['admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding', '1.29', '1.32', 'admissionregistration.k8s.io/v1'],
  // v1.34 (lifecycle default: introduced 1.28)
  ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding', '1.31', '1.34', 'admissionregistration.k8s.io/v1'],
  // alpha APIs removed long ago, no replacement
  ['admissionregistration.k8s.io/v1alpha1', 'InitializerConfiguration', '1.7', '1.14', undefined, { note: 'initializers were removed; use admission webhooks' }],
  // still served, deprecated
  ['v1', 'Endpoints', '1.33', undefined, 'discovery.k8s.io/v1', { replacementKind: 'EndpointSlice', note: 'EndpointSlices are managed by the control plane for Services with a selector' }],
  ['storage.k8s.io/v1beta1', 'VolumeAttributesClass', '1.34', '1.37', 'storage.k8s.io/v1', { sameSchema: true }],
  // lifecycle default: introduced 1.31, stable in 1.33
  ['networking.k8s.io/v1beta1', 'IPAddress ServiceCIDR', '1.34', '1.37', 'networking.k8s.io/v1', { sameSchema: true }],
  // lifecycle default: v1beta1 introduced 1.32, v1beta2 1.33; stable resource.k8s.io/v1 in 1.34
  ['resource.k8s.io/v1beta1', 'DeviceClass ResourceClaim ResourceClaimTemplate ResourceSlice', '1.35', '1.38', 'resource.k8s.io/v1'],
  ['resource.k8s.io/v1beta2', 'DeviceClass ResourceClaim ResourceClaimTemplate ResourceSlice', '1.36', '1.39', 'resource.k8s.io/v1'],
];

let table: Map<string, Deprecation> | undefined;

function build(): Map<string, Deprecation> {
  const m = new Map<string, Deprecation>();
  for (const [apiVersion, kinds, deprecated, removed, replacement, extra] of ROWS) {
    for (const kind of kinds.split(' ')) m.set(`${apiVersion}/${kind}`, { apiVersion, kind, deprecated, removed, replacement, ...extra });
  }
  return m;
}

export function deprecationOf(apiVersion: string, kind: string): Deprecation | undefined {
  table ??= build();
  return table.get(`${apiVersion}/${kind}`);
}

/** Every entry (docs, tests). */
export function allDeprecations(): Deprecation[] {
  table ??= build();
  return [...table.values()];
}

export type DeprecationStatus = 'removed' | 'deprecated' | undefined;

/** Where `d` stands at `target`: removed (not served), deprecated (served, warns), or neither yet. */
export function statusAt(d: Deprecation, target: KubeVersion): DeprecationStatus {
  if (d.removed && compareVersions(target, parseVersion(d.removed)!) >= 0) return 'removed';
  if (d.deprecated && compareVersions(target, parseVersion(d.deprecated)!) >= 0) return 'deprecated';
  return undefined;
}
