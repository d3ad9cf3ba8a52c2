/**
 * Peer suite: kubectl-validate's own test cases (test/peer/kubectl-validate/,
 * Apache-2.0). Every manifest document carries, in its leading comment, the
 * Status the API server answers for it. podlint lints each manifest together
 * with the CRDs of testcases/crds and must agree with every verdict:
 * - `Failure`: an error (any rule) on the node of each cause's `field`
 *   (the nearest existing ancestor when the field is missing; anywhere in the
 *   document when the Status names no field);
 * - `Success`: no error in the document.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { lintTexts } from '../../src/engine/lint.js';
import type { Finding } from '../../src/engine/types.js';

const DIR = join(import.meta.dirname, 'kubectl-validate');
/** Cases not checked yet, with the reason (none: the CEL cases are evaluated by src/policy since issue 19). */
const PENDING = new Map<string, string>([]);

const crds = readdirSync(join(DIR, 'crds'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ path: `crds/${f}`, text: readFileSync(join(DIR, 'crds', f), 'utf8') }));

interface Doc {
  startLine: number; // 1-based, inclusive
  endLine: number;
  status?: { status: string; causes: string[] };
  text: string;
}

/** Split a file at `---` lines; read each document's Status from its leading `#` comment block. */
function documents(text: string): Doc[] {
  const lines = text.split('\n');
  const docs: Doc[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end);
    const json = [] as string[];
    for (const l of body) {
      if (/^#/.test(l)) json.push(l.replace(/^# ?/, ''));
      else if (l.trim() === '' && json.length === 0) continue;
      else break;
    }
    let status: Doc['status'];
    const joined = json.join('\n');
    const open = joined.indexOf('{');
    if (open >= 0) {
      // the Status object is the first balanced {...}; prose comments may follow it
      let depth = 0;
      let close = -1;
      for (let i = open; i < joined.length; i++) {
        if (joined[i] === '{') depth++;
        else if (joined[i] === '}' && --depth === 0) {
          close = i;
          break;
        }
      }
      const s = JSON.parse(joined.slice(open, close + 1));
      status = { status: s.status, causes: (s.details?.causes ?? []).map((c: any) => c.field).filter((f: unknown) => typeof f === 'string' && f !== '<nil>') };
    }
    docs.push({ startLine: start + 1, endLine: end, status, text: body.join('\n') });
  };
  lines.forEach((l, i) => {
    if (/^---\s*$/.test(l)) {
      if (i > start) flush(i);
      start = i + 1;
    }
  });
  if (start < lines.length) flush(lines.length);
  return docs.filter((d) => d.status);
}

/** `spec.containers[0].ports[2]`, `spec.validation.openAPIV3Schema.properties[spec].type` -> path segments. */
function fieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!);
  }
  return out;
}

/** Line span of the node at `path` in the document (the nearest existing ancestor when it is missing). */
function spanOf(doc: Doc, field: string): [number, number] {
  const d = parseDocument(doc.text);
  const lineOf = (off: number) => doc.text.slice(0, off).split('\n').length + doc.startLine - 1;
  let node: Node | null = d.contents as Node;
  let keyStart = (node as any)?.range?.[0] ?? 0;
  // kubectl-validate names CRD schema fields as `spec.validation.openAPIV3Schema` for every version
  let path = fieldPath(field);
  if (path[0] === 'spec' && path[1] === 'validation') path = ['spec', 'versions', 0, 'schema', ...path.slice(2)];
  for (const seg of path) {
    let next: Node | null = null;
    if (typeof seg === 'number' && isSeq(node)) next = (node.items[seg] as Node) ?? null;
    else if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair) {
        keyStart = (pair.key as any).range[0];
        next = pair.value as Node;
      }
    }
    if (!next) break;
    node = next;
    if (typeof seg === 'number') keyStart = (node as any).range[0];
  }
  const end = (node as any)?.range?.[1] ?? doc.text.length;
  return [lineOf(keyStart), lineOf(Math.max(keyStart, end - 1))];
}

describe('kubectl-validate test cases (peer suite)', () => {
  const files = readdirSync(join(DIR, 'manifests')).filter((f) => f.endsWith('.yaml')).sort();
  it('has the test cases', () => expect(files.length).toBeGreaterThanOrEqual(30));
  for (const f of files) {
    const text = readFileSync(join(DIR, 'manifests', f), 'utf8');
    const docs = documents(text);
    if (PENDING.has(f)) {
      it.todo(`${f}: ${PENDING.get(f)}`);
      continue;
    }
    it(`${f} agrees with its Status`, () => {
      const res = lintTexts([{ path: `manifests/${f}`, text }, ...crds]);
      const findings = res.results.flatMap((r) => r.findings).filter((x) => x.file.path === `manifests/${f}`);
      const errors = findings.filter((x) => x.severity === 2);
      const show = (xs: Finding[]) => xs.map((x) => `${x.line}:${x.column} ${x.ruleId} ${x.message}`).join('\n');
      for (const d of docs) {
        const inDoc = errors.filter((e) => e.line >= d.startLine && e.line <= d.endLine);
        if (d.status!.status === 'Success') {
          expect(inDoc, `expected no error in lines ${d.startLine}-${d.endLine}:\n${show(inDoc)}`).toEqual([]);
          continue;
        }
        expect(inDoc.length, `expected an error in lines ${d.startLine}-${d.endLine}`).toBeGreaterThan(0);
        for (const field of d.status!.causes) {
          const [a, b] = spanOf(d, field);
          const at = inDoc.filter((e) => e.line >= a && e.line <= b);
          expect(at.length, `expected an error at ${field} (lines ${a}-${b}); got:\n${show(inDoc)}`).toBeGreaterThan(0);
        }
      }
      // documents without a Status (comments only, empty) must be clean too
      const covered = (l: number) => docs.some((d) => l >= d.startLine && l <= d.endLine);
      expect(errors.filter((e) => !covered(e.line)).map((e) => `${e.line} ${e.message}`)).toEqual([]);
    });
  }
});

describe('kubectl-validate test cases through the CLI', () => {
  it('kind: configmap is an error (exit 1), not a "no schema" notice; an accepted file exits 0', async () => {
    const { podlint } = await import('../helpers/cli.js');
    const bad = podlint(['-f', 'json', 'test/peer/kubectl-validate/crds', 'test/peer/kubectl-validate/manifests/error_invalid_kind.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).not.toMatch(/no schema for kind configmap/);
    const msgs = JSON.parse(bad.stdout).flatMap((f: any) => f.messages.map((m: any) => m.ruleId));
    expect(msgs).toContain('unknown-kind');
    const good = podlint(['--quiet', 'test/peer/kubectl-validate/crds', 'test/peer/kubectl-validate/manifests/x_list_map_nonduplicate_key.yaml']);
    expect(good.code, good.stdout + good.stderr).toBe(0);
  });
});
