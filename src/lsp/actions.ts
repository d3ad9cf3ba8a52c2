/**
 * Code actions: each finding's fix and suggestions as quick fixes (with the
 * diagnostic attached), "disable <rule> for this line", and "fix all podlint
 * problems in this file" (source.fixAll.podlint), which applies the fixes and
 * re-lints until stable, as `podlint --fix` does, on the buffer's text.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isScalar, visit } from 'yaml';
import type { FileResult } from '../engine/lint.js';
import { lintParsed } from '../engine/lint.js';
import type { Finding } from '../engine/types.js';
import { fixOneFile, MAX_FIX_PASSES } from '../engine/fix.js';
import type { ParsedFile } from '../load/parse.js';
import { offsetAt } from '../load/source.js';
import type { Workspace } from './workspace.js';
import { sameFinding, toDiagnostic, toEdit } from './convert.js';

const FIX_ALL_KIND = 'source.fixAll.podlint';

export interface ActionInput {
  doc: TextDocument;
  path: string;
  workspace: Workspace;
  result: FileResult;
  params: CodeActionParams;
}

export function codeActions({ doc, path, workspace, result, params }: ActionInput): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const out: CodeAction[] = [];
  const uri = doc.uri;
  const file = result.file;
  if (wants(CodeActionKind.QuickFix)) {
    const disabled = new Set<string>();
    for (const d of params.context.diagnostics) {
      if (d.source !== 'podlint') continue;
      const f = result.findings.find((x) => sameFinding(d, x));
      if (!f) continue;
      if (f.fix) {
        out.push({
          title: `Fix: ${shortTitle(f)}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: true,
          edit: { changes: { [uri]: [toEdit(file, f.fix)] } },
        });
      }
      for (const s of f.suggestions ?? []) {
        out.push({ title: s.desc, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [uri]: [toEdit(file, s.fix)] } } });
      }
      if (f.ruleId && f.ruleId !== 'unused-suppression' && !disabled.has(`${f.ruleId}:${f.line}`)) {
        const edit = disableLine(result, workspace, path, f);
        if (edit) {
          disabled.add(`${f.ruleId}:${f.line}`);
          out.push({ title: `Disable ${f.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [uri]: [edit] } } });
        }
      }
    }
  }
  if (wants(FIX_ALL_KIND) && result.findings.some((f) => f.fix)) {
    const fixed = fixAll(workspace, path);
    if (fixed !== undefined && fixed !== file.text) {
      const diagnostics: Diagnostic[] = result.findings.filter((f) => f.fix).map((f) => toDiagnostic(f, result.findings.indexOf(f)));
      out.push({
        title: 'Fix all podlint problems in this file',
        kind: FIX_ALL_KIND,
        diagnostics,
        edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: (file.bom && !doc.getText().startsWith('\ufeff') ? '' : '') + fixed }] } },
      });
    }
  }
  return out;
}

function shortTitle(f: Finding): string {
  const first = f.message.split(/(?<=[.!?])\s/)[0] ?? f.message;
  return first.length > 100 ? first.slice(0, 99) + '…' : first;
}

/** `# podlint-disable-next-line <rule>` above the finding's line, at its indentation; none inside a multi-line scalar (it would change the value). */
function disableLine(result: FileResult, workspace: Workspace, path: string, f: Finding): TextEdit | undefined {
  const file = result.file;
  const lineStart = offsetAt(file, f.line, 1);
  const parsed = workspace.parsedOf(path);
  if (parsed && insideMultilineScalar(parsed, lineStart)) return undefined;
  const lineText = file.text.slice(lineStart, file.text.indexOf('\n', lineStart) === -1 ? undefined : file.text.indexOf('\n', lineStart));
  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = lineText.endsWith('\r') ? '\r\n' : '\n';
  return { range: { start: { line: f.line - 1, character: 0 }, end: { line: f.line - 1, character: 0 } }, newText: `${indent}# podlint-disable-next-line ${f.ruleId}${eol}` };
}

function insideMultilineScalar(parsed: ParsedFile, offset: number): boolean {
  let inside = false;
  for (const doc of parsed.docs ?? []) {
    visit(doc, {
      Scalar(_k, node) {
        if (!isScalar(node) || !node.range) return;
        const [s, , e] = node.range;
        if (offset > s && offset < e && parsed.file.text.slice(s, e).includes('\n')) {
          inside = true;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (inside) break;
  }
  return inside;
}

/** The buffer's text after applying every fix, re-linting until stable (as --fix). */
export function fixAll(workspace: Workspace, path: string): string | undefined {
  const parsed = workspace.parsedFor(path);
  if (parsed.length === 0) return undefined;
  const focus = new Set([path]);
  let self: ParsedFile = parsed[0]!;
  const original = self.file.text;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const res = lintParsed([self, ...parsed.slice(1)], { ...workspace.lintOptions(), focus });
    const fixes = (res.results.find((r) => r.file.path === path)?.findings ?? []).flatMap((f) => (f.fix ? [f.fix] : []));
    if (fixes.length === 0) break;
    const next = fixOneFile(self, fixes);
    if (!next) break;
    self = next;
  }
  return self.file.text === original ? undefined : self.file.text;
}
