import type { Rule } from '../src/engine/types.js';
import { analyzeApi } from '../src/apivalidation/index.js';

/** What the API server's create-time validation rejects beyond the OpenAPI schema (src/apivalidation). */
const rule: Rule = {
  meta: {
    id: 'api-validation',
    description: 'A value the API server\'s validation rejects beyond the schema: names, labels, pod specs, Services, workloads, list keys, CRDs.',
    severity: 'error',
    category: 'schema',
    docs: 'docs/rules/api-validation.md',
  },
  check(ctx) {
    for (const i of analyzeApi(ctx.graph, ctx.settings.kubernetesVersion)) {
      if (i.rule !== 'api-validation') continue;
      ctx.report({ resource: i.resource, path: i.path, part: i.part, message: i.message, severity: i.severity });
    }
  },
};
export default rule;
