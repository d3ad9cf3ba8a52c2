import type { Rule } from '../src/engine/types.js';
import { shapeOf } from '../src/load/shape.js';
import { focusedFiles } from '../src/graph/focus.js';

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
    fileLocal: true,
  },
  check(ctx) {
    for (const f of focusedFiles(ctx.graph)) {
      // test-harness assert files hold expressions as documents; patches are fragments
      if (f.partial) continue;
      for (const d of shapeOf(f).invalidDocuments) {
        ctx.report({
          file: f.file,
          range: [d.start, d.end],
          message: `Document ${d.index + 1} of this file ${d.what}; \`kubectl apply -f\` rejects the whole file. Give it apiVersion and kind, or move it out of the manifests.`,
        });
      }
    }
  },
};
export default rule;
