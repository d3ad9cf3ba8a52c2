import type { Rule } from '../src/engine/types.js';
import { replaceScalarFix } from '../src/engine/fixes.js';
import { absentEdges, groupByTarget, MISSING_SCHEMA, reportAbsent } from '../src/analyze/references.js';

/** A pod references a ConfigMap that is not among the linted manifests. */
const rule: Rule = {
  meta: {
    id: 'dangling-configmap-ref',
    description: 'A ConfigMap named by a volume, projected volume, envFrom or env valueFrom is not among the linted manifests.',
    severity: 'warn',
    fixable: true,
    category: 'references',
    docs: 'docs/rules/dangling-configmap-ref.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    reportAbsent(groupByTarget(absentEdges(ctx.graph, 'configmap')), {
      ctx,
      ruleId: rule.meta.id,
      fixable: true,
      advice: 'Add it, correct the name or set `optional: true`',
      kind: 'ConfigMap',
      replaceFix: replaceScalarFix,
    });
  },
};
export default rule;
