import type { Rule } from '../src/engine/types.js';
import { nearNames } from '../src/engine/suggest.js';
import { typoNames, absentPolicy, meanText, missingSetting, MISSING_SCHEMA } from '../src/analyze/references.js';
import { focusedEdges } from '../src/graph/focus.js';

/** Built-in kinds that are clearly not scalable (no /scale subresource). */
const NOT_SCALABLE = new Set([
  'DaemonSet', 'Pod', 'Job', 'CronJob', 'Service', 'ConfigMap', 'Secret', 'PodTemplate',
  'HorizontalPodAutoscaler', 'PersistentVolumeClaim', 'ServiceAccount', 'Ingress',
]);
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'extensions', 'autoscaling', 'networking.k8s.io', 'policy']);
const WORKLOADS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DaemonSet'];

/** A HorizontalPodAutoscaler's scaleTargetRef names a workload that is absent or cannot be scaled. */
const rule: Rule = {
  meta: {
    id: 'hpa-target-missing',
    description: 'A HorizontalPodAutoscaler’s scaleTargetRef names a workload absent from the linted manifests (warning) or a built-in kind that cannot be scaled (error).',
    severity: 'warn',
    category: 'references',
    docs: 'docs/rules/hpa-target-missing.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    const g = ctx.graph;
    const policy = absentPolicy(ctx, rule.meta.id, ['scale target is', 'scale targets are']);
    for (const e of focusedEdges(g)) {
      if (e.kind !== 'scale-target') continue;
      const ref = e.resource.obj.spec?.scaleTargetRef ?? {};
      const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : '';
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      const hpa = `HorizontalPodAutoscaler \`${e.resource.name ?? '(unnamed)'}\``;
      const builtin = BUILTIN_GROUPS.has(group);
      if (builtin && NOT_SCALABLE.has(e.targetKind)) {
        ctx.report({
          resource: e.resource,
          path: [...e.path, 'kind'],
          severity: 'error',
          message: `${hpa} targets ${e.targetKind} \`${e.targetName}\`, but a ${e.targetKind} has no /scale subresource, so the autoscaler can never act (FailedGetScale). Target a Deployment, StatefulSet, ReplicaSet or ReplicationController.`,
        });
        continue;
      }
      if (e.to) continue;
      const otherKinds = WORKLOADS.filter((k) => k !== e.targetKind && g.get(k, e.targetNamespace, e.targetName));
      const near = nearNames(e.targetName, g.namesOf(e.targetKind, e.targetNamespace));
      const d = policy.decide(otherKinds.length > 0 || typoNames(e.targetName, g.namesOf(e.targetKind, e.targetNamespace)).length > 0);
      if (!d) continue;
      const hint = otherKinds.length
        ? ` ${otherKinds[0]}/${e.targetName} exists: did you mean \`kind: ${otherKinds[0]}\`?`
        : near.length
          ? meanText(near)
          : ` Add it or correct \`scaleTargetRef\` (until it exists the autoscaler reports FailedGetScale); if it is made at runtime, set ${missingSetting(rule.meta.id, 'off')}.`;
      ctx.report({
        resource: e.resource,
        path: otherKinds.length ? [...e.path, 'kind'] : [...e.path, 'name'],
        severity: d.severity,
        message: `${e.targetKind} \`${e.targetName}\`${e.targetNamespace !== g.defaultNamespace ? ` in namespace \`${e.targetNamespace}\`` : ''}, the scale target of ${hpa}, is not among the linted manifests.${hint}`,
      });
    }
    policy.finish();
  },
};
export default rule;
