import type { Rule } from '../src/engine/types.js';
import type { PodTemplate, ServiceInfo, ServicePortInfo } from '../src/graph/model.js';
import { nearNames } from '../src/engine/suggest.js';
import { list, meanText, selectTemplates } from '../src/analyze/references.js';
import { listeningPorts } from '../src/analyze/listening.js';
import { nearest } from '../src/graph/nearest.js';
import { focusedServices } from '../src/graph/focus.js';

/** Ports of the containers that serve traffic: regular containers and native sidecars (as the endpoints controller sees them). */
function servingPorts(t: PodTemplate) {
  return t.containers.filter((c) => c.longRunning).flatMap((c) => c.ports);
}

function portLabel(p: ServicePortInfo): string {
  return p.name ? `port \`${p.name}\` (${p.port ?? '?'})` : `port ${p.port ?? '?'}`;
}

function templatesText(ts: PodTemplate[]): string {
  const labels = [...new Set(ts.map((t) => t.label))];
  return labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ');
}

/** The templates nearest to the Service's file among those its selector matches (ties kept). */
function nearestTemplates(ts: PodTemplate[], from: ServiceInfo['resource']): PodTemplate[] {
  if (ts.length <= 1) return ts;
  const near = new Set(nearest([...new Set(ts.map((t) => t.resource))], from, true));
  return ts.filter((t) => near.has(t.resource));
}

/** IsValidPortName (IANA_SVC_NAME): 1-15 lowercase letters, digits and '-', a letter at least, no '-' at either end nor '--'. */
function isPortName(n: string): boolean {
  return n.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(n) && /[a-z]/.test(n) && !n.includes('--');
}

/** A Service port's targetPort matches no port of the selected pods. */
const rule: Rule = {
  meta: {
    id: 'service-target-port',
    description: 'A Service’s targetPort names a port no selected container declares (error), or is a number none of the declared container ports has (warning).',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/service-target-port.md',
  },
  check(ctx) {
    const g = ctx.graph;
    for (const s of focusedServices(g)) {
      if (!s.selector || Object.keys(s.selector).length === 0 || s.type === 'ExternalName') continue;
      const matched = selectTemplates(g, s.namespace, { matchLabels: s.selector });
      if (matched.length === 0) continue; // service-selector-no-match reports it
      // Independent samples with the same labels: the Service means the nearest pods (issue 13, cause 5).
      const ts = nearestTemplates(matched, s.resource);
      // A workload a kustomize patch completes (e.g. the kube-rbac-proxy sidecar of a kubebuilder
      // `config/default`) may get its ports there: its declared ports are not the whole story.
      if (ts.some((t) => t.resource.patched)) continue;
      for (const p of s.ports) {
        const explicit = p.targetPort !== undefined;
        let raw = p.targetPort ?? p.port; // targetPort defaults to port
        if (raw === undefined) continue;
        // An envsubst placeholder (`${PORT}`, `${PORT:-9002}`): check its default, if any (issue 13, cause 2).
        if (typeof raw === 'string' && raw.includes('$')) {
          const m = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}$/.exec(raw.trim());
          if (!m || m[1] === undefined || m[1] === '' || m[1].includes('$')) continue;
          raw = /^\d+$/.test(m[1]) ? Number(m[1]) : m[1];
        }
        const path = explicit ? [...p.path, 'targetPort'] : [...p.path, 'port'];
        const numeric = typeof raw === 'number' ? raw : /^\d+$/.test(raw) ? Number(raw) : undefined;
        const where = `Service \`${s.name}\` ${portLabel(p)}`;
        if (numeric === undefined) {
          const name = raw as string;
          // A name the API server rejects (`PORT`: not an IANA_SVC_NAME) is api-validation's finding: one root cause, one finding.
          if (!isPortName(name)) continue;
          // FindPort: a container port of the same name and protocol, in a regular container or native sidecar.
          const has = ts.filter((t) => servingPorts(t).some((cp) => cp.name === name && cp.protocol === p.protocol));
          if (has.length > 0) continue;
          const otherProto = ts.flatMap((t) => servingPorts(t).filter((cp) => cp.name === name));
          if (otherProto.length > 0) {
            const protos = [...new Set(otherProto.map((cp) => cp.protocol))];
            ctx.report({
              resource: s.resource,
              path,
              message: `${where} targets the named port \`${name}\` over ${p.protocol}, but the selected pod templates (${templatesText(ts)}) declare \`${name}\` only as ${protos.join('/')}; a named targetPort must match a container port of the same protocol. Set \`protocol: ${protos[0]}\` on the Service port or fix the container port.`,
            });
            continue;
          }
          const declared = [...new Set(ts.flatMap((t) => servingPorts(t).map((cp) => cp.name).filter((n): n is string => !!n)))];
          const near = nearNames(name, declared);
          const declaredText = declared.length ? `their named ports are ${list(declared)}` : 'they declare no named ports';
          ctx.report({
            resource: s.resource,
            path,
            message: `${where} targets the named port \`${name}\`, but no container of the selected pod templates (${templatesText(ts)}) declares a port named \`${name}\` (${declaredText}), so the Service gets no endpoints for this port.${near.length ? meanText(near) : ` Name the container port \`${name}\` or use its number.`}`,
          });
          continue;
        }
        // Numeric: kube-proxy forwards to the number whether or not it is declared; warn only when
        // every selected template declares its ports and none has this one.
        if (ts.some((t) => servingPorts(t).length === 0)) continue;
        // a declared port whose number is not known (a placeholder): nothing to compare
        if (ts.some((t) => servingPorts(t).some((cp) => cp.containerPort === undefined && cp.name === undefined))) continue;
        const all = ts.flatMap((t) => servingPorts(t));
        if (all.some((cp) => cp.containerPort === numeric)) continue;
        // Declared ports are informational: the process may listen on it (`--port 18080`, a
        // collector's `endpoint: 0.0.0.0:5317`, a proxy's `bind`), as localhost-port-unbound counts.
        if (ts.some((t) => listeningPorts(g, t).has(numeric))) continue;
        const declared = [...new Set(all.filter((cp) => cp.containerPort !== undefined).map((cp) => `${cp.containerPort}/${cp.protocol}`))];
        ctx.report({
          resource: s.resource,
          path,
          severity: 'warn',
          message: `${where} ${explicit ? 'targets' : 'targets (by default, the same number)'} container port ${numeric}, but the selected pod templates (${templatesText(ts)}) declare only ${list(declared)}. Point \`targetPort\` at the port the container listens on, or declare it in the container's \`ports\`.`,
        });
      }
    }
  },
};
export default rule;
