import type { Rule } from '../src/engine/types.js';
import { reportMissingKeys } from '../src/analyze/references.js';

/** A key named by a reference is not in the ConfigMap. */
const rule: Rule = {
  meta: {
    id: 'dangling-configmap-key',
    description: 'A key named by items[].key or configMapKeyRef.key is not in the ConfigMap’s data or binaryData.',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/dangling-configmap-key.md',
  },
  check(ctx) {
    reportMissingKeys(ctx, 'configmap');
  },
};
export default rule;
