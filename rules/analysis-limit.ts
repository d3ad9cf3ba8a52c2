import type { Rule } from '../src/engine/types.js';
import { limitHits } from '../src/analyze/limits.js';
import { focusedResources } from '../src/graph/focus.js';

/**
 * A piece of input an analysis did not (fully) read because a size or depth
 * limit stopped it: one warning per skipped piece, at its position, so a bug
 * planted beyond a limit never goes unreported in silence. The analyses note
 * their hits (src/analyze/limits.ts); this rule runs after every other rule
 * (`phase: 'after-rules'`), so it sees the hits of every analysis that ran.
 */
const rule: Rule = {
  meta: {
    id: 'analysis-limit',
    description: 'A piece of input was not analysed because a size or depth limit stopped the analysis.',
    severity: 'warn',
    category: 'meta',
    docs: 'docs/rules/analysis-limit.md',
    phase: 'after-rules',
  },
  check(ctx) {
    for (const r of focusedResources(ctx.graph)) {
      for (const h of limitHits(r)) ctx.report({ file: r.file, range: h.range, message: `${h.message}. Findings there would be missed: split or flatten it to have it checked.` });
    }
  },
};
export default rule;
