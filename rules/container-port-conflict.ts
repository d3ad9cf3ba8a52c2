import type { Rule } from '../src/engine/types.js';
import type { PortInfo } from '../src/graph/model.js';
import { focusedTemplates } from '../src/graph/focus.js';

/**
 * Containers of one pod share one network namespace: two of them cannot both
 * listen on the same port and protocol. Reported at the second declaration.
 * Regular init containers run one at a time before the others, so only
 * containers and native sidecars (restartPolicy: Always) are compared.
 */
const rule: Rule = {
  meta: {
    id: 'container-port-conflict',
    description: 'Two containers of one pod declare the same containerPort and protocol.',
    severity: 'error',
    category: 'pod',
    docs: 'docs/rules/container-port-conflict.md',
    fileLocal: true,
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      const seen = new Map<string, PortInfo>();
      for (const c of t.containers) {
        if (!c.longRunning) continue;
        const mine = new Set<string>();
        for (const p of c.ports) {
          if (p.containerPort === undefined) continue;
          const key = `${p.containerPort}/${p.protocol}`;
          if (mine.has(key)) continue;
          mine.add(key);
          const first = seen.get(key);
          if (!first) {
            seen.set(key, p);
            continue;
          }
          ctx.report({
            resource: p.resource,
            path: [...p.path, 'containerPort'],
            message: `Containers \`${first.container.name}\` and \`${c.name}\` of ${t.label} both declare port ${p.containerPort}/${p.protocol}; they share one network namespace, so only one can bind it. Change one of the ports.`,
          });
        }
      }
    }
  },
};
export default rule;
