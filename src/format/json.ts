import { resolve } from 'node:path';
import type { FileResult } from '../engine/lint.js';
import type { Finding } from '../engine/types.js';

export interface EslintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: boolean;
  fix?: { range: [number, number]; text: string };
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The fixed source, present when --fix or --fix-dry-run changed the file (as in ESLint). */
  output?: string;
}

export function filePathOf(path: string, cwd: string): string {
  return path === '<stdin>' ? '<stdin>' : resolve(cwd, path);
}

function message(f: Finding): EslintMessage {
  const m: EslintMessage = {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
  };
  if (f.ruleId === null || f.ruleId === 'yaml-syntax') m.fatal = f.ruleId === null ? true : undefined;
  if (m.fatal === undefined) delete m.fatal;
  if (f.fix) m.fix = { range: f.fix.range, text: f.fix.text };
  if (f.suggestions?.length) m.suggestions = f.suggestions.map((s) => ({ desc: s.desc, fix: { range: s.fix.range, text: s.fix.text } }));
  return m;
}

/** ESLint's JSON result objects for a run. */
export function toEslintResults(results: FileResult[], cwd: string): EslintResult[] {
  return results.map((r) => {
    const messages = r.findings.map(message);
    const res: EslintResult = {
      filePath: filePathOf(r.file.path, cwd),
      messages,
      errorCount: messages.filter((m) => m.severity === 2).length,
      fatalErrorCount: messages.filter((m) => m.fatal).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
      fixableErrorCount: messages.filter((m) => m.severity === 2 && m.fix).length,
      fixableWarningCount: messages.filter((m) => m.severity === 1 && m.fix).length,
    };
    if (r.output !== undefined) res.output = r.output;
    return res;
  });
}

export function formatJson(results: FileResult[], ctx: { cwd: string }): string {
  return JSON.stringify(toEslintResults(results, ctx.cwd));
}
