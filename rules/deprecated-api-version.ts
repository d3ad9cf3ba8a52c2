import type { Rule } from '../src/engine/types.js';
import { replaceScalarFix } from '../src/engine/fixes.js';
import { deprecationOf, statusAt } from '../src/schema/deprecations.js';
import { formatVersion, resolveVersion } from '../src/schema/versions.js';
import { focusedResources } from '../src/graph/focus.js';

/** An apiVersion the target Kubernetes version no longer serves (error) or has deprecated (warning). */
const rule: Rule = {
  meta: {
    id: 'deprecated-api-version',
    description: 'An apiVersion removed from (error) or deprecated in (warning) the target Kubernetes version, naming the replacement.',
    severity: 'error',
    fixable: true,
    category: 'schema',
    docs: 'docs/rules/deprecated-api-version.md',
  },
  check(ctx) {
    const v = resolveVersion(ctx.settings.kubernetesVersion);
    if (v.notice) ctx.notice(v.notice);
    const target = formatVersion(v.target);
    for (const r of focusedResources(ctx.graph)) {
      const d = deprecationOf(r.apiVersion, r.kind);
      if (!d) continue;
      const status = statusAt(d, v.target);
      if (!status) continue;
      const what = `\`${r.apiVersion}\` ${r.kind}`;
      const use = d.replacement
        ? ` Use \`${d.replacement}\`${d.replacementKind ? ` ${d.replacementKind}` : ''}${d.note ? ` (${d.note})` : ''}.`
        : ` It has no replacement: ${d.note ?? 'remove it'}.`;
      const message =
        status === 'removed'
          ? `${what} is no longer served since Kubernetes ${d.removed}${d.deprecated ? ` (deprecated since ${d.deprecated})` : ''}; the target version is ${target}.${use}`
          : `${what} is deprecated since Kubernetes ${d.deprecated}${d.removed ? ` and will no longer be served from ${d.removed}` : ''}.${use}`;
      ctx.report({
        resource: r,
        path: ['apiVersion'],
        message,
        severity: status === 'removed' ? 'error' : 'warn',
        fix: d.sameSchema && d.replacement && !d.replacementKind ? replaceScalarFix(r, ['apiVersion'], d.replacement) : undefined,
      });
    }
  },
};
export default rule;
