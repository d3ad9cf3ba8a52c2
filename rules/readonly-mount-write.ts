import type { Rule } from '../src/engine/types.js';
import type { MountInfo } from '../src/graph/model.js';
import { analyzeExecs, fileRangeOf, normalizePath, type CommandAnalysis, type FileAccess } from '../src/analyze/shell/index.js';
import { mountFor, volumeType } from '../src/analyze/fsview.js';
import { trimSlashes } from '../src/analyze/shell/paths.js';
import { focusedTemplates } from '../src/graph/focus.js';

/** Flags by which programs write a log or pid file (`--log-file=/x`, `--log_dir /x`, `-pidfile /x` ...). */
const FILE_FLAG = /^--?(log[-_]?(file|dir|path)|logfile|logdir|pid[-_]?file|pidfile|error[-_]log|access[-_]log)$/i;

/**
 * Writes through log and pid file flags of programs the shell analysis does
 * not model (its writes cover the commands it knows): `--log-file=PATH` or
 * `--log-file PATH`, absolute paths only.
 */
function flagWrites(a: CommandAnalysis): FileAccess[] {
  const out: FileAccess[] = [];
  const known = new Set(a.writes.map((w) => w.abs));
  for (const cmd of a.commands) {
    cmd.args.forEach((w, i) => {
      const v = w.value;
      if (v === undefined || !v.startsWith('-')) return;
      const eq = v.indexOf('=');
      const flag = eq > 0 ? v.slice(0, eq) : v;
      if (!FILE_FLAG.test(flag)) return;
      const word = eq > 0 ? w : cmd.args[i + 1];
      const path = eq > 0 ? v.slice(eq + 1) : word?.value;
      const wordRange = word && fileRangeOf(word);
      if (!wordRange || !path || !path.startsWith('/') || known.has(normalizePath(path))) return;
      let range = wordRange;
      // `--log-file=/x` written plainly: point at the path.
      if (eq > 0 && range[1] - range[0] === v.length) range = [range[0] + eq + 1, range[1]];
      out.push({ range: word.range, src: word.src, fileRange: range, value: path, abs: normalizePath(path), cwd: 'absolute', kind: 'write', via: flag, dir: /dir$/i.test(flag) });
    });
  }
  return out;
}

/** Volume types the kubelet always mounts read-only, whatever `readOnly` says. */
const ALWAYS_RO = new Set(['configMap', 'secret', 'downwardAPI', 'projected']);

/**
 * A container's command or script writes (`>`, `>>`, `tee`, `cp`, `touch`,
 * `mkdir`, an output or log-file flag ...) under one of its own mounts that
 * is read-only: `readOnly: true`, or a ConfigMap, Secret, downward API or
 * projected volume (the kubelet mounts those read-only). Every such write
 * fails with "Read-only file system". One finding per mount, at its first
 * write.
 */
const rule: Rule = {
  meta: {
    id: 'readonly-mount-write',
    description: 'A container’s command writes under one of its own read-only mounts (readOnly: true, or a ConfigMap/Secret volume); the write fails.',
    severity: 'error',
    category: 'pod',
    docs: 'docs/rules/readonly-mount-write.md',
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      for (const c of t.containers) {
        // Only containers whose commands mention one of their read-only mounts pay for the shell analysis.
        const ro = c.mounts.filter((m) => m.mountPath && (m.readOnly || (m.volume && ALWAYS_RO.has(volumeType(m.volume)))));
        if (!ro.length) continue;
        const sp = c.spec as any;
        const text = JSON.stringify([sp.command, sp.args, sp.env, sp.workingDir, sp.lifecycle, sp.livenessProbe?.exec, sp.readinessProbe?.exec, sp.startupProbe?.exec]);
        if (!ro.some((m) => text.includes(trimSlashes(m.mountPath!) || '/'))) continue;
        const byMount = new Map<MountInfo, FileAccess[]>();
        for (const a of analyzeExecs(c)) {
          for (const w of [...a.writes, ...flagWrites(a)]) {
            if (!w.abs) continue;
            const hit = mountFor(c, w.abs);
            if (!hit) continue;
            const type = hit.volume ? volumeType(hit.volume) : undefined;
            if (!hit.mount.readOnly && !(type && ALWAYS_RO.has(type))) continue;
            // `mkdir -p` of a directory that exists (the mount point itself) writes nothing.
            if (w.via === 'mkdir' && w.abs === hit.mountPath) continue;
            // last: a position may need the file's nodes, and only writes onto read-only mounts are reported
            if (!fileRangeOf(w)) continue;
            const list = byMount.get(hit.mount) ?? [];
            list.push(w);
            byMount.set(hit.mount, list);
          }
        }
        for (const [m, ws] of byMount) {
          const w = ws[0]!;
          const type = m.volume ? volumeType(m.volume) : undefined;
          const why = m.readOnly
            ? `mounted \`readOnly: true\``
            : `a ${type} volume, which the kubelet always mounts read-only`;
          const more = ws.length > 1 ? ` (and ${ws.length - 1} more write${ws.length > 2 ? 's' : ''} there)` : '';
          const fix = m.readOnly
            ? `Drop \`readOnly: true\` from the mount, or write somewhere writable (an emptyDir).`
            : `Copy the files to an emptyDir (in an init container) and write there.`;
          ctx.report({
            file: c.resource.file,
            range: fileRangeOf(w)!,
            message: `Container \`${c.name}\` of ${t.label} writes \`${w.abs}\` (${w.via})${more}, on mount \`${m.name}\` at \`${m.mountPath}\`, ${why}: the write fails with "Read-only file system". ${fix}`,
          });
        }
      }
    }
  },
};
export default rule;
