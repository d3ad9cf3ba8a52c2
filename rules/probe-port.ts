import type { Rule } from '../src/engine/types.js';
import { nearNames } from '../src/engine/suggest.js';
import { list, meanText } from '../src/analyze/references.js';
import { isObj } from '../src/util.js';
import { focusedTemplates } from '../src/graph/focus.js';

const PORT_KINDS = ['httpGet', 'tcpSocket'] as const;
/** Probes and lifecycle hooks whose handlers can name a port, and what a failure does. */
const HANDLERS: { key: string; sub?: string; effect: string }[] = [
  { key: 'readinessProbe', effect: 'the probe always fails and the pod never becomes Ready' },
  { key: 'livenessProbe', effect: 'the probe always fails and the kubelet restarts the container forever' },
  { key: 'startupProbe', effect: 'the probe always fails and the kubelet restarts the container forever' },
  { key: 'lifecycle', sub: 'postStart', effect: 'the hook fails and the kubelet kills the container (FailedPostStartHook)' },
  { key: 'lifecycle', sub: 'preStop', effect: 'the hook fails (FailedPreStopHook) and the graceful shutdown it should run is skipped' },
];

/**
 * A probe or lifecycle handler (`httpGet`, `tcpSocket`) names a port the
 * probed container does not declare. The kubelet resolves a named port only
 * among that container's own `ports` (prober and lifecycle handler both call
 * findPortByName on the container); a port another container of the pod
 * declares does not count. `grpc.port` is a number only.
 */
const rule: Rule = {
  meta: {
    id: 'probe-port',
    description: 'A probe or lifecycle httpGet/tcpSocket names a port the probed container itself does not declare.',
    severity: 'error',
    category: 'pod',
    docs: 'docs/rules/probe-port.md',
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      for (const c of t.containers) {
        const spec = c.spec as any;
        let names: string[] | undefined;
        // indexed loops and the names listed only when a probe names a port: this runs for every container
        for (let hi = 0; hi < HANDLERS.length; hi++) {
          const h = HANDLERS[hi]!;
          const handler = h.sub ? spec[h.key]?.[h.sub] : spec[h.key];
          if (!isObj(handler)) continue;
          for (let ki = 0; ki < PORT_KINDS.length; ki++) {
            const kind = PORT_KINDS[ki]!;
            const port = handler[kind]?.port;
            // Numbers, and numeric strings (the kubelet falls back to Atoi), are not names.
            if (typeof port !== 'string' || /^\d+$/.test(port)) continue;
            names ??= c.ports.map((p) => p.name).filter((n): n is string => !!n);
            if (names.includes(port)) continue;
            const where = h.sub ? `\`lifecycle.${h.sub}\` ${kind}` : `${h.key} (${kind})`;
            const others = t.containers.filter((o) => o !== c && o.ports.some((p) => p.name === port)).map((o) => `\`${o.name}\``);
            const near = nearNames(port, names);
            const declared = names.length ? `its ports are named ${list(names)}` : c.ports.length ? 'its ports have no names' : 'it declares no ports';
            const sidecar = others.length
              ? ` Container ${others.join(', ')} declares \`${port}\`, but the kubelet looks up a probe's named port only in the probed container's own ports.`
              : '';
            const fix = near.length ? meanText(near) : ` Declare \`${port}\` in \`ports\` of container \`${c.name}\`, or use the port number.`;
            ctx.report({
              resource: c.resource,
              path: [...c.path, h.key, ...(h.sub ? [h.sub] : []), kind, 'port'],
              message: `The ${where} of container \`${c.name}\` in ${t.label} uses port \`${port}\`, which container \`${c.name}\` does not declare (${declared}), so ${h.effect}.${sidecar}${fix}`,
            });
          }
        }
      }
    }
  },
};
export default rule;
