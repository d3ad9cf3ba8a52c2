/** Hover on a finding: the rule's summary from its documentation page and a link to it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileResult } from '../engine/lint.js';
import { allRules } from '../../rules/index.js';
import { packageRoot, ruleDocsUrl } from '../config/package-root.js';

const summaries = new Map<string, string>();

/** The first paragraph of a rule's page (after the title and the severity line). */
export function ruleSummary(id: string): string {
  const hit = summaries.get(id);
  if (hit !== undefined) return hit;
  const rule = allRules.find((r) => r.meta.id === id);
  let text = rule?.meta.description ?? '';
  if (rule) {
    try {
      const md = readFileSync(join(packageRoot(), rule.meta.docs), 'utf8').replace(/\r\n/g, '\n');
      const paras = md.split(/\n{2,}/).map((p) => p.trim()).filter((p) => p && !p.startsWith('#') && !p.startsWith('**Default severity') && !p.startsWith('```'));
      if (paras[0]) text = paras[0].replace(/\n/g, ' ');
    } catch {
      /* the description is enough */
    }
  }
  summaries.set(id, text);
  return text;
}

export function hoverFor(result: FileResult, doc: TextDocument, pos: Position): Hover | null {
  const at = doc.offsetAt(pos);
  const hits = result.findings.filter((f) => f.ruleId && at >= f.start && at <= Math.max(f.end, f.start + 1));
  if (hits.length === 0) return null;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const f of hits) {
    if (seen.has(f.ruleId!)) continue;
    seen.add(f.ruleId!);
    const rule = allRules.find((r) => r.meta.id === f.ruleId);
    const link = f.ruleId!.includes('/') ? '' : ` — [rule documentation](${ruleDocsUrl(f.ruleId!)})`;
    parts.push(`**podlint \`${f.ruleId}\`** (${rule?.meta.severity === 'warn' ? 'warning' : 'error'} by default${rule?.meta.fixable ? ', fixable' : ''})${link}\n\n${ruleSummary(f.ruleId!)}`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
}
