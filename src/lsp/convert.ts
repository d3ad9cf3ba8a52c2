/** podlint findings and fixes as LSP diagnostics and text edits. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { FileResult } from '../engine/lint.js';
import type { Finding, Fix } from '../engine/types.js';
import { positionAt, type SourceFile } from '../load/source.js';
import { ruleDocsUrl } from '../config/package-root.js';

export interface Published {
  result: FileResult | undefined;
  /** The diagnostics as sent, serialised (publish only on change). */
  key: string;
  version: number | undefined;
}

export function toDiagnostic(f: Finding, index: number): Diagnostic {
  const d: Diagnostic = {
    range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
    severity: f.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'podlint',
    message: f.message,
    data: { index },
  };
  if (f.ruleId) {
    d.code = f.ruleId;
    if (!f.ruleId.includes('/')) d.codeDescription = { href: ruleDocsUrl(f.ruleId) };
  }
  if (f.ruleId === 'unused-suppression') d.tags = [DiagnosticTag.Unnecessary];
  else if (f.ruleId === 'deprecated-api-version') d.tags = [DiagnosticTag.Deprecated];
  return d;
}

export function rangeAt(file: SourceFile, start: number, end: number): Range {
  const s = positionAt(file, start);
  const e = positionAt(file, end);
  return { start: { line: s.line - 1, character: s.column - 1 }, end: { line: e.line - 1, character: e.column - 1 } };
}

export function toEdit(file: SourceFile, fix: Fix): TextEdit {
  return { range: rangeAt(file, fix.range[0], fix.range[1]), newText: fix.text };
}

/** Does a client's diagnostic stand for this finding? */
export function sameFinding(d: Diagnostic, f: Finding): boolean {
  return (
    d.message === f.message &&
    (d.code ?? null) === f.ruleId &&
    d.range.start.line === f.line - 1 &&
    d.range.start.character === f.column - 1
  );
}
