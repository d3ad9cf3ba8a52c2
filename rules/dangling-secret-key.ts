import type { Rule } from '../src/engine/types.js';
import { reportMissingKeys } from '../src/analyze/references.js';
import { reportSubPaths } from '../src/analyze/subpaths.js';

/** A key named by a reference is not in the Secret. */
const rule: Rule = {
  meta: {
    id: 'dangling-secret-key',
    description: 'A key named by items[].key or secretKeyRef.key is not in the Secret’s data or stringData, or a subPath names no file of the Secret volume.',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/dangling-secret-key.md',
  },
  check(ctx) {
    reportMissingKeys(ctx, 'secret');
    reportSubPaths(ctx, 'Secret');
  },
};
export default rule;
