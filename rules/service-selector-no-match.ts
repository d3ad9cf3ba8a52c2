import type { Rule } from '../src/engine/types.js';
import { absentPolicy, MISSING_SCHEMA, nearestTemplate, operatorOwnerMatching, SELECTORS, selectTemplates, selectorText, specLessWorkloadMatching } from '../src/analyze/references.js';
import { focusedServices } from '../src/graph/focus.js';

/** A Service's selector matches no pod template of the linted set. */
const rule: Rule = {
  meta: {
    id: 'service-selector-no-match',
    description: 'A Service’s selector matches no pod template in its namespace among the linted manifests.',
    severity: 'warn',
    category: 'references',
    docs: 'docs/rules/service-selector-no-match.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    const g = ctx.graph;
    const policy = absentPolicy(ctx, rule.meta.id, SELECTORS);
    for (const s of focusedServices(g)) {
      // Selector-less Services (manual Endpoints/EndpointSlices) and ExternalName Services select no pods by design.
      if (!s.selector || Object.keys(s.selector).length === 0 || s.type === 'ExternalName') continue;
      if (selectTemplates(g, s.namespace, { matchLabels: s.selector }).length > 0) continue;
      const sel = s.selector;
      // Pods an operator creates from a custom resource carrying these labels (Prometheus, Alertmanager ...).
      if (operatorOwnerMatching(g, s.namespace, (labels) => Object.entries(sel).every(([k, v]) => labels[k] === v))) continue;
      if (specLessWorkloadMatching(g, s.namespace, { matchLabels: sel })) continue;
      const near = nearestTemplate(g, s.namespace, sel);
      const d = policy.decide(near.nearMiss);
      if (!d) continue;
      ctx.report({
        severity: d.severity,
        resource: s.resource,
        // One differing pair: point at its value; otherwise at the selector.
        path: near.keys.length === 1 ? ['spec', 'selector', near.keys[0]!] : ['spec', 'selector'],
        part: near.keys.length === 1 ? 'value' : 'key',
        message:
          `Service \`${s.name}\` selects pods with \`${selectorText(sel)}\`, but no pod template in namespace \`${s.namespace}\` among the linted manifests has these labels, so the Service would have no endpoints.` +
          `${near.text} Make the selector match the pod template's labels.`,
      });
    }
    policy.finish();
  },
};
export default rule;
