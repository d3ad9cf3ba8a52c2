/**
 * JUnit XML for CI systems that display test reports (Jenkins, GitLab,
 * Azure Pipelines): one test suite per file, one failing test case per
 * finding (warnings too, as ESLint's junit formatter does), and one passing
 * test case for a file without findings.
 */
import type { FileResult } from '../engine/lint.js';
import { ruleDocsUrl } from '../config/package-root.js';
import type { FormatContext } from './types.js';
import { ciPath } from './paths.js';
import { visible } from './escape.js';

/** Escape text for XML 1.0 content and attributes; characters XML cannot hold are dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

const text = (s: string) => xmlEscape(s).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t');

export function formatJunit(results: FileResult[], ctx: FormatContext): string {
  let tests = 0;
  let failures = 0;
  let body = '';
  for (const r of results) {
    const name = visible(ciPath(r.file.path, ctx.cwd).rel);
    const cases = r.findings.length || 1;
    tests += cases;
    failures += r.findings.length;
    body += `  <testsuite name="${xmlEscape(name)}" tests="${cases}" failures="${r.findings.length}" errors="0" skipped="0" time="0">\n`;
    if (r.findings.length === 0) {
      body += `    <testcase name="podlint" classname="${xmlEscape(name)}" time="0"/>\n`;
    }
    for (const f of r.findings) {
      const sev = f.severity === 2 ? 'error' : 'warning';
      const id = f.ruleId ?? 'fatal';
      const message = visible(f.message);
      const detail = `${name}:${f.line}:${f.column}: ${sev}: ${message} (${id})${f.ruleId ? `\n${ruleDocsUrl(f.ruleId)}` : ''}`;
      body += `    <testcase name="${xmlEscape(`${id} at ${f.line}:${f.column}`)}" classname="${xmlEscape(name)}" time="0">\n`;
      body += `      <failure message="${xmlEscape(message)}" type="${sev}">${text(detail)}</failure>\n`;
      body += `    </testcase>\n`;
    }
    body += `  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="podlint" tests="${tests}" failures="${failures}" errors="0" time="0">\n${body}</testsuites>\n`;
}
