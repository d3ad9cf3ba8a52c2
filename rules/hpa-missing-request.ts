import type { Rule } from '../src/engine/types.js';
import { hpaTargets, limitRangeDefaults } from '../src/analyze/autoscaling.js';
import { isObj } from '../src/util.js';
import { inFocus } from '../src/graph/focus.js';

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);

/**
 * An HPA scaling on CPU or memory utilization targets a workload one of whose
 * containers has no request for that resource: utilization is usage divided
 * by request, so the controller reports FailedGetResourceMetric ("missing
 * request for cpu in container ...") and never scales. Regular containers
 * and native sidecars count; init containers do not. A limit without a
 * request defaults the request; so does a LimitRange of the namespace; a
 * pod-level request (`spec.resources`, PodLevelResources) replaces them.
 * An HPA read back from a cluster whose status records that utilization as
 * computed is not reported: there, its target had the request.
 */
const rule: Rule = {
  meta: {
    id: 'hpa-missing-request',
    description: 'An HPA scales on CPU/memory utilization but a container of its target has no request for that resource, so it never scales.',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/hpa-missing-request.md',
  },
  check(ctx) {
    for (const h of hpaTargets(ctx.graph)) {
      const t = h.template;
      // A target that cannot scale (DaemonSet, Job ...) is hpa-target-missing's finding.
      if (!t || !SCALABLE.has(t.resource.kind)) continue;
      // its findings are on the target's containers: wanted only where the target is (src/graph/focus.ts)
      if (!inFocus(ctx.graph, t.resource.file)) continue;
      const done = new Set<string>();
      for (const m of h.metrics) {
        if (limitRangeDefaults(ctx.graph, t.namespace, m.resource)) continue;
        // A dumped HPA whose status shows this utilization computed: where it ran, the target had the request.
        if (h.measured.has(m.resource)) continue;
        // Pod-level resources (PodLevelResources): the pod's request stands in for its containers'.
        const podReq = (t.spec as any).resources?.requests;
        if (m.container === undefined && isObj(podReq) && podReq[m.resource] != null) continue;
        for (const c of t.containers) {
          if (!(c.group === 'containers' || c.nativeSidecar)) continue;
          if (m.container !== undefined && c.name !== m.container) continue;
          const res = (c.spec as any).resources;
          const has = (k: string) => isObj(res?.[k]) && res[k][m.resource] != null;
          if (has('requests') || has('limits')) continue;
          const id = `${c.name}\u0000${m.resource}`;
          if (done.has(id)) continue;
          done.add(id);
          const metric = m.implicit
            ? `its default metric, ${m.resource} utilization (it sets no metrics)`
            : `${m.resource} utilization${m.container ? ` of container \`${m.container}\`` : ''}`;
          ctx.report({
            resource: c.resource,
            path: [...c.path, 'name'],
            message:
              `${h.hpa.kind === 'ScaledObject' ? 'KEDA ScaledObject' : 'HorizontalPodAutoscaler'} \`${h.hpa.name ?? '(unnamed)'}\` scales ${t.label} on ${metric}, but container \`${c.name}\`${c.nativeSidecar ? ' (a native sidecar)' : ''} requests no ${m.resource}: utilization is usage divided by request, so the autoscaler reports FailedGetResourceMetric ("missing request for ${m.resource}") and never scales. Set \`resources.requests.${m.resource}\` on \`${c.name}\` (or a LimitRange \`defaultRequest\` in namespace \`${t.namespace}\`).`,
          });
        }
      }
    }
  },
};
export default rule;
