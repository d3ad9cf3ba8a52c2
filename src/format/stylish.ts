import { Chalk } from 'chalk';
import type { FileResult } from '../engine/lint.js';
import { displayPath } from '../load/discover.js';
import type { FormatContext } from './types.js';
import { ruleDocsUrl } from '../config/package-root.js';
import { visible, visiblePath } from './escape.js';

/** An OSC 8 terminal hyperlink (shown as plain text by terminals without support); used only with colours on. */
const link = (text: string, url: string) => `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007`;

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** ESLint's "stylish" layout: findings grouped by file, then a summary line. */
export function formatStylish(results: FileResult[], ctx: FormatContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  let out = '';
  let errors = 0;
  let warnings = 0;
  let fixErr = 0;
  let fixWarn = 0;
  for (const r of results) {
    if (r.findings.length === 0) continue;
    out += `\n${c.underline(visiblePath(displayPath(r.file.path)))}\n`;
    const rows = r.findings.map((f) => {
      if (f.severity === 2) {
        errors++;
        if (f.fix) fixErr++;
      } else {
        warnings++;
        if (f.fix) fixWarn++;
      }
      return [`${f.line}:${f.column}`, f.severity === 2 ? 'error' : 'warning', visible(f.message), f.ruleId ?? ''];
    });
    const w0 = Math.max(...rows.map((x) => x[0]!.length));
    const w1 = Math.max(...rows.map((x) => x[1]!.length));
    for (const [pos, sev, msg, id] of rows) {
      const sevText = sev === 'error' ? c.red(sev!.padEnd(w1)) : c.yellow(sev!.padEnd(w1));
      out += `  ${c.dim(pos!.padStart(w0))}  ${sevText}  ${msg}  ${c.dim(ctx.color && id ? link(id!, ruleDocsUrl(id!)) : id)}\n`;
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const color = errors > 0 ? c.red : c.yellow;
  out += `\n${color.bold(`✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`)}\n`;
  if (fixErr + fixWarn > 0) {
    out += color.bold(`  ${plural(fixErr, 'error')} and ${plural(fixWarn, 'warning')} potentially fixable with the \`--fix\` option.`) + '\n';
  }
  return out;
}
