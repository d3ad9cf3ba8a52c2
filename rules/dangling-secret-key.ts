import type { Rule } from '../src/engine/types.js';
import { reportMissingKeys } from '../src/analyze/references.js';

/** A key named by a reference is not in the Secret. */
const rule: Rule = {
  meta: {
    id: 'dangling-secret-key',
    description: 'A key named by items[].key or secretKeyRef.key is not in the Secret’s data or stringData.',
    severity: 'error',
    category: 'references',
    docs: 'docs/rules/dangling-secret-key.md',
  },
  check(ctx) {
    reportMissingKeys(ctx, 'secret');
  },
};
export default rule;
