import type { Rule } from '../src/engine/types.js';
import { nearNames } from '../src/engine/suggest.js';
import { focusedTemplates } from '../src/graph/focus.js';

/**
 * Volumes that a well-known sidecar injector's container mounts (the sidecar is
 * added at admission, so no container of the manifest mounts them):
 * GKE's Cloud Storage FUSE CSI driver (`gke-gcsfuse-cache`, `-tmp`, `-buffer`),
 * Istio's `istio-proxy` and Linkerd's proxy. Matched on the names the injectors
 * document for these volumes.
 */
const INJECTED: { prefix?: string; names?: Set<string>; by: string }[] = [
  { prefix: 'gke-gcsfuse-', by: 'the GKE Cloud Storage FUSE sidecar' },
  {
    names: new Set(['istio-envoy', 'istio-data', 'istio-token', 'istiod-ca-cert', 'istio-podinfo', 'workload-socket', 'credential-socket', 'workload-certs', 'istio-certs']),
    by: 'the Istio sidecar',
  },
  { prefix: 'linkerd-', by: 'the Linkerd proxy' },
];

/** The injector whose sidecar mounts a volume of this name, if any. */
function injectedBy(name: string): string | undefined {
  return INJECTED.find((i) => (i.prefix && name.startsWith(i.prefix)) || i.names?.has(name))?.by;
}

/** A pod volume that no container mounts. */
const rule: Rule = {
  meta: {
    id: 'unused-volume',
    description: 'A volume that no container (including init and ephemeral containers) mounts.',
    severity: 'warn',
    category: 'pod',
    docs: 'docs/rules/unused-volume.md',
    fileLocal: true,
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      // Names used as block devices count as uses.
      const devices = new Set<string>();
      for (const c of t.containers) {
        const vd = (c.spec as any).volumeDevices;
        if (Array.isArray(vd)) for (const d of vd) if (d && typeof d.name === 'string') devices.add(d.name);
      }
      // A mount with a typo is reported once, by volume-mount-missing-volume; the
      // volume it meant is not also reported as unused.
      const dangling = t.containers.flatMap((c) => c.mounts.filter((m) => !m.volume).map((m) => m.name));
      const names = t.volumes.map((v) => v.name);
      const meant = new Set(dangling.flatMap((d) => nearNames(d, names)));
      // A mount naming no volume beside a volume nobody mounts whose name is one of its words
      // (`ca-certs` for `ca`): one root cause, reported by volume-mount-missing-volume.
      for (const d of dangling) {
        const words = d.split(/[-_.]/);
        for (const v of t.volumes) {
          if (v.mounts.length === 0 && v.name && v.name !== d && (words.includes(v.name) || v.name.split(/[-_.]/).includes(d))) meant.add(v.name);
        }
      }
      for (const v of t.volumes) {
        if (v.mounts.length > 0 || devices.has(v.name) || meant.has(v.name) || !v.name) continue;
        if (injectedBy(v.name)) continue; // mounted by a sidecar an injector adds
        if (t.volumesByName.get(v.name) !== v) {
          const first = t.volumesByName.get(v.name)!;
          if (first.mounts.length > 0) continue; // duplicate name: the API server rejects it; schema rules report that
        }
        ctx.report({
          resource: v.resource,
          path: [...v.path, 'name'],
          message: `Volume \`${v.name}\` of ${t.label} is not mounted by any container. Mount it (volumeMounts: - name: ${v.name}) or remove it.`,
        });
      }
    }
  },
};
export default rule;
