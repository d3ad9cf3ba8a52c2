import type { Rule } from '../src/engine/types.js';
import type { GResource, LabelSelector } from '../src/graph/model.js';
import type { Path } from '../src/load/nodes.js';
import type { RuleContext } from '../src/engine/types.js';
import { selectorMatches } from '../src/graph/build.js';
import { absentPolicy, labelSelectorText, MISSING_SCHEMA, nearestTemplate, SELECTORS, type AbsentPolicy, operatorOwnerMatching, selectTemplates, specLessWorkloadMatching } from '../src/analyze/references.js';
import { isObj } from '../src/util.js';
import { focusedOfKind } from '../src/graph/focus.js';


function nonEmpty(sel: unknown): sel is LabelSelector {
  if (!isObj(sel)) return false;
  const ml = isObj(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
  const me = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
  return ml + me > 0;
}

/** Report a selector of `r` (at `path`) that matches no pod template of its namespace. */
function checkSelector(ctx: RuleContext, policy: AbsentPolicy, r: GResource, path: Path, sel: LabelSelector, what: string): void {
  const g = ctx.graph;
  if (selectTemplates(g, r.namespace, sel).length > 0) return;
  if (operatorOwnerMatching(g, r.namespace, (labels) => selectorMatches(labels, sel))) return;
  if (specLessWorkloadMatching(g, r.namespace, sel)) return;
  const matchLabels: Record<string, string> = {};
  if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) if (v != null) matchLabels[k] = String(v);
  const hasExprs = Array.isArray(sel.matchExpressions) && sel.matchExpressions.length > 0;
  const near = !hasExprs ? nearestTemplate(g, r.namespace, matchLabels) : { text: '', keys: [] as string[], nearMiss: false };
  const d = policy.decide(near.nearMiss);
  if (!d) return;
  ctx.report({
    severity: d.severity,
    resource: r,
    path: near.keys.length === 1 ? [...path, 'matchLabels', near.keys[0]!] : path,
    part: near.keys.length === 1 ? 'value' : 'key',
    message: `NetworkPolicy \`${r.name ?? '(unnamed)'}\` ${what} \`${labelSelectorText(sel)}\`, but no pod template in namespace \`${r.namespace}\` among the linted manifests matches.${near.text} Make the selector match the pods' labels.`,
  });
}

/** A NetworkPolicy's pod selector matches no pod template of the linted set. */
const rule: Rule = {
  meta: {
    id: 'networkpolicy-selector-no-match',
    description: 'A NetworkPolicy’s podSelector (or a same-namespace podSelector peer) matches no pod template among the linted manifests; `{}` is never reported.',
    severity: 'warn',
    category: 'references',
    docs: 'docs/rules/networkpolicy-selector-no-match.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    const policy = absentPolicy(ctx, rule.meta.id, SELECTORS);
    for (const r of focusedOfKind(ctx.graph, 'NetworkPolicy')) {
      const spec = r.obj.spec;
      if (!isObj(spec)) continue;
      // An empty podSelector `{}` selects every pod of the namespace: never reported.
      if (nonEmpty(spec.podSelector)) {
        checkSelector(ctx, policy, r, ['spec', 'podSelector'], spec.podSelector, 'applies to pods with');
      }
      // Peers: a podSelector without namespaceSelector selects pods of the policy's own namespace.
      for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
        if (!Array.isArray(spec[dir])) continue;
        spec[dir].forEach((rule: any, i: number) => {
          if (!isObj(rule) || !Array.isArray(rule[peersKey])) return;
          rule[peersKey].forEach((peer: any, j: number) => {
            if (!isObj(peer) || peer.namespaceSelector != null || !nonEmpty(peer.podSelector)) return;
            checkSelector(ctx, policy, r, ['spec', dir, i, peersKey, j, 'podSelector'], peer.podSelector, `${dir === 'ingress' ? 'allows traffic from' : 'allows traffic to'} pods with`);
          });
        });
      }
    }
    policy.finish();
  },
};
export default rule;
