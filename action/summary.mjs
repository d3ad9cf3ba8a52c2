#!/usr/bin/env node
// The GitHub Action's job summary: podlint's JSON results (ESLint format) as
// Markdown for $GITHUB_STEP_SUMMARY: counts per rule, then the first findings
// with links to their lines. Usage: node action/summary.mjs <results.json>
// Links: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/<PODLINT_SHA or GITHUB_SHA>/<path>#L<line>,
// paths relative to $GITHUB_WORKSPACE. Every untrusted string is escaped.
import { readFileSync } from 'node:fs';
import { relative, isAbsolute, sep } from 'node:path';

const FIRST = 20;
const MAX_MESSAGE = 300;
const DOCS = 'https://github.com/podlint/podlint/blob/main/docs/rules/';

/**
 * Text safe inside a Markdown table cell: no HTML, no line breaks, no cell
 * separators, no links or images. The message's `code spans` stay code spans
 * (inside them Markdown and HTML are not interpreted; only | must be escaped).
 */
export function cell(s, max = MAX_MESSAGE) {
  let t = String(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  if (t.length > max) t = t.slice(0, max - 1) + '…';
  const parts = t.split('`');
  // an unpaired last backtick is text
  const tail = parts.length % 2 === 0 ? '\\`' + text(parts.pop()) : '';
  return parts.map((p, i) => (i % 2 === 0 ? text(p) : p === '' ? '\\`\\`' : '`' + p.replace(/\|/g, '\\|') + '`')).join('') + tail;
}

const text = (p) => p.replace(/[\\*_{}[\]()<>#+!|~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c));

export function summary(results, env) {
  const ws = env.GITHUB_WORKSPACE || process.cwd();
  const base = env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/blob/${env.PODLINT_SHA || env.GITHUB_SHA || 'HEAD'}/` : undefined;
  const rel = (p) => {
    const r = isAbsolute(p) ? relative(ws, p) : p;
    return (r.startsWith('..') ? p : r).split(sep).join('/');
  };
  const perRule = new Map();
  const findings = [];
  let errors = 0;
  let warnings = 0;
  const files = new Set();
  for (const r of results) {
    for (const m of r.messages) {
      const id = m.ruleId ?? '(fatal)';
      const c = perRule.get(id) ?? { errors: 0, warnings: 0 };
      if (m.severity === 2) (c.errors++, errors++);
      else (c.warnings++, warnings++);
      perRule.set(id, c);
      files.add(r.filePath);
      findings.push({ path: rel(r.filePath), ...m });
    }
  }
  const n = (k, w) => `${k} ${w}${k === 1 ? '' : 's'}`;
  let out = `### podlint: ${errors + warnings === 0 ? `no problems in ${n(results.length, 'file')}` : `${n(errors, 'error')}, ${n(warnings, 'warning')} in ${n(files.size, 'file')}`}\n\n`;
  if (findings.length === 0) return out;
  out += '| rule | errors | warnings |\n|---|---:|---:|\n';
  const rows = [...perRule].sort((a, b) => b[1].errors - a[1].errors || b[1].warnings - a[1].warnings || (a[0] < b[0] ? -1 : 1));
  for (const [id, c] of rows) out += `| ${/^[a-z0-9-]+$/.test(id) ? `[${id}](${DOCS}${id}.md)` : cell(id)} | ${c.errors} | ${c.warnings} |\n`;
  findings.sort((a, b) => b.severity - a.severity || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  out += `\n${findings.length > FIRST ? `First ${FIRST} of ${findings.length} findings` : 'Findings'}:\n\n| | where | rule | message |\n|---|---|---|---|\n`;
  for (const f of findings.slice(0, FIRST)) {
    const where = `${cell(f.path, 200)}:${f.line}`;
    const url = base ? base + f.path.split('/').map((s) => encodeURIComponent(s).replace(/[()'!*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())).join('/') + `#L${f.line}` : undefined;
    out += `| ${f.severity === 2 ? 'error' : 'warning'} | ${url ? `[${where}](${url})` : where} | ${cell(f.ruleId ?? '', 60)} | ${cell(f.message)} |\n`;
  }
  return out;
}

if (process.argv[2]) {
  const results = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  process.stdout.write(summary(results, process.env) + '\n');
}
