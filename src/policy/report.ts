/** Turn policy findings into rule reports (a compile error points inside the expression string). */
import type { RuleContext } from '../engine/types.js';
import { locate, scalarOffset } from '../load/nodes.js';
import type { PolicyFinding } from './vap.js';

export function reportPolicyFinding(ctx: RuleContext, f: PolicyFinding): void {
  if (f.within) {
    const node = locate(f.resource.node, f.path)?.node;
    if (node?.range) {
      const text = f.resource.file.text;
      const start = scalarOffset(text, node, f.within[0]);
      const end = Math.max(start + 1, scalarOffset(text, node, f.within[1]));
      ctx.report({ file: f.resource.file, range: [start, end], message: f.message, severity: f.severity, resource: f.resource });
      return;
    }
  }
  ctx.report({ resource: f.resource, path: f.path, message: f.message, severity: f.severity });
}
