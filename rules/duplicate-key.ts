import type { Rule } from '../src/engine/types.js';
import { positionAt } from '../src/load/source.js';
import { shapeOf } from '../src/load/shape.js';
import { focusedFiles } from '../src/graph/focus.js';

/**
 * A mapping with the same key twice. YAML parsers disagree on which value
 * wins, and the API server's strict decoding (kubectl's default since 1.27)
 * rejects the object with "duplicate field".
 */
const rule: Rule = {
  meta: {
    id: 'duplicate-key',
    description: 'A mapping that holds the same key twice.',
    severity: 'error',
    category: 'syntax',
    docs: 'docs/rules/duplicate-key.md',
    fileLocal: true,
  },
  check(ctx) {
    for (const f of focusedFiles(ctx.graph)) {
      for (const d of shapeOf(f).duplicateKeys) {
        const at = positionAt(f.file, d.firstStart);
        ctx.report({
          file: f.file,
          range: [d.start, d.end],
          message: `Duplicate key \`${d.key}\` (first at line ${at.line}). Kubernetes' strict decoding rejects the object with "duplicate field", and YAML tools disagree on which value wins; keep one.`,
        });
      }
    }
  },
};
export default rule;
