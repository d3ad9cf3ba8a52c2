import type { Rule } from '../src/engine/types.js';
import type { LabelSelector } from '../src/graph/model.js';
import { selectorMatches } from '../src/graph/build.js';
import { absentPolicy, labelSelectorText, MISSING_SCHEMA, nearestTemplate, SELECTORS, operatorOwnerMatching, selectTemplates, specLessWorkloadMatching } from '../src/analyze/references.js';
import { isObj } from '../src/util.js';
import { focusedOfKind } from '../src/graph/focus.js';


/** A PodDisruptionBudget's selector matches no pod template of the linted set. */
const rule: Rule = {
  meta: {
    id: 'pdb-selector-no-match',
    description: 'A PodDisruptionBudget’s selector matches no pod template in its namespace among the linted manifests.',
    severity: 'warn',
    category: 'references',
    docs: 'docs/rules/pdb-selector-no-match.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    const g = ctx.graph;
    const policy = absentPolicy(ctx, rule.meta.id, SELECTORS);
    for (const r of focusedOfKind(g, 'PodDisruptionBudget')) {
      const spec = r.obj.spec;
      if (!isObj(spec)) continue;
      const name = `PodDisruptionBudget \`${r.name ?? '(unnamed)'}\``;
      const v1beta1 = r.apiVersion === 'policy/v1beta1';
      const sel = spec.selector;
      const ml = isObj(sel) && isObj(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
      const me = isObj(sel) && Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
      if (!isObj(sel) || ml + me === 0) {
        // policy/v1: a null selector selects no pods, `{}` selects every pod of the namespace.
        // policy/v1beta1: both select no pods.
        const empty = isObj(sel);
        if (empty && !v1beta1) continue;
        ctx.report({
          resource: r,
          path: empty ? ['spec', 'selector'] : ['spec'],
          part: 'key',
          message: empty
            ? `${name} has an empty selector, which in policy/v1beta1 selects no pods, so the budget protects nothing. Use policy/v1 (where \`{}\` selects every pod of the namespace) or list the pods' labels in \`matchLabels\`.`
            : `${name} has no selector, which selects no pods, so the budget protects nothing. Add \`selector.matchLabels\` with the pods' labels.`,
        });
        continue;
      }
      const selector = sel as LabelSelector;
      if (selectTemplates(g, r.namespace, selector).length > 0) continue;
      if (operatorOwnerMatching(g, r.namespace, (labels) => selectorMatches(labels, selector))) continue;
      if (specLessWorkloadMatching(g, r.namespace, selector)) continue;
      const matchLabels: Record<string, string> = {};
      if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) if (v != null) matchLabels[k] = String(v);
      const near = me === 0 ? nearestTemplate(g, r.namespace, matchLabels) : { text: '', keys: [] as string[], nearMiss: false };
      const d = policy.decide(near.nearMiss);
      if (!d) continue;
      ctx.report({
        severity: d.severity,
        resource: r,
        path: near.keys.length === 1 ? ['spec', 'selector', 'matchLabels', near.keys[0]!] : ['spec', 'selector'],
        part: near.keys.length === 1 ? 'value' : 'key',
        message: `${name} selects pods with \`${labelSelectorText(selector)}\`, but no pod template in namespace \`${r.namespace}\` among the linted manifests matches, so the budget protects nothing.${near.text} Make the selector match the pods' labels.`,
      });
    }
    policy.finish();
  },
};
export default rule;
