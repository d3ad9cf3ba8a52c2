/**
 * The typed model podlint's rules read: resources, the pod templates inside
 * workloads, their containers, mounts, volumes, ports and env, and explicit
 * edges between objects. Every element keeps the resource and the YAML path it
 * came from, so a rule can point at the exact node.
 */
import type * as k8s from 'kubernetes-types/core/v1.js';
import type { Resource, ParsedFile } from '../load/parse.js';
import type { Path } from '../load/nodes.js';
import type { SourceFile } from '../load/source.js';

export interface GResource extends Resource {
  /** Effective namespace ('' for cluster-scoped kinds). */
  namespace: string;
  clusterScoped: boolean;
}

/** Anything that can be pointed at: a resource and a path inside it. */
export interface Anchor {
  resource: GResource;
  path: Path;
}

export interface PodTemplate extends Anchor {
  /** `${resource.kind}/${resource.name}` for messages. */
  label: string;
  /** Path of the pod spec (e.g. ['spec','template','spec']). */
  path: Path;
  /** Path of the pod template's metadata.labels mapping. */
  labelsPath: Path;
  spec: k8s.PodSpec;
  labels: Record<string, string>;
  namespace: string;
  containers: ContainerInfo[];
  volumes: VolumeInfo[];
  volumesByName: Map<string, VolumeInfo>;
}

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerInfo extends Anchor {
  template: PodTemplate;
  group: ContainerGroup;
  index: number;
  spec: k8s.Container;
  name: string;
  image: string | undefined;
  /** Regular containers and native sidecars (init containers with restartPolicy: Always) run alongside each other. */
  longRunning: boolean;
  /** Init container with restartPolicy: Always. */
  nativeSidecar: boolean;
  mounts: MountInfo[];
  ports: PortInfo[];
  env: EnvInfo[];
}

export interface MountInfo extends Anchor {
  container: ContainerInfo;
  index: number;
  name: string;
  mountPath: string | undefined;
  subPath: string | undefined;
  readOnly: boolean;
  /** The volume this mount names, if the pod has it (the mount -> volume edge). */
  volume?: VolumeInfo;
}

export interface VolumeInfo extends Anchor {
  template: PodTemplate;
  index: number;
  name: string;
  spec: k8s.Volume;
  /** The volume source field (`emptyDir`, `configMap`, ...), if any. */
  sourceType: string | undefined;
  mounts: MountInfo[];
}

export interface PortInfo extends Anchor {
  container: ContainerInfo;
  index: number;
  containerPort: number | undefined;
  name: string | undefined;
  protocol: string;
}

export interface EnvInfo extends Anchor {
  container: ContainerInfo;
  index: number;
  name: string;
  value: string | undefined;
}

export type EdgeKind =
  | 'configmap'
  | 'secret'
  | 'pvc'
  | 'serviceaccount'
  | 'service'
  | 'scale-target';

/**
 * A reference from one object to another (by kind, namespace and name),
 * resolved when the target is in the linted set.
 */
export interface Edge extends Anchor {
  kind: EdgeKind;
  /** How the reference is made: `volume`, `projected`, `envFrom`, `env`, `imagePullSecrets`, `ingress-backend`, ... */
  via: string;
  targetKind: string;
  targetNamespace: string;
  targetName: string;
  /** Keys named by the reference (items[].key, configMapKeyRef.key ...), each with its path. */
  keys: { key: string; path: Path }[];
  optional: boolean;
  /** The pod template the reference belongs to, when it comes from one. */
  template?: PodTemplate;
  to?: GResource;
}

export interface ServiceInfo extends Anchor {
  name: string;
  namespace: string;
  selector: Record<string, string> | undefined;
  type: string;
  ports: ServicePortInfo[];
}

export interface ServicePortInfo extends Anchor {
  index: number;
  port: number | undefined;
  name: string | undefined;
  protocol: string;
  targetPort: number | string | undefined;
}

export interface Graph {
  files: ParsedFile[];
  resources: GResource[];
  templates: PodTemplate[];
  services: ServiceInfo[];
  edges: Edge[];
  defaultNamespace: string;
  /** ConfigMaps/Secrets kustomize generators of the set make, as `Kind/name` (src/load/partial.ts). */
  generated?: Set<string>;
  /** Absolute folders the run was given (src/engine/lint.ts `roots`); unset for texts and stdin. */
  roots?: string[];
  /**
   * The files whose findings are wanted (the language server's re-lint of one
   * file): rules that can iterate only their objects do (src/graph/focus.ts);
   * lookups still see the whole graph. Unset: every file.
   */
  focus?: ReadonlySet<SourceFile>;
  /**
   * Every object whose kind, effective namespace and name are exactly these
   * (no cluster-scope normalisation: '' is the namespace of cluster-scoped
   * objects), in graph order; undefined when there is none.
   */
  named?(kind: string, namespace: string, name: string): GResource[] | undefined;
  /** The references whose target is exactly this kind, namespace and name (when the graph indexes them: src/graph/build.ts GraphAssembly). */
  referencesTo?(kind: string, namespace: string, name: string): Iterable<Edge>;
  /** The objects of one file, in graph order (when the graph keeps them per file: src/graph/build.ts GraphAssembly). */
  objectsOf?(file: SourceFile): { resources: GResource[]; templates: PodTemplate[]; services: ServiceInfo[]; edges: Edge[] } | undefined;
  /** The namespaces resources live in and the Namespace objects name, in graph order (src/analyze/services.ts knownNamespaces). */
  namespaces?: Set<string>;
  /** Look up a resource by kind, namespace ('' for cluster-scoped) and name. */
  get(kind: string, namespace: string, name: string): GResource | undefined;
  /**
   * The definition of kind/namespace/name a reference from `from` resolves to
   * when several objects share it: the nearest (same file, then same folder,
   * then the closest ancestor folder; issue 13 cause 5).
   */
  resolve(kind: string, namespace: string, name: string, from: GResource): GResource | undefined;
  ofKind(kind: string): GResource[];
  /** Names of all resources of a kind in a namespace (for "did you mean"). */
  namesOf(kind: string, namespace: string): string[];
  service(namespace: string, name: string): ServiceInfo | undefined;
  /** Pod templates in `namespace` whose labels include every pair of `selector` (empty selector matches none). */
  templatesMatching(namespace: string, selector: Record<string, string>): PodTemplate[];
  /** Pod templates matching a metav1.LabelSelector (matchLabels + matchExpressions); `{}` matches all in the namespace. */
  templatesMatchingSelector(namespace: string, selector: LabelSelector): PodTemplate[];
  /** Services in the template's namespace whose selector matches it. */
  servicesSelecting(t: PodTemplate): ServiceInfo[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
