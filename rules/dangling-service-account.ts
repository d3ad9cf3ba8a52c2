import type { Rule } from '../src/engine/types.js';
import { replaceScalarFix } from '../src/engine/fixes.js';
import { absentEdges, groupByTarget, MISSING_SCHEMA, reportAbsent } from '../src/analyze/references.js';

/** A pod runs as a ServiceAccount that is not among the linted manifests. */
const rule: Rule = {
  meta: {
    id: 'dangling-service-account',
    description: 'A pod’s serviceAccountName names a ServiceAccount that is not among the linted manifests (`default` always exists).',
    severity: 'warn',
    category: 'references',
    docs: 'docs/rules/dangling-service-account.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    reportAbsent(groupByTarget(absentEdges(ctx.graph, 'serviceaccount')), {
      ctx,
      ruleId: rule.meta.id,
      fixable: false,
      advice: 'Add it or correct the name (pods for a missing ServiceAccount are refused)',
      kind: 'ServiceAccount',
      replaceFix: replaceScalarFix,
    });
  },
};
export default rule;
