import type { Fix, Report, Rule, Severity, Suggestion } from '../src/engine/types.js';
import type { ContainerInfo, Graph, PodTemplate } from '../src/graph/model.js';
import { nearNames } from '../src/engine/suggest.js';
import { absentPolicy, missingSetting, MISSING_SCHEMA, referencesTo } from '../src/analyze/references.js';
import { podListeners, proxyFacts, type Backend, type NamedRef } from '../src/analyze/proxy/index.js';
import { checkServicePort, resolveHost } from '../src/analyze/services.js';
import { readingTemplates } from '../src/graph/focus.js';

const SOURCE_NAME: Record<Backend['source'], string> = { haproxy: 'haproxy', nginx: 'nginx', envoy: 'Envoy', socat: 'socat' };

const ticks = (xs: (string | number)[]) => xs.map((x) => `\`${x}\``).join(', ');

function describe(b: Backend): string {
  return `${SOURCE_NAME[b.source]} backend \`${b.what}\``;
}

function where(b: Backend): string {
  return b.configPath ? ` (${b.configPath} of container \`${b.container.name}\`)` : ` (container \`${b.container.name}\`)`;
}

/** Replace the host label `name` by `to` inside `host`, keeping the namespace and domain parts. */
function renameLabel(host: string, name: string, to: string): string {
  const labels = host.split('.');
  const i = labels.findIndex((l) => l.toLowerCase() === name);
  if (i === -1) return to;
  labels[i] = to;
  return labels.join('.');
}

