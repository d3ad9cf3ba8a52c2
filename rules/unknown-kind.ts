import type { Rule } from '../src/engine/types.js';
import { analyzeApi } from '../src/apivalidation/index.js';

/** A kind that a built-in apiVersion does not serve (`kind: configmap`, `Deployment` under `v1`). */
const rule: Rule = {
  meta: {
    id: 'unknown-kind',
    description: 'A kind that does not exist in a built-in apiVersion (kinds are case-sensitive), with "did you mean".',
    severity: 'error',
    category: 'schema',
    docs: 'docs/rules/unknown-kind.md',
  },
  check(ctx) {
    for (const i of analyzeApi(ctx.graph, ctx.settings.kubernetesVersion)) {
      if (i.rule !== 'unknown-kind') continue;
      ctx.report({ resource: i.resource, path: i.path, message: i.message });
    }
  },
};
export default rule;
