import type { Rule } from '../src/engine/types.js';
import { reportMissingKeys } from '../src/analyze/references.js';
import { reportSubPaths } from '../src/analyze/subpaths.js';

/** A key named by a reference is not in the ConfigMap. */
const rule: Rule = {
  meta: {
    id: 'dangling-configmap-key',
    description: 'A key named by items[].key or configMapKeyRef.key is not in the ConfigMap’s data or binaryData, or a subPath names no file of the ConfigMap volume.',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/dangling-configmap-key.md',
  },
  check(ctx) {
    reportMissingKeys(ctx, 'configmap');
    reportSubPaths(ctx, 'ConfigMap');
  },
};
export default rule;
