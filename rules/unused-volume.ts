import type { Rule } from '../src/engine/types.js';
import { nearNames } from '../src/engine/suggest.js';

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
    for (const t of ctx.graph.templates) {
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
      for (const v of t.volumes) {
        if (v.mounts.length > 0 || devices.has(v.name) || meant.has(v.name) || !v.name) continue;
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