/** Port numbers other containers of the pod mention in their command, args or env values (`--port=9090`, `PORT=9090`). */
function mentionedPorts(t: PodTemplate, self: ContainerInfo): Set<number> {
  const out = new Set<number>();
  const scan = (v: unknown) => {
    if (typeof v === 'number' && Number.isInteger(v)) out.add(v);
    if (typeof v !== 'string') return;
    for (const m of v.matchAll(/(?:^|[=:\s,'"(])(\d{2,5})(?=$|[\s,/'")])/g)) out.add(Number(m[1]));
  };
  for (const c of t.containers) {
    if (c === self || !c.longRunning) continue;
    const spec = c.spec as any;
    for (const v of [...(Array.isArray(spec.command) ? spec.command : []), ...(Array.isArray(spec.args) ? spec.args : [])]) scan(v);
    for (const e of c.env) scan(e.value);
  }
  return out;
}

/** Is what listens in the pod unknown (a container that declares no ports and runs no parsed proxy)? */
function listenersUnknown(graph: Graph, t: PodTemplate, self: ContainerInfo): boolean {
  return t.containers.some((c) => c !== self && c.longRunning && c.ports.length === 0 && proxyFacts(graph, c).listeners.length === 0);
}

/**
 * A proxy or ambassador backend (haproxy `server`, nginx `proxy_pass` /
 * upstream `server`, Envoy cluster endpoint, socat `TCP:`) reaches no
 * Service port: the Service exists without that port, or the host is a typo
 * of a Service name, or a localhost port nothing in the pod listens on.
 */
const rule: Rule = {
  meta: {
    id: 'ambassador-backend',
    description:
      'A proxy backend (haproxy, nginx, Envoy, socat) names a Service that does not expose its port, a near-miss of a Service name, a localhost port nothing in the pod listens on, or a backend section/cluster that is not defined.',
    severity: 'error',
    fixable: true,
    category: 'patterns',
    docs: 'docs/rules/ambassador-backend.md',
    schema: MISSING_SCHEMA,
  },
  check(ctx) {
    const g = ctx.graph;
    // near names are reported above as errors whatever the policy; the rest follows the absent-object policy
    const policy = absentPolicy(ctx, rule.meta.id, referencesTo('Service'), 'warn');
    const done = new Set<string>();
    const report = (key: string, r: Report) => {
      if (done.has(key)) return;
      done.add(key);
      ctx.report(r);
    };
    for (const t of readingTemplates(g)) {
      for (const c of t.containers) {
        const facts = proxyFacts(g, c);
        for (const b of facts.backends) checkBackend(b, t);
        for (const r of facts.refs) checkRef(r);
      }
    }
    policy.finish();

    function checkRef(r: NamedRef) {
      const near = nearNames(r.name, r.defined);
      const what = r.kind === 'backend' ? 'backend section' : 'cluster';
      const have = r.defined.length ? `the ${r.kind === 'backend' ? 'backends' : 'clusters'} are ${ticks(r.defined)}` : `the configuration defines no ${what}s`;
      const fix: Fix | undefined = near.length === 1 && r.edit ? { range: r.edit, text: near[0]! } : undefined;
      report(`ref|${r.at.file.path}|${r.at.range[0]}|${r.name}`, {
        file: r.at.file,
        range: r.at.range,
        message: `${r.source === 'haproxy' ? 'haproxy' : 'Envoy'} \`${r.what}\` names ${what} \`${r.name}\`, which ${r.configPath ?? 'the configuration'} does not define (${have}).${near.length ? ` Did you mean ${ticks(near).replace(/, /g, ' or ')}?` : ` Define the ${what} or correct the name.`}`,
        fix,
      });
    }

    function checkBackend(b: Backend, t: PodTemplate) {
      const res = resolveHost(g, b.host, t.namespace);
      const portText = b.port !== undefined ? `${b.port}${b.defaultPort ? ' (the default port of its scheme)' : ''}` : '';
      if (res.kind === 'external' || res.kind === 'dynamic') return;
      if (res.kind === 'localhost') {
        // socat connections to localhost are reported by localhost-port-unbound (commands).
        if (b.source === 'socat' || b.port === undefined) return;
        const listeners = podListeners(g, t);
        if (listeners.some((l) => l.port === b.port && l.container !== b.container)) return;
        if (listeners.some((l) => l.port === b.port)) return; // the proxy itself (a loop, but it listens)
        if (mentionedPorts(t, b.container).has(b.port)) return; // `--port=9090`: served, just not declared
        const unknown = listenersUnknown(g, t, b.container);
        const ports = [...new Set(listeners.filter((l) => l.container !== b.container).map((l) => l.port))].sort((x, y) => x - y);
        // the host is right (its own pod): the port is what is wrong
        const at = b.portAt ?? b.at;
        report(`local|${b.at.file.path}|${b.at.range[0]}|${t.resource.id}`, {
          file: at.file,
          range: at.range,
          severity: unknown ? 'warn' : undefined,
          message:
            `${describe(b)}${where(b)} connects to port ${portText} of its own pod ${t.label}, but no container of the pod ${unknown ? 'declares' : 'listens on'} port ${b.port}` +
            (ports.length ? ` (ports in the pod: ${ticks(ports)})` : '') +
            `.${unknown ? ` Declare \`containerPort: ${b.port}\` on the container that serves it, or correct the port.` : ' Point the backend at a port a container of the pod listens on.'}`,
        });
        return;
      }
      if (res.kind === 'service') {
        if (b.port === undefined) return;
        const check = checkServicePort(g, res.service, b.port, res.podHostname !== undefined);
        if (check.ok) return;
        const svc = res.service;
        const isTarget = svc.ports.find((p) => p.targetPort === b.port && p.port !== undefined);
        const hint = isTarget
          ? ` ${b.port} is the targetPort of its port ${isTarget.port}: connect to the Service port ${isTarget.port}.`
          : ` Use ${check.ports.length === 1 ? `port ${check.ports[0]}` : `one of its ports`} or add port ${b.port} to the Service.`;
        const suggestions: Suggestion[] = [];
        const to = isTarget?.port ?? (check.ports.length === 1 ? check.ports[0] : undefined);
        if (to !== undefined && b.portEdit && !b.defaultPort) suggestions.push({ desc: `Use port ${to}`, fix: { range: b.portEdit, text: String(to) } });
        // the host names the Service: the port is what is wrong (Envoy `port_value` on its own line)
        const at = b.portAt ?? b.at;
        report(`port|${b.at.file.path}|${b.at.range[0]}|${svc.namespace}/${svc.name}|${b.port}`, {
          file: at.file,
          range: at.range,
          message: `${describe(b)}${where(b)} reaches Service \`${svc.name}\`${svc.namespace !== t.namespace ? ` in namespace \`${svc.namespace}\`` : ''} on port ${portText}, which the Service does not expose (its ports: ${ticks(check.ports)}).${hint}`,
          suggestions: suggestions.length ? suggestions : undefined,
        });
        return;
      }
      // An in-cluster name that names no Service of the set.
      const nsText = `namespace \`${res.namespace}\``;
      if (res.near.length || (res.form === 'bare' && res.elsewhere.length)) {
        let fix: Fix | undefined;
        let mean: string;
        if (res.near.length) {
          const candidates = res.near.map((n) => renameLabel(b.host, res.name, n));
          mean = ` Did you mean ${ticks(candidates).replace(/, /g, ' or ')}?`;
          if (candidates.length === 1 && b.hostEdit) fix = { range: b.hostEdit, text: candidates[0]! };
        } else {
          const candidates = res.elsewhere.map((ns) => `${res.name}.${ns}`);
          mean = ` A Service \`${res.name}\` exists in ${res.elsewhere.length === 1 ? `namespace \`${res.elsewhere[0]}\`` : `namespaces ${ticks(res.elsewhere)}`}; a bare name only resolves in the pod's own namespace. Did you mean ${ticks(candidates).replace(/, /g, ' or ')}?`;
          if (candidates.length === 1 && b.hostEdit) fix = { range: b.hostEdit, text: candidates[0]! };
        }
        report(`near|${b.at.file.path}|${b.at.range[0]}|${res.namespace}/${res.name}`, {
          file: b.at.file,
          range: b.at.range,
          message: `${describe(b)}${where(b)} connects to \`${b.host}\`, which is not a Service in ${nsText}.${mean}`,
          fix,
        });
        return;
      }
      const key = `missing|${b.at.file.path}|${b.at.range[0]}|${res.namespace}/${res.name}`;
      if (done.has(key)) return;
      const d = policy.decide(false);
      if (!d) return;
      const severity: Severity = d.severity ?? 'warn';
      report(`missing|${b.at.file.path}|${b.at.range[0]}|${res.namespace}/${res.name}`, {
        file: b.at.file,
        range: b.at.range,
        severity,
        message: `${describe(b)}${where(b)} connects to \`${b.host}\`, but Service \`${res.name}\` (${nsText}) is not among the linted manifests. Add the Service or correct the host; if it is made at runtime, set ${missingSetting(rule.meta.id, 'off')}.`,
      });
    }
  },
};
export default rule;
