import type { Rule } from '../src/engine/types.js';
import { focusedFiles } from '../src/graph/focus.js';

/** Reports YAML the parser cannot read, at the exact line; other documents and files are still checked. */
const rule: Rule = {
  meta: {
    id: 'yaml-syntax',
    description: 'YAML that cannot be parsed (or that exceeds podlint’s alias limit).',
    severity: 'error',
    category: 'syntax',
    docs: 'docs/rules/yaml-syntax.md',
    fileLocal: true,
  },
  check(ctx) {
    for (const f of focusedFiles(ctx.graph)) {
      for (const p of f.problems) {
        ctx.report({ file: f.file, range: [p.start, p.end], message: `${p.message}` });
      }
    }
  },
};
export default rule;
