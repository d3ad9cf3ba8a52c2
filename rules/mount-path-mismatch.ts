import { fileRangeOf } from '../src/analyze/shell/index.js';
import type { Rule, Suggestion } from '../src/engine/types.js';
import { podFlow, type AgentMismatch, type PathMismatch } from '../src/analyze/dataflow.js';
import { readingTemplates } from '../src/graph/focus.js';

/**
 * A container reads or writes a path that lies on none of its mounts, while
 * one of its mounts holds a volume it shares with another container of the
 * pod, where the file evidently belongs: a relative path that only lands on
 * the mount when rooted at `/` (`output/data.txt` beside `mountPath: /output`),
 * or a path one directory name away from the mount (`/metric/raw.txt` beside
 * `/metrics`). The data then never reaches the other container.
 *
 * Log and metrics agents (Vector, Fluent Bit, Promtail, Filebeat, the
 * OpenTelemetry Collector) read paths from their configuration: a path of
 * such a configuration, in a ConfigMap mounted into the agent, is checked
 * the same way (as a glob), and reported at its line inside the ConfigMap.
 */
const rule: Rule = {
  meta: {
    id: 'mount-path-mismatch',
    description: 'A file a container reads or writes misses the shared volume it is evidently meant for (relative path, misspelt mount path).',
    severity: 'error',
    category: 'patterns',
    docs: 'docs/rules/mount-path-mismatch.md',
  },
  check(ctx) {
    for (const t of readingTemplates(ctx.graph)) {
      for (const m of podFlow(ctx.graph, t).mismatches) {
        const x = m.access;
        const range = fileRangeOf(x);
        if (!range) continue;
        const file = m.container.resource.file;
        ctx.report({
          file,
          range,
          message: message(m, t.label),
          severity: m.severity === 'warn' ? 'warn' : undefined,
          suggestions: suggestion(file.text, m),
        });
      }
      for (const m of podFlow(ctx.graph, t).agentMismatches) {
        const r = m.read;
        ctx.report({
          file: r.file,
          range: r.fileRange,
          message: agentMessage(m, t.label),
          severity: m.severity === 'warn' ? 'warn' : undefined,
          suggestions: r.file.text.slice(r.fileRange[0], r.fileRange[1]) === r.path && !/[\s"'\\]/.test(m.suggested)
            ? [{ desc: `Use \`${m.suggested}\``, fix: { range: r.fileRange, text: m.suggested } }]
            : undefined,
        });
      }
    }
  },
};
export default rule;

/** "the volume `shared` (mounted at `/output`; shared with `sidecar`, which reads that file as `/input/data.txt`)" */
function volumeText(m: PathMismatch): string {
  const others = [...new Set(m.volume.mounts.filter((mt) => mt.container !== m.container && mt.container.group !== 'ephemeralContainers').map((mt) => mt.container))];
  const peer = m.peer;
  const names = others.map((c) => `\`${c.name}\``).join(', ');
  let shared = `shared with ${names}`;
  if (peer) {
    const rest = others.filter((c) => c !== peer.container).map((c) => `\`${c.name}\``);
    const verb = peer.access.kind === 'write' ? 'writes' : 'reads';
    shared = `shared with ${[...rest, `\`${peer.container.name}\``].join(', ')}, which ${verb} that file as \`${peer.path}\``;
  }
  if (m.supplied?.source.name) shared += `; ${m.supplied.source.kind} \`${m.supplied.source.name}\` supplies that file`;
  return `the volume \`${m.volume.name}\` (mounted at \`${m.mount.mountPath}\`; ${shared})`;
}

function message(m: PathMismatch, owner: string): string {
  const c = m.container;
  const x = m.access;
  const verb = x.kind === 'write' ? 'writes' : 'reads';
  const who = `Container \`${c.name}\` of ${owner}`;
  if (m.kind === 'relative') {
    if (m.severity === 'warn') {
      return `${who} ${verb} the relative path \`${x.value}\`, which lands on ${volumeText(m)} only if the image's working directory is \`/\` (the container sets no \`workingDir\`). Use the absolute path \`${m.suggested}\`.`;
    }
    const against = x.cwd === 'script' ? `the script's directory \`${x.cwdDir}\` (after \`cd\`)` : `\`workingDir: ${x.cwdDir}\``;
    return `${who} ${verb} \`${x.value}\`, which resolves against ${against} to \`${m.resolved}\`, on none of its mounts and not on ${volumeText(m)}. Did you mean \`${m.suggested}\`?`;
  }
  return `${who} ${verb} \`${m.resolved ?? x.value}\`, which is on none of its mounts and not on ${volumeText(m)}. Did you mean \`${m.suggested}\`?`;
}

function suggestion(text: string, m: PathMismatch): Suggestion[] | undefined {
  const r = fileRangeOf(m.access);
  if (!r || text.slice(r[0], r[1]) !== m.access.value || !/^[A-Za-z0-9_\/.@%+=:,-]+$/.test(m.suggested)) return undefined;
  return [{ desc: `Use \`${m.suggested}\``, fix: { range: [r[0], r[1]], text: m.suggested } }];
}

/** "Fluent Bit in container `shipper` of Deployment/web reads `/var/log/ap/*.log` ([INPUT] Path of ConfigMap `fb`, key `fluent-bit.conf`) ..." */
function agentMessage(m: AgentMismatch, owner: string): string {
  const r = m.read;
  const others = [...new Set(m.volume.mounts.filter((mt) => mt.container !== m.container && mt.container.group !== 'ephemeralContainers').map((mt) => `\`${mt.container.name}\``))];
  const shared = m.peer
    ? `shared with ${others.join(', ')}; \`${m.peer.container.name}\` writes \`${m.peer.path}\` there`
    : `shared with ${others.join(', ')}`;
  return (
    `${r.agentName} in container \`${m.container.name}\` of ${owner} reads \`${r.path}\` (\`${r.where}\` in ConfigMap \`${r.configMap.name}\`, key \`${r.key}\`), which matches nothing on its mounts and misses the volume \`${m.volume.name}\` (mounted at \`${m.mount.mountPath}\`; ${shared}), so the agent ships nothing from it.` +
    ` Did you mean \`${m.suggested}\`?`
  );
}
