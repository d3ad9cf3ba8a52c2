import type { Rule } from '../src/engine/types.js';
import { analyzeSchemas } from '../src/schema/analyze.js';

/** A field the schema of a built-in kind (or of a CRD in the linted files) does not allow. */
const rule: Rule = {
  meta: {
    id: 'unknown-field',
    description: 'A field the Kubernetes schema does not allow (kubectl apply rejects unknown fields), with "did you mean".',
    severity: 'error',
    fixable: true,
    category: 'schema',
    docs: 'docs/rules/unknown-field.md',
  },
  check(ctx) {
    const a = analyzeSchemas(ctx.graph, ctx.settings.kubernetesVersion);
    for (const n of a.notices) ctx.notice(n);
    for (const i of a.issues) {
      if (i.rule !== 'unknown-field') continue;
      ctx.report({ resource: i.resource, path: i.path, part: 'key', message: i.message, fix: i.fix });
    }
  },
};
export default rule;
