import type { Rule } from '../src/engine/types.js';
import { trimSlashes } from '../src/analyze/shell/paths.js';
import { focusedTemplates } from '../src/graph/focus.js';

const norm = (p: string) => (p.length > 1 ? trimSlashes(p) : p).replace(/\/{2,}/g, '/');

/** Two mounts at the same mountPath in one container: the API server rejects the pod. */
const rule: Rule = {
  meta: {
    id: 'duplicate-mount-path',
    description: 'Two volumeMounts of one container use the same mountPath.',
    severity: 'error',
    category: 'pod',
    docs: 'docs/rules/duplicate-mount-path.md',
    fileLocal: true,
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      for (const c of t.containers) {
        const seen = new Map<string, (typeof c.mounts)[number]>();
        for (const m of c.mounts) {
          if (!m.mountPath) continue;
          const key = norm(m.mountPath);
          const first = seen.get(key);
          if (!first) {
            seen.set(key, m);
            continue;
          }
          ctx.report({
            resource: m.resource,
            path: [...m.path, 'mountPath'],
            message: `Container \`${c.name}\` mounts \`${m.name}\` at \`${m.mountPath}\`, where it already mounts \`${first.name}\`. The API server rejects duplicate mount paths: use a different mountPath, or a subPath under one mount.`,
          });
        }
      }
    }
  },
};
export default rule;
