import { fileRangeOf } from '../src/analyze/shell/index.js';
import type { Rule } from '../src/engine/types.js';
import { podFlow } from '../src/analyze/dataflow.js';
import { focusedTemplates } from '../src/graph/focus.js';

/**
 * A container reads a file on an emptyDir volume it shares with other
 * containers of the pod, but no container writes that file (and an emptyDir
 * starts empty). Reported only when every container that can write the
 * volume runs commands podlint fully understands.
 */
const rule: Rule = {
  meta: {
    id: 'shared-file-unwritten',
    description: 'A container reads a file on a shared emptyDir volume that no container of the pod writes.',
    severity: 'warn',
    category: 'patterns',
    docs: 'docs/rules/shared-file-unwritten.md',
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      for (const u of podFlow(ctx.graph, t).unwritten) {
        const x = u.access;
        const range = fileRangeOf(x);
        if (!range) continue;
        const verb = x.via === 'wait' ? 'waits for' : 'reads';
        const writers = u.writers.map((w) => `\`${w.name}\``);
        const who =
          writers.length === 0
            ? 'no container mounts the volume writable'
            : `${writers.length === 1 ? 'the only container that can write it' : 'the containers that can write it'}, ${writers.join(', ')}, never ${writers.length === 1 ? 'creates' : 'create'} that file`;
        const hint = u.near.length
          ? ` Did you mean ${u.near.map((n) => `\`${n}\``).join(' or ')}?`
          : ' Write the file from one of the containers (an init container for a file needed at start-up), or fix the path.';
        ctx.report({
          file: u.container.resource.file,
          range,
          message: `Container \`${u.container.name}\` of ${t.label} ${verb} \`${x.abs}\` (\`${u.rel}\` on the shared emptyDir volume \`${u.volume.name}\`), but no container of the pod writes it: ${who}.${hint}`,
        });
      }
    }
  },
};
export default rule;
