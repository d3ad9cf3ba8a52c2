import type { Rule } from '../src/engine/types.js';
import type { Path } from '../src/load/nodes.js';
import { nearNames } from '../src/engine/suggest.js';
import { replaceScalarFix } from '../src/engine/fixes.js';
import { typoNames, absentPolicy, allServices, list, meanText, missingSetting, MISSING_SCHEMA, referencesTo } from '../src/analyze/references.js';
import { dig } from '../src/util.js';
import { focusedEdges } from '../src/graph/focus.js';

/** An Ingress backend names a Service, or a Service port, that does not exist. */
const rule: Rule = {
  meta: {
    id: 'ingress-backend',
    description: 'An Ingress backend names a Service absent from the linted manifests (warning), or a port the Service does not expose (error).',
    severity: 'error',
    fixable: true,
    category: 'references',
    docs: 'docs/rules/ingress-backend.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    const g = ctx.graph;
    const policy = absentPolicy(ctx, rule.meta.id, referencesTo('Service'), 'warn');
    for (const e of focusedEdges(g)) {
      if (e.kind !== 'service' || e.via !== 'ingress-backend') continue;
      const b = dig(e.resource.obj, e.path);
      if (!b || typeof b !== 'object') continue;
      const v1 = b.service && typeof b.service === 'object';
      const namePath = v1 ? [...e.path, 'service', 'name'] : [...e.path, 'serviceName'];
      const ingress = `Ingress \`${e.resource.name ?? '(unnamed)'}\``;
      // The API server's own Service `kubernetes` always exists in `default`.
      if (e.targetNamespace === 'default' && e.targetName === 'kubernetes') continue;
      const svcs = allServices(g, e.targetNamespace, e.targetName, e.resource);
      const svc = svcs[0];
      if (!svc) {
        const near = nearNames(e.targetName, g.namesOf('Service', e.targetNamespace));
        const d = policy.decide(typoNames(e.targetName, g.namesOf('Service', e.targetNamespace)).length > 0);
        if (!d) continue;
        ctx.report({
          resource: e.resource,
          path: namePath,
          severity: d.severity,
          message: `Service \`${e.targetName}\`${e.targetNamespace !== g.defaultNamespace ? ` in namespace \`${e.targetNamespace}\`` : ''}, a backend of ${ingress}, is not among the linted manifests.${
            near.length ? meanText(near) : ` Add the Service or correct the name (an Ingress routes only to Services of its namespace); if it is made at runtime, set ${missingSetting(rule.meta.id, 'off')}.`
          }`,
          fix: near.length === 1 ? replaceScalarFix(e.resource, namePath, near[0]!) : undefined,
        });
        continue;
      }
      // The port: v1 `service.port.number` / `service.port.name`; v1beta1 `servicePort` (int or string).
      let number: number | undefined;
      let name: string | undefined;
      let portPath: Path;
      if (v1) {
        const port = b.service.port;
        if (!port || typeof port !== 'object') continue;
        if (typeof port.number === 'number') {
          number = port.number;
          portPath = [...e.path, 'service', 'port', 'number'];
        } else if (typeof port.name === 'string' && port.name) {
          name = port.name;
          portPath = [...e.path, 'service', 'port', 'name'];
        } else continue;
      } else {
        const sp = b.servicePort;
        portPath = [...e.path, 'servicePort'];
        if (typeof sp === 'number') number = sp;
        else if (typeof sp === 'string' && /^\d+$/.test(sp)) number = Number(sp);
        else if (typeof sp === 'string' && sp) name = sp;
        else continue;
      }
      // An ExternalName Service without ports: the controller uses the backend's port as is.
      if (svcs.some((x) => x.ports.length === 0 && x.type === 'ExternalName')) continue;
      const ports = svcs.flatMap((x) => x.ports);
      const exposed = [...new Set(ports.map((p) => (p.name ? `${p.port} (\`${p.name}\`)` : `${p.port}`)))];
      const exposedText = exposed.length ? `it exposes ${exposed.join(', ')}` : 'it exposes no ports';
      if (number !== undefined) {
        if (ports.some((p) => p.port === number)) continue;
        const byTarget = ports.filter((p) => p.targetPort === number && p.port !== undefined);
        const hint =
          byTarget.length === 1
            ? ` Service port ${byTarget[0]!.port} targets container port ${number}: an Ingress names the Service's port, so use ${byTarget[0]!.port}.`
            : ' Use one of the Service\'s ports.';
        ctx.report({
          resource: e.resource,
          path: portPath!,
          message: `${ingress} routes to port ${number} of Service \`${svc.name}\`, but ${exposedText}.${hint}`,
        });
      } else if (name !== undefined) {
        if (ports.some((p) => p.name === name)) continue;
        const names = [...new Set(ports.map((p) => p.name).filter((n): n is string => !!n))];
        const near = nearNames(name, names);
        ctx.report({
          resource: e.resource,
          path: portPath!,
          message: `${ingress} routes to port \`${name}\` of Service \`${svc.name}\`, but the Service has no port of that name (${names.length ? `its port names are ${list(names)}` : exposedText}).${near.length ? meanText(near) : ' Use a port name or number the Service exposes.'}`,
        });
      }
    }
    policy.finish();
  },
};
export default rule;
