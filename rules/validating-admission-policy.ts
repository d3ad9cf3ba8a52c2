import type { Rule } from '../src/engine/types.js';
import { checkAdmissionPolicies, hasAdmissionPolicies } from '../src/policy/vap.js';
import { reportPolicyFinding } from '../src/policy/report.js';

/** ValidatingAdmissionPolicies in the linted set, evaluated on every object they match as on CREATE. */
const rule: Rule = {
  meta: {
    id: 'validating-admission-policy',
    description: 'An object that a ValidatingAdmissionPolicy (with its binding) in the linted set denies or warns about on CREATE.',
    severity: 'error',
    category: 'patterns',
    docs: 'docs/rules/validating-admission-policy.md',
  },
  check(ctx) {
    if (!hasAdmissionPolicies(ctx.graph)) return;
    for (const f of checkAdmissionPolicies(ctx.graph, ctx.notice)) reportPolicyFinding(ctx, f);
  },
};
export default rule;
