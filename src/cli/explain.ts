/**
 * `podlint explain <rule>`: print a rule's documentation page for a terminal.
 * Headings are bold, code blocks indented, links shown with their address;
 * colours only on a TTY (or --color).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import type { Rule } from '../engine/types.js';
import { nearNames } from '../engine/suggest.js';
import { packageRoot, ruleDocsUrl } from '../config/package-root.js';

export function explainRule(id: string, rules: readonly Rule[], color: boolean): { text?: string; error?: string } {
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) {
    const near = nearNames(id, rules.map((r) => r.meta.id));
    return { error: `unknown rule "${id}"${near.length ? ` (did you mean "${near.join('" or "')}"?)` : ''}; see podlint --list-rules` };
  }
  let md: string;
  try {
    md = readFileSync(join(packageRoot(), rule.meta.docs), 'utf8');
  } catch {
    md = `# ${rule.meta.id}\n\n${rule.meta.description}\n`;
  }
  const header = `${rule.meta.id}  (default: ${rule.meta.severity === 'warn' ? 'warning' : 'error'}${rule.meta.fixable ? ', fixable with --fix' : ''}, category: ${rule.meta.category})`;
  return { text: renderMarkdown(md, color, header) + `\nOnline: ${ruleDocsUrl(rule.meta.id)}\n` };
}

/** A light Markdown renderer for terminals: enough for podlint's rule pages. */
export function renderMarkdown(md: string, color: boolean, subtitle?: string): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  let inCode = false;
  let first = true;
  for (const raw of md.replace(/\r\n/g, '\n').split('\n')) {
    const fence = /^\s*(```|~~~)/.exec(raw);
    if (fence) {
      inCode = !inCode;
      if (!inCode) out.push('');
      continue;
    }
    if (inCode) {
      out.push('    ' + c.cyan(raw));
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(raw);
    if (h) {
      const title = inline(h[2]!, c);
      if (h[1]!.length === 1) {
        out.push(c.bold.underline(title));
        if (first && subtitle) out.push(c.dim(subtitle));
      } else {
        if (out.length && out[out.length - 1] !== '') out.push('');
        out.push(c.bold(title));
      }
      first = false;
      continue;
    }
    out.push(inline(raw, c));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function inline(s: string, c: InstanceType<typeof Chalk>): string {
  return s
    .replace(/\[([^\][]+)\]\(([^)\s]+)\)/g, (_m, text: string, url: string) => (/^https?:/.test(url) ? `${text} (${url})` : text))
    .replace(/\*\*([^*]+)\*\*/g, (_m, t: string) => c.bold(t))
    .replace(/`([^`]+)`/g, (_m, t: string) => c.yellow(t));
}
