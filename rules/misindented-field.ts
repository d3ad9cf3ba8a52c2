import type { Rule } from '../src/engine/types.js';
import { analyzeSchemas } from '../src/schema/analyze.js';

/**
 * An unknown key that is valid one level deeper or shallower nearby: the key
 * (and its block) is mis-indented. Replaces the `unknown-field` finding for
 * that key and suppresses the findings its block causes.
 */
const rule: Rule = {
  meta: {
    id: 'misindented-field',
    description: 'A key at the wrong indentation: unknown where it is, valid one level deeper or shallower (fix re-indents its block).',
    severity: 'error',
    fixable: true,
    category: 'schema',
    docs: 'docs/rules/misindented-field.md',
  },
  check(ctx) {
    const a = analyzeSchemas(ctx.graph, ctx.settings.kubernetesVersion);
    for (const n of a.notices) ctx.notice(n);
    for (const i of a.issues) {
      if (i.rule !== 'misindented-field') continue;
      ctx.report({ resource: i.resource, path: i.path, part: 'key', message: i.message, fix: i.fix });
      if (i.block) ctx.suppressWithin(i.resource.file, i.block[0], i.block[1]);
    }
  },
};
export default rule;
