import type { Rule } from '../src/engine/types.js';
import { replaceScalarFix } from '../src/engine/fixes.js';
import { absentEdges, groupByTarget, MISSING_SCHEMA, reportAbsent } from '../src/analyze/references.js';

/** A pod volume claims a PersistentVolumeClaim that is not among the linted manifests. */
const rule: Rule = {
  meta: {
    id: 'dangling-pvc-ref',
    description: 'A PersistentVolumeClaim named by a pod volume (persistentVolumeClaim.claimName) is not among the linted manifests.',
    severity: 'warn',
    category: 'references',
    docs: 'docs/rules/dangling-pvc-ref.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    reportAbsent(groupByTarget(absentEdges(ctx.graph, 'pvc')), {
      ctx,
      ruleId: rule.meta.id,
      fixable: false,
      advice: 'Add the claim or correct `claimName` (until it exists the pod stays Pending)',
      kind: 'PersistentVolumeClaim',
      replaceFix: replaceScalarFix,
    });
  },
};
export default rule;
