import type { Rule } from '../src/engine/types.js';
import type { EnvInfo } from '../src/graph/model.js';
import { focusedTemplates } from '../src/graph/focus.js';

/**
 * One name twice in one container's `env`: the later entry silently wins, and
 * since `env` merges by name, `kubectl apply` (strategic merge) may drop one.
 * The API server accepts it with a warning ("hides previous definition").
 */
const rule: Rule = {
  meta: {
    id: 'duplicate-env-var',
    description: 'One container’s env defines the same variable twice; the later silently wins and an apply merge may drop one.',
    severity: 'warn',
    category: 'pod',
    docs: 'docs/rules/duplicate-env-var.md',
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      for (const c of t.containers) {
        const seen = new Map<string, EnvInfo>();
        for (const e of c.env) {
          if (!e.name) continue;
          const first = seen.get(e.name);
          if (!first) {
            seen.set(e.name, e);
            continue;
          }
          ctx.report({
            resource: e.resource,
            path: [...e.path, 'name'],
            message:
              `Env var \`${e.name}\` of container \`${c.name}\` in ${t.label} is defined twice (\`env[${first.index}]\` and \`env[${e.index}]\`): the later definition silently wins, and \`kubectl apply\` merges \`env\` by name, so an update may drop one of them. Remove one definition.`,
          });
        }
      }
    }
  },
};
export default rule;
