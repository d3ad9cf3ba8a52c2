import { isMap, isSeq, isScalar, isPair, type Node } from 'yaml';
import type { Rule } from '../src/engine/types.js';
import { positionAt } from '../src/load/source.js';

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
  },
  check(ctx) {
    for (const f of ctx.graph.files) {
      for (const doc of f.docs) {
        if (doc.errors.length) continue;
        const stack: unknown[] = [doc.contents];
        while (stack.length) {
          const n = stack.pop();
          if (isMap(n)) {
            const seen = new Map<string, Node>();
            for (const p of n.items) {
              const k = p.key as Node | null;
              // merge keys (`<<`, a Symbol in the yaml AST) may repeat
              if (isScalar(k) && k.value !== '<<' && typeof k.value !== 'symbol') {
                const key = String(k.value);
                const first = seen.get(key);
                if (first) {
                  const at = positionAt(f.file, first.range![0]);
                  ctx.report({
                    file: f.file,
                    node: k,
                    message: `Duplicate key \`${key}\` (first at line ${at.line}). Kubernetes' strict decoding rejects the object with "duplicate field", and YAML tools disagree on which value wins; keep one.`,
                  });
                } else seen.set(key, k);
              }
              if (p.value) stack.push(p.value);
            }
          } else if (isSeq(n)) {
            for (const it of n.items) stack.push(isPair(it) ? it.value : it);
          }
        }
      }
    }
  },
};
export default rule;
