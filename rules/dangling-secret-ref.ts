import type { Rule } from '../src/engine/types.js';
import { replaceScalarFix } from '../src/engine/fixes.js';
import { absentEdges, groupByTarget, MISSING_SCHEMA, reportAbsent } from '../src/analyze/references.js';

/** A pod references a Secret that is not among the linted manifests. */
const rule: Rule = {
  meta: {
    id: 'dangling-secret-ref',
    description: 'A Secret named by a volume, projected volume, envFrom or env valueFrom is not among the linted manifests.',
    severity: 'warn',
    category: 'references',
    docs: 'docs/rules/dangling-secret-ref.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    // imagePullSecrets edges are optional in the graph (pull secrets are created out of band).
    reportAbsent(groupByTarget(absentEdges(ctx.graph, 'secret')), {
      ctx,
      ruleId: rule.meta.id,
      fixable: false,
      advice: 'Create it, correct the name or set `optional: true`',
      kind: 'Secret',
      replaceFix: replaceScalarFix,
    });
  },
};
export default rule;
