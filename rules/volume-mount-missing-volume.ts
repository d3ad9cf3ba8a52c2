import type { Rule } from '../src/engine/types.js';
import { nearNames } from '../src/engine/suggest.js';
import { replaceScalarFix } from '../src/engine/fixes.js';
import { focusedTemplates } from '../src/graph/focus.js';

/** A container mounts a volume name its pod does not define. */
const rule: Rule = {
  meta: {
    id: 'volume-mount-missing-volume',
    description: 'A container’s volumeMounts[].name matches no volume of its pod.',
    severity: 'error',
    fixable: true,
    category: 'pod',
    docs: 'docs/rules/volume-mount-missing-volume.md',
    fileLocal: true,
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      const names = t.volumes.map((v) => v.name);
      for (const c of t.containers) {
        for (const m of c.mounts) {
          if (m.volume || !m.name) continue;
          const near = nearNames(m.name, names);
          const where = names.length ? `the pod's volumes are ${names.map((n) => `\`${n}\``).join(', ')}` : 'the pod defines no volumes';
          const hint = near.length
            ? ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?`
            : ` Add a volume named \`${m.name}\` to ${t.label} or fix the mount's name.`;
          ctx.report({
            resource: m.resource,
            path: [...m.path, 'name'],
            message: `Container \`${c.name}\` mounts volume \`${m.name}\`, which ${t.label} does not define (${where}).${hint}`,
            fix: near.length === 1 ? replaceScalarFix(m.resource, [...m.path, 'name'], near[0]!) : undefined,
          });
        }
      }
    }
  },
};
export default rule;
