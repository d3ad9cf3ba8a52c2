import type { Rule, RuleContext } from '../src/engine/types.js';
import type { GResource, Graph } from '../src/graph/model.js';
import { isObj } from '../src/util.js';
import { nearNames } from '../src/engine/suggest.js';
import { absentPolicy, allServices, meanText, missingSetting, MISSING_SCHEMA, referencesTo, selectTemplates, selectorText, typoNames, type AbsentPolicy } from '../src/analyze/references.js';
import { isHeadless } from '../src/analyze/services.js';
import { focusedTemplates } from '../src/graph/focus.js';

/**
 * A StatefulSet's `serviceName` is the governing Service that gives each pod
 * its DNS name (`web-0.web.ns.svc`). Such per-pod records exist only for a
 * headless Service (`clusterIP: None`) whose selector selects the pods.
 */
const rule: Rule = {
  meta: {
    id: 'statefulset-service',
    description: 'A StatefulSet’s serviceName names a Service that does not select its pods, or is not headless (error when a per-pod DNS name is used, else warning; absent Service: warning).',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/statefulset-service.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    const g = ctx.graph;
    const policy = absentPolicy(ctx, rule.meta.id, referencesTo('Service'), 'warn');
    for (const t of focusedTemplates(g)) {
      const sts = t.resource;
      if (sts.kind !== 'StatefulSet') continue;
      const name = sts.obj.spec?.serviceName;
      if (typeof name !== 'string' || !name) continue;
      const path = ['spec', 'serviceName'];
      const svcs = allServices(g, sts.namespace, name);
      if (!svcs.length) {
        reportAbsentService(ctx, policy, sts, name);
        continue;
      }
      const headless = svcs.filter(isHeadless);
      const label = `StatefulSet \`${sts.name}\``;
      if (!headless.length) {
        const other = g.services.filter((s) => s.namespace === sts.namespace && isHeadless(s) && s.selector && selectTemplates(g, s.namespace, { matchLabels: s.selector }).includes(t));
        // Per-pod names matter when something uses them: an error then, a warning otherwise.
        const use = perPodNameUse(g, sts, name);
        ctx.report({
          resource: sts,
          path,
          severity: use ? undefined : 'warn',
          message:
            `Service \`${name}\`, the \`serviceName\` of ${label}, is not headless (it has a cluster IP): per-pod DNS names (\`${sts.name}-0.${name}\`) exist only for a headless Service, so they never resolve` +
            (use ? `, and ${use.kind}/${use.name} uses one (\`${use.text}\`).` : '.') +
            (other.length ? ` Did you mean the headless Service \`${other[0]!.name}\`?` : ` Set \`clusterIP: None\` on it, or add a headless Service for the StatefulSet.`),
        });
        continue;
      }
      const selecting = headless.filter((s) => !s.selector || selectTemplates(g, s.namespace, { matchLabels: s.selector }).includes(t));
      if (selecting.length) continue;
      const s = headless[0]!;
      ctx.report({
        resource: sts,
        path,
        message: `Service \`${name}\`, the \`serviceName\` of ${label}, selects \`${selectorText(s.selector!)}\`, which the StatefulSet's pods do not carry: the Service has no endpoints, so per-pod DNS names (\`${sts.name}-0.${name}\`) never resolve. Make the Service's selector match the pod template's labels.`,
      });
    }
    policy.finish();
  },
};
export default rule;

/**
 * A `serviceName` naming no Service of the set, under the absent-object
 * policy of the reference rules: a near miss (a typo) is reported, the rest
 * (a Service made by a chart, an operator or `kubectl expose`) are counted in
 * one notice; the `missing` option (`warn`, `error`, `off`) lists or silences them.
 */
function reportAbsentService(ctx: RuleContext, policy: AbsentPolicy, sts: GResource, name: string): void {
  const names = ctx.graph.namesOf('Service', sts.namespace);
  const d = policy.decide(typoNames(name, names).length > 0);
  if (!d) return;
  const near = nearNames(name, names);
  ctx.report({
    resource: sts,
    path: ['spec', 'serviceName'],
    severity: d.severity,
    message: `Service \`${name}\`, the \`serviceName\` of StatefulSet \`${sts.name}\`, is not found among the linted manifests (namespace \`${sts.namespace}\`).${near.length ? meanText(near) : ` Add the headless Service, or correct \`serviceName\`; without it per-pod DNS names never resolve. If it is made elsewhere, set ${missingSetting(rule.meta.id, 'off')}.`}`,
  });
}

/**
 * A string of the namespace's objects (container env, command and args,
 * ConfigMap data) that names a per-pod DNS name of the StatefulSet:
 * `web-0.web`, `$(POD_NAME).web`, `${HOSTNAME}.web` ...
 */
function perPodNameUse(g: Graph, sts: GResource, svc: string): { kind: string; name: string; text: string } | undefined {
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:^|[^A-Za-z0-9-])((?:${esc(String(sts.name))}-\\d+|\\$\\(?\\{?[A-Za-z_][A-Za-z0-9_]*\\}?\\)?)\\.${esc(svc)})(?![A-Za-z0-9-])`);
  const visit = (v: unknown): string | undefined => {
    if (typeof v === 'string') return re.exec(v)?.[1];
    if (Array.isArray(v)) for (const x of v) { const h = visit(x); if (h) return h; }
    else if (isObj(v)) for (const x of Object.values(v)) { const h = visit(x); if (h) return h; }
    return undefined;
  };
  for (const t of g.templates) {
    if (t.namespace !== sts.namespace) continue;
    for (const c of t.containers) {
      const sp = c.spec as any;
      const text = visit([sp.command, sp.args, sp.env]);
      if (text) return { kind: t.resource.kind, name: String(t.resource.name), text };
    }
  }
  for (const cm of g.ofKind('ConfigMap')) {
    if (cm.namespace !== sts.namespace) continue;
    const text = visit(cm.obj.data);
    if (text) return { kind: 'ConfigMap', name: String(cm.name), text };
  }
  return undefined;
}
