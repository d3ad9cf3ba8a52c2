import type { Rule } from '../src/engine/types.js';
import { unusedSuppressions } from '../src/engine/suppressions.js';

/**
 * Suppressions that suppress nothing: a `podlint-disable*` comment or a
 * `podlint.dev/ignore` annotation that covered no finding, names a rule that
 * does not exist, or a `podlint-enable` without a matching disable. The engine
 * runs this rule after applying the suppressions (see src/engine/suppressions.ts).
 */
const rule: Rule = {
  meta: {
    id: 'unused-suppression',
    description: 'A podlint-disable comment or podlint.dev/ignore annotation that suppresses nothing (or names an unknown rule).',
    severity: 'warn',
    fixable: true,
    category: 'meta',
    docs: 'docs/rules/unused-suppression.md',
  },
  check(ctx) {
    for (const u of unusedSuppressions(ctx.graph)) {
      ctx.report({ file: u.file, range: u.range, message: u.message, fix: u.fix });
    }
  },
};
export default rule;
