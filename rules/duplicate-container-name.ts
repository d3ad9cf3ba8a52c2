import type { Rule } from '../src/engine/types.js';
import type { ContainerInfo, PodTemplate } from '../src/graph/model.js';
import { focusedTemplates } from '../src/graph/focus.js';

const GROUP_ORDER = { initContainers: 0, containers: 1, ephemeralContainers: 2 } as const;

/** "the API server rejects the Pod" / "... so its ReplicaSet never creates a pod" */
export function rejection(t: PodTemplate): string {
  switch (t.resource.kind) {
    case 'Pod':
      return 'the API server rejects the Pod';
    case 'Deployment':
      return 'the API server accepts the Deployment but rejects every pod its ReplicaSet creates, so none ever runs';
    case 'CronJob':
      return 'the API server accepts the CronJob but rejects every pod its Jobs create, so none ever runs';
    default:
      return `the API server accepts the ${t.resource.kind} but rejects every pod it creates, so none ever runs`;
  }
}

/**
 * Two containers of one pod with one name, across initContainers (native
 * sidecars included), containers and ephemeralContainers: pod validation
 * requires container names to be unique across all three lists.
 */
const rule: Rule = {
  meta: {
    id: 'duplicate-container-name',
    description: 'Two containers of one pod (initContainers, containers, ephemeralContainers) share a name; the API server rejects the pod.',
    severity: 'error',
    category: 'pod',
    docs: 'docs/rules/duplicate-container-name.md',
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      const cs = [...t.containers].sort((a, b) => GROUP_ORDER[a.group] - GROUP_ORDER[b.group] || a.index - b.index);
      const seen = new Map<string, ContainerInfo>();
      for (const c of cs) {
        if (!c.name) continue;
        const first = seen.get(c.name);
        if (!first) {
          seen.set(c.name, c);
          continue;
        }
        const where = (x: ContainerInfo) => `\`${x.group}[${x.index}]\``;
        ctx.report({
          resource: c.resource,
          path: [...c.path, 'name'],
          message:
            `Container name \`${c.name}\` of ${where(c)} is already used by ${where(first)} in ${t.label}: container names must be unique across initContainers, containers and ephemeralContainers, so ${rejection(t)} (Duplicate value). Rename one of them.`,
        });
      }
    }
  },
};
export default rule;
