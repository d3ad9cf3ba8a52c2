/**
 * GitHub Actions workflow commands: one `::error` or `::warning` line per
 * finding, which GitHub shows as an annotation on the pull request's diff.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { FileResult } from '../engine/lint.js';
import { ruleDocsUrl } from '../config/package-root.js';
import type { FormatContext } from './types.js';
import { ciPath } from './paths.js';
import { visible } from './escape.js';

/** Escape a command's message (data). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a command property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: FileResult[], ctx: FormatContext): string {
  let out = '';
  for (const r of results) {
    const file = ciPath(r.file.path, ctx.cwd).rel; // exact (escapeProperty): the annotation must name the real file
    for (const f of r.findings) {
      const cmd = f.severity === 2 ? 'error' : 'warning';
      const props = [`file=${escapeProperty(file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`];
      props.push(`title=${escapeProperty(f.ruleId ? `podlint ${f.ruleId}` : 'podlint')}`);
      // control characters of the input are escaped visibly (no ANSI escapes reach the log); the line break before the URL is podlint's
      const msg = f.ruleId ? `${visible(f.message)}\n${ruleDocsUrl(f.ruleId)}` : visible(f.message);
      out += `::${cmd} ${props.join(',')}::${escapeData(msg)}\n`;
    }
  }
  return out;
}
