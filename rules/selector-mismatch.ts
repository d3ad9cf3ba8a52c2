import type { Rule } from '../src/engine/types.js';
import type { PodTemplate } from '../src/graph/model.js';
import type { Path } from '../src/load/nodes.js';
import { matchExpressions } from '../src/graph/build.js';
import { labelSelectorText } from '../src/analyze/references.js';
import { isObj } from '../src/util.js';
import { focusedOfKind } from '../src/graph/focus.js';


/** Kinds whose spec.selector is a metav1.LabelSelector that must select the kind's own template. */
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
const LABEL_SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** A workload's selector does not match its own pod template's labels. */
const rule: Rule = {
  meta: {
    id: 'selector-mismatch',
    description: 'A Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or ReplicationController whose selector does not match its own pod template’s labels.',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/selector-mismatch.md',
  },
  check(ctx) {
    const templateOf = new Map<string, PodTemplate>();
    for (const t of ctx.graph.templates) templateOf.set(t.resource.id, t);
    for (const kind of [...LABEL_SELECTOR_KINDS, 'ReplicationController']) {
      for (const r of focusedOfKind(ctx.graph, kind)) {
        const t = templateOf.get(r.id);
        if (!t || !isObj(r.obj.spec)) continue;
        const sel = r.obj.spec.selector;
        // Unset selectors are defaulted from the template (Job: generated; RC and pre-apps/v1: copied).
        if (!isObj(sel)) continue;
        const labels = t.labels;
        const have = Object.keys(labels).length
          ? `its pod template's labels are ${Object.entries(labels).map(([k, v]) => `\`${k}: ${v}\``).join(', ')}`
          : 'its pod template has no labels';
        const label = `${r.kind}/${r.name ?? '(unnamed)'}`;
        const tail = `; the API server rejects a ${r.kind} whose selector does not match its template (\`selector\` does not match template \`labels\`). Make \`spec.selector\` and \`${t.labelsPath.join('.')}\` agree.`;
        if (kind === 'ReplicationController') {
          // A plain map; empty means "default to the template's labels".
          const entries = Object.entries(sel).filter(([, v]) => v != null);
          const bad = entries.filter(([k, v]) => labels[k] !== String(v));
          if (entries.length === 0 || bad.length === 0) continue;
          ctx.report({
            resource: r,
            path: ['spec', 'selector', bad[0]![0]],
            message: `${label}'s selector requires ${bad.map(([k, v]) => `\`${k}=${v}\``).join(', ')}, but ${have}${tail}`,
          });
          continue;
        }
        const ml = isObj(sel.matchLabels) ? Object.entries(sel.matchLabels).filter(([, v]) => v != null) : [];
        const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
        const badLabels = ml.filter(([k, v]) => labels[k] !== String(v));
        const badExprs = exprs.map((e: unknown, i: number) => [e, i] as const).filter(([e]) => isObj(e) && OPERATORS.has(e.operator) && !matchExpressions(labels, [e]));
        if (badLabels.length === 0 && badExprs.length === 0) continue;
        let path: Path;
        if (badLabels.length) path = ['spec', 'selector', 'matchLabels', badLabels[0]![0]];
        else path = ['spec', 'selector', 'matchExpressions', badExprs[0]![1]];
        const wants = [
          ...badLabels.map(([k, v]) => `\`${k}=${v}\``),
          ...badExprs.map(([e]) => `\`${labelSelectorText({ matchExpressions: [e as any] })}\``),
        ];
        const manual = kind === 'Job' && r.obj.spec.manualSelector !== true ? ' (a Job selector is normally generated: remove it, or set `manualSelector: true` and keep it in sync)' : '';
        ctx.report({
          resource: r,
          path,
          message: `${label}'s selector requires ${wants.join(', ')}, but ${have}${tail}${manual}`,
        });
      }
    }
  },
};
export default rule;
