import type { Rule } from '../src/engine/types.js';
import type { LabelSelector, PodTemplate } from '../src/graph/model.js';
import { selectorMatches } from '../src/graph/build.js';
import { operatorOwnerMatching, selectTemplates } from '../src/analyze/references.js';
import { hpaTargets } from '../src/analyze/autoscaling.js';
import { isObj } from '../src/util.js';
import { focusedOfKind } from '../src/graph/focus.js';

const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);

/** `5`, `"5"` or `"50%"` as written. */
function intOrPercent(v: unknown): { n: number; percent: boolean } | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return { n: v, percent: false };
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)(%?)$/.exec(v.trim());
  return m ? { n: Number(m[1]), percent: m[2] === '%' } : undefined;
}

/**
 * A PodDisruptionBudget that allows no voluntary disruption at all: its
 * `maxUnavailable` is 0, or its `minAvailable` (scaled like the disruption
 * controller does, percentages rounded up) is at least the number of pods
 * the selected workloads run. Every eviction is refused, so `kubectl drain`
 * and node upgrades hang.
 */
const rule: Rule = {
  meta: {
    id: 'pdb-blocks-eviction',
    description: 'A PodDisruptionBudget whose minAvailable reaches the selected workloads’ replicas (or 100%), or whose maxUnavailable is 0: no eviction can ever proceed.',
    severity: 'warn',
    category: 'references',
    docs: 'docs/rules/pdb-blocks-eviction.md',
  },
  check(ctx) {
    const g = ctx.graph;
    const hpas = hpaTargets(g);
    for (const r of focusedOfKind(g, 'PodDisruptionBudget')) {
      const spec = r.obj.spec;
      if (!isObj(spec) || !isObj(spec.selector)) continue;
      const sel = spec.selector as LabelSelector;
      const name = `PodDisruptionBudget \`${r.name ?? '(unnamed)'}\``;
      const ts = selectTemplates(g, r.namespace, sel);
      const operator = ts.length ? undefined : operatorOwnerMatching(g, r.namespace, (labels) => selectorMatches(labels, sel));
      if (!ts.length && !operator) continue;
      const what = ts.length ? ts.map((t) => t.label).join(', ') : `the pods of ${operator!.kind}/${operator!.name}`;
      const effect = 'so no voluntary eviction can ever proceed: `kubectl drain`, node upgrades and cluster-autoscaler scale-down hang on these pods';

      const max = intOrPercent(spec.maxUnavailable);
      if (max && max.n === 0) {
        ctx.report({
          resource: r,
          path: ['spec', 'maxUnavailable'],
          message: `${name} sets \`maxUnavailable: ${spec.maxUnavailable}\` for ${what}, ${effect}. Allow at least one disruption (\`maxUnavailable: 1\`).`,
        });
        continue;
      }
      const min = intOrPercent(spec.minAvailable);
      if (!min) continue;
      if (min.percent && min.n >= 100) {
        ctx.report({
          resource: r,
          path: ['spec', 'minAvailable'],
          message: `${name} sets \`minAvailable: ${spec.minAvailable}\` for ${what}, ${effect}. Use a lower percentage or \`maxUnavailable: 1\`.`,
        });
        continue;
      }
      // Expected pod count: known only when every selected template is a replicated workload or a bare Pod.
      if (!ts.length || !ts.every((t) => REPLICATED.has(t.resource.kind) || t.resource.kind === 'Pod')) continue;
      const parts = ts.map((t) => ({ t, ...replicasOf(t, hpas) }));
      if (parts.some((p) => p.n === undefined)) continue;
      const total = parts.reduce((s, p) => s + p.n!, 0);
      if (total === 0) continue;
      const need = min.percent ? Math.ceil((min.n * total) / 100) : min.n;
      if (need < total) continue;
      const desc = parts.map((p) => `${p.t.label} (${p.how})`).join(', ');
      const pct = min.percent ? ` (${min.n}% of ${total}, rounded up, is ${need})` : '';
      ctx.report({
        resource: r,
        path: ['spec', 'minAvailable'],
        message: `${name} requires \`minAvailable: ${spec.minAvailable}\`${pct} of ${total} pod${total === 1 ? '' : 's'} — ${desc} — ${effect}. Lower \`minAvailable\` below ${total}, raise the replicas, or use \`maxUnavailable: 1\`.`,
      });
    }
  },
};
export default rule;

/** A workload's replicas: an HPA's `minReplicas` when one scales it, else `spec.replicas` (default 1). */
function replicasOf(t: PodTemplate, hpas: ReturnType<typeof hpaTargets>): { n: number | undefined; how: string } {
  if (t.resource.kind === 'Pod') return { n: 1, how: 'a single pod' };
  // A kustomize base completed by overlays: its replicas are not final.
  if (t.resource.partial) return { n: undefined, how: '' };
  const h = hpas.find((x) => x.target === t.resource);
  if (h) return { n: h.minReplicas, how: `HorizontalPodAutoscaler \`${h.hpa.name}\` may scale it down to ${h.minReplicas}` };
  const rep = t.resource.obj.spec?.replicas;
  if (rep === undefined || rep === null) return { n: 1, how: '1 replica by default' };
  return typeof rep === 'number' ? { n: rep, how: `${rep} replica${rep === 1 ? '' : 's'}` } : { n: undefined, how: '' };
}
