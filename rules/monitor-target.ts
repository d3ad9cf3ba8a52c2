import type { Rule, RuleContext } from '../src/engine/types.js';
import type { GResource } from '../src/graph/model.js';
import { nearNames } from '../src/engine/suggest.js';
import { labelSelectorText, list, meanText, missingOption, MISSING_SCHEMA, operatorOwnerMatching } from '../src/analyze/references.js';
import { isMonitor, isTestAssertion, monitorScope, nearCandidate, selectedServices, selectedTemplates, type MonitorScope, type NearCandidate } from '../src/analyze/monitors.js';
import { selectorMatches } from '../src/graph/build.js';
import { isObj } from '../src/util.js';
import { focusedResources } from '../src/graph/focus.js';

const SILENT = 'Prometheus discovers no target for it and silently scrapes nothing';

/**
 * A prometheus-operator ServiceMonitor or PodMonitor that scrapes nothing:
 * its endpoints name a port no selected Service (or pod) has (error), or its
 * selector misses the Services/pods of the set by a near label value
 * (absent-object policy of the reference rules).
 */
const rule: Rule = {
  meta: {
    id: 'monitor-target',
    description: 'A ServiceMonitor/PodMonitor endpoint names a port no selected Service or pod has (error), or its selector narrowly misses them (warning).',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/monitor-target.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    const g = ctx.graph;
    for (const r of focusedResources(g)) {
      const kind = isMonitor(r);
      if (!kind || isTestAssertion(r)) continue;
      const scope = monitorScope(r);
      if (!scope) continue;
      const me = `${kind} \`${r.name ?? '(unnamed)'}\``;
      const endpoints = r.obj.spec[kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints'];
      const epKey = kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints';
      if (kind === 'ServiceMonitor') {
        const svcs = selectedServices(g, scope);
        if (!svcs.length) {
          reportNoTarget(ctx, r, kind, scope);
          continue;
        }
        const names = [...new Set(svcs.flatMap((s) => s.ports.map((p) => p.name).filter((n): n is string => !!n)))];
        const svcText = svcs.length === 1 ? `Service \`${svcs[0]!.name}\`` : `the Services it selects (${list(svcs.map((s) => s.name))})`;
        const templates = [...new Set(svcs.flatMap((s) => (s.selector ? g.templatesMatching(s.namespace, s.selector) : [])))];
        eachEndpoint(endpoints, (ep, i) => {
          if (typeof ep.port === 'string' && ep.port && !names.includes(ep.port)) {
            const has = names.length ? `its port names are ${list(names)}` : 'it has no named ports';
            ctx.report({
              resource: r,
              path: ['spec', epKey, i, 'port'],
              message: `${me} scrapes port \`${ep.port}\` of ${svcText}, which has no port of that name (${has}), so ${SILENT}.${meanText(nearNames(ep.port, names)) || ' Name the Service port, or use the name it has.'}`,
            });
          }
          checkTargetPort(ctx, r, me, ep, ['spec', epKey, i, 'targetPort'], templates);
        });
      } else {
        const ts = selectedTemplates(g, scope);
        if (!ts.length) {
          if (!operatorOwnerMatching(g, r.namespace, (labels) => selectorMatches(labels, scope.selector))) reportNoTarget(ctx, r, kind, scope);
          continue;
        }
        const names = [...new Set(ts.flatMap((t) => t.containers.flatMap((c) => c.ports.map((p) => p.name).filter((n): n is string => !!n))))];
        const podText = ts.length === 1 ? `the pods of ${ts[0]!.label}` : `the pods it selects (${list(ts.map((t) => t.label))})`;
        eachEndpoint(endpoints, (ep, i) => {
          if (typeof ep.port === 'string' && ep.port && !names.includes(ep.port)) {
            const has = names.length ? `their container port names are ${list(names)}` : 'their containers have no named ports';
            ctx.report({
              resource: r,
              path: ['spec', epKey, i, 'port'],
              message: `${me} scrapes port \`${ep.port}\` of ${podText}, where no container declares a port of that name (${has}), so ${SILENT}.${meanText(nearNames(ep.port, names)) || ' Name the container port, or use `portNumber`.'}`,
            });
          }
          checkTargetPort(ctx, r, me, ep, ['spec', epKey, i, 'targetPort'], ts);
        });
      }
    }
  },
};
export default rule;

function eachEndpoint(list: unknown, f: (ep: Record<string, any>, i: number) => void): void {
  if (Array.isArray(list)) list.forEach((ep, i) => isObj(ep) && f(ep, i));
}

/** The deprecated `targetPort`: a container port name (or number) of the selected pods. */
function checkTargetPort(ctx: RuleContext, r: GResource, me: string, ep: Record<string, any>, path: (string | number)[], templates: import('../src/graph/model.js').PodTemplate[]): void {
  const tp = ep.targetPort;
  if (typeof tp !== 'string' || /^\d+$/.test(tp) || !templates.length) return;
  const names = [...new Set(templates.flatMap((t) => t.containers.flatMap((c) => c.ports.map((p) => p.name).filter((n): n is string => !!n))))];
  if (names.includes(tp)) return;
  ctx.report({
    resource: r,
    path,
    message: `${me} scrapes \`targetPort: ${tp}\`, but no container of ${list(templates.map((t) => t.label))} declares a port of that name, so ${SILENT}.${meanText(nearNames(tp, names)) || ' Use a container port name the pods declare.'}`,
  });
}

/**
 * A selector that selects nothing of the set while a near candidate exists,
 * under the absent-object policy of the reference rules (the `missing`
 * option; default warning). Without a near candidate the targets may simply
 * live elsewhere: nothing is reported.
 */
function reportNoTarget(ctx: RuleContext, r: GResource, kind: 'ServiceMonitor' | 'PodMonitor', scope: MonitorScope): void {
  const mode = missingOption(ctx, rule.meta.id);
  if (mode === 'off') return;
  const near: NearCandidate | undefined = nearCandidate(ctx.graph, scope, kind);
  if (!near) return;
  const what = kind === 'ServiceMonitor' ? 'Service' : 'pod template';
  const where = scope.namespaces ? `namespace${scope.namespaces.size > 1 ? 's' : ''} ${list([...scope.namespaces])}` : 'any namespace';
  ctx.report({
    resource: r,
    path: ['spec', 'selector', 'matchLabels', near.key],
    severity: mode ?? 'warn',
    message: `${kind} \`${r.name ?? '(unnamed)'}\` selects ${what}s with \`${labelSelectorText(scope.selector)}\`, but no ${what} in ${where} among the linted manifests matches, so ${SILENT}. ${near.label} has \`${near.key}: ${near.have}\`: did you mean \`${near.have}\`?`,
  });
}
