/**
 * SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers: rule
 * metadata (descriptions, default level, help URI and the rule's page as
 * help text), results with 1-based regions (columns in UTF-16 code units, as
 * podlint counts them), fixes as replacements, and files that could not be
 * read as tool execution notifications.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as Sarif from 'sarif';
import type { FileResult } from '../engine/lint.js';
import type { Finding, Rule } from '../engine/types.js';
import { positionAt } from '../load/source.js';
import { HOMEPAGE_URL, packageRoot, ruleDocsUrl } from '../config/package-root.js';
import type { FormatContext } from './types.js';
import { ciPath, fileUri, relUri } from './paths.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const level = (sev: 1 | 2 | 'warn' | 'error'): Sarif.Result.level => (sev === 2 || sev === 'error' ? 'error' : 'warning');

function ruleHelp(rule: Rule): Sarif.MultiformatMessageString | undefined {
  if (rule.meta.id.includes('/')) return undefined;
  try {
    const md = readFileSync(join(packageRoot(), rule.meta.docs), 'utf8');
    return { text: md, markdown: md };
  } catch {
    return undefined;
  }
}

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  const d: Sarif.ReportingDescriptor = {
    id: rule.meta.id,
    name: rule.meta.id,
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: rule.meta.description },
    // custom/<id> and <plugin>/<name> rules have no page of podlint's; a plugin may give a URL as meta.docs.
    helpUri: /^https?:\/\//.test(rule.meta.docs) ? rule.meta.docs : rule.meta.id.includes('/') ? undefined : ruleDocsUrl(rule.meta.id),
    defaultConfiguration: { level: level(rule.meta.severity) },
    properties: {
      tags: ['kubernetes', rule.meta.category],
      precision: 'very-high',
      'problem.severity': level(rule.meta.severity),
    },
  };
  const help = ruleHelp(rule);
  if (help) d.help = help;
  return d;
}

function artifactLocation(path: string, cwd: string): Sarif.ArtifactLocation {
  if (path === '<stdin>') return { uri: 'file:///dev/stdin' };
  const p = ciPath(path, cwd);
  return p.inside ? { uri: relUri(p.rel), uriBaseId: '%SRCROOT%' } : { uri: fileUri(resolve(cwd, path)) };
}

function region(f: { line: number; column: number; endLine: number; endColumn: number }): Sarif.Region {
  const startLine = Math.max(1, f.line);
  const startColumn = Math.max(1, f.column);
  let endLine = Math.max(startLine, f.endLine);
  let endColumn = Math.max(1, f.endColumn);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  return { startLine, startColumn, endLine, endColumn };
}

function fingerprint(f: Finding, rel: string): string {
  const r = f.resource;
  const who = r ? `${r.kind}/${r.namespace}/${r.name ?? ''}` : '';
  return createHash('sha256').update(`${f.ruleId}\0${rel}\0${who}\0${f.message}`).digest('hex').slice(0, 32);
}

export function toSarif(results: FileResult[], ctx: FormatContext): Sarif.Log {
  const rules = [...ctx.rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const out: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const r of results) {
    const loc = artifactLocation(r.file.path, ctx.cwd);
    const rel = ciPath(r.file.path, ctx.cwd).rel;
    for (const f of r.findings) {
      const location: Sarif.Location = { physicalLocation: { artifactLocation: loc, region: region(f) } };
      if (f.ruleId === null) {
        notifications.push({ level: 'error', message: { text: f.message }, locations: [location] });
        continue;
      }
      const res: Sarif.Result = {
        ruleId: f.ruleId,
        level: level(f.severity),
        message: { text: f.message },
        locations: [location],
        partialFingerprints: { 'podlintFinding/v1': fingerprint(f, rel) },
      };
      const i = index.get(f.ruleId);
      if (i !== undefined) res.ruleIndex = i;
      if (f.fix) {
        const s = positionAt(r.file, f.fix.range[0]);
        const e = positionAt(r.file, f.fix.range[1]);
        res.fixes = [
          {
            description: { text: 'Fix applied by `podlint --fix`' },
            artifactChanges: [
              {
                artifactLocation: loc,
                replacements: [
                  {
                    deletedRegion: region({ line: s.line, column: s.column, endLine: e.line, endColumn: e.column }),
                    insertedContent: { text: f.fix.text },
                  },
                ],
              },
            ],
          },
        ];
      }
      out.push(res);
    }
  }
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'podlint',
        informationUri: HOMEPAGE_URL,
        rules: rules.map(descriptor),
      },
    },
    originalUriBaseIds: { '%SRCROOT%': { uri: fileUri(resolve(ctx.cwd)) + '/' } },
    columnKind: 'utf16CodeUnits',
    invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
    results: out,
  };
  if (ctx.version && ctx.version !== 'unknown') {
    run.tool.driver.version = ctx.version;
    if (/^\d+\.\d+\.\d+/.test(ctx.version)) run.tool.driver.semanticVersion = ctx.version;
  }
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

export function formatSarif(results: FileResult[], ctx: FormatContext): string {
  return JSON.stringify(toSarif(results, ctx), null, 2);
}
