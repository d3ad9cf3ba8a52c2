import type { Rule } from '../src/engine/types.js';
import { analyzeSchemas } from '../src/schema/analyze.js';
import { checkCrdRules, hasCrdRules } from '../src/policy/crd-rules.js';

/** Values the Kubernetes schema rejects: wrong type, missing required field, bad enum value, invalid format. */
const rule: Rule = {
  meta: {
    id: 'schema',
    description: 'A value the Kubernetes schema rejects: wrong type, missing required field, unsupported enum value or invalid format.',
    severity: 'error',
    fixable: true,
    category: 'schema',
    docs: 'docs/rules/schema.md',
  },
  check(ctx) {
    const a = analyzeSchemas(ctx.graph, ctx.settings.kubernetesVersion);
    for (const n of a.notices) ctx.notice(n);
    for (const i of a.issues) {
      if (i.rule !== 'schema') continue;
      ctx.report({ resource: i.resource, path: i.path, part: i.part, range: i.range, message: i.message, fix: i.fix });
    }
    // CRD validation rules (x-kubernetes-validations), evaluated in src/policy.
    if (hasCrdRules(ctx.graph)) for (const f of checkCrdRules(ctx.graph, ctx.notice)) ctx.report(f);
  },
};
export default rule;
