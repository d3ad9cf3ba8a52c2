import { isMap, isSeq, isScalar, type Node } from 'yaml';
import type { Rule } from '../src/engine/types.js';

/**
 * In a file of Kubernetes manifests, every document must be an object with
 * apiVersion and kind: `kubectl apply -f` fails on the whole file otherwise.
 * Files with no Kubernetes object at all (a CI workflow, a values file) are
 * not manifests and are left alone.
 */
const rule: Rule = {
  meta: {
    id: 'invalid-document',
    description: 'A document in a manifest file that is not a Kubernetes object (a scalar, a list, or a mapping without apiVersion/kind).',
    severity: 'error',
    category: 'syntax',
    docs: 'docs/rules/invalid-document.md',
  },
  check(ctx) {
    for (const f of ctx.graph.files) {
      if (f.resources.length === 0 || f.resources.some((r) => r.partial)) continue;
      f.docs.forEach((doc, i) => {
        if (doc.errors.length) return;
        const c = doc.contents as Node | null;
        if (!c || (isScalar(c) && (c.value === null || c.value === ''))) return; // empty document
        let what: string | undefined;
        if (isScalar(c)) what = 'is a plain value, not an object';
        else if (isSeq(c)) what = 'is a list, not an object';
        else if (isMap(c)) {
          const hasV = c.has('apiVersion');
          const hasK = c.has('kind');
          if (!hasV || !hasK) what = `has no ${!hasV && !hasK ? '`apiVersion` and `kind`' : !hasV ? '`apiVersion`' : '`kind`'}`;
          else {
            const v = c.get('apiVersion');
            const k = c.get('kind');
            if (typeof v !== 'string' || !v || typeof k !== 'string' || !k) what = 'has an empty or non-string `apiVersion`/`kind`';
          }
        }
        if (!what) return;
        ctx.report({
          file: f.file,
          range: c.range ? [c.range[0], c.range[0] + Math.min(1, c.range[1] - c.range[0])] : [0, 0],
          message: `Document ${i + 1} of this file ${what}; \`kubectl apply -f\` rejects the whole file. Give it apiVersion and kind, or move it out of the manifests.`,
        });
      });
    }
  },
};
export default rule;
