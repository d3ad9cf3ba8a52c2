/**
 * The shell analysis must give the same results whatever parser reads the
 * scripts (issue 15: mvdan-sh was replaced by a hand-written reader). The
 * baseline in test/fixtures/shell-baseline/ was generated from the mvdan-sh
 * version before the switch (`UPDATE_SHELL_BASELINE=1 npx vitest run
 * test/analyze/shell-baseline.test.ts` rewrites it: only do that for an
 * intended change of the analysis, and say so in the commit).
 *
 * Restricted to what the shell analysis influences, so that rule changes on
 * other branches do not break it: (1) every container's analysis
 * (`analyzeExecs`) on the real corpus, the examples, the seed and the rule
 * docs' examples; (2) the findings of the rules that read that analysis.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';
import { analyzeExecs, fileRangeOf, type CommandAnalysis, type Located } from '../../src/analyze/shell/index.js';
import { ROOT, SEED } from '../helpers/cli.js';
import { CORPUS, manifestFiles, ruleDocExamples } from '../helpers/manifests.js';

const SHELL_RULES = ['localhost-port-unbound', 'mount-path-mismatch', 'shared-file-unwritten', 'ambassador-backend', 'proxy-config-missing'];
const DIR = join(ROOT, 'test', 'fixtures', 'shell-baseline');

function summary(a: CommandAnalysis): unknown {
  const loc = (x: Located) => `${x.src}:${x.range[0]}-${x.range[1]}@${fileRangeOf(x)?.[0]}-${fileRangeOf(x)?.[1]}`;
  return {
    origin: a.origin,
    form: a.form,
    parseError: a.parseError !== undefined,
    commands: a.commands.map((c) => `${c.name}${c.background ? ' &' : ''} ${loc(c)} [${c.args.map((w) => `${JSON.stringify(w.value ?? null)} ${loc(w)}`).join(', ')}]`),
    writes: a.writes.map((w) => `${w.via} ${JSON.stringify(w.value)} abs=${w.abs} cwd=${w.cwd}:${w.cwdDir} ${w.dir ? 'dir ' : ''}${w.any ? 'any ' : ''}${w.glob ? 'glob ' : ''}${w.into ? `into=${w.into} ` : ''}${loc(w)}`),
    reads: a.reads.map((w) => `${w.via} ${JSON.stringify(w.value)} abs=${w.abs} cwd=${w.cwd}:${w.cwdDir} ${w.dir ? 'dir ' : ''}${w.glob ? 'glob ' : ''}${w.optional ? 'optional ' : ''}${loc(w)}`),
    endpoints: a.endpoints.map((e) => `${e.via} ${e.scheme ?? ''}://${e.host}:${e.port}${e.explicitPort ? '' : ' (default)'} ${loc(e)}${e.portRange ? ` port=${e.portRange}` : ''}`),
    listeners: a.listeners.map((l) => `${l.via} ${l.port} ${loc(l)}`),
    opaque: a.opaque,
    dynamicWrites: a.dynamicWrites,
  };
}

function snapshot(set: string, texts: { path: string; text: string }[]): unknown {
  const res = lintTexts(texts, { only: SHELL_RULES });
  const rel = (p: string) => p.replace(ROOT, '<root>').replace(CORPUS, '<corpus>').replace(SEED, '<seed>');
  const findings = res.results.flatMap((r) => r.findings.map((f) => `${rel(r.file.path)}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.message}`)).sort();
  const analyses: Record<string, unknown> = {};
  for (const t of res.graph.templates)
    for (const c of t.containers) {
      const list = analyzeExecs(c);
      if (list.length) analyses[`${rel(t.resource.file.path)} ${t.resource.kind}/${t.resource.name} ${c.group}/${c.name}`] = list.map(summary);
    }
  return { set, findings, analyses };
}

const sets: [string, () => { path: string; text: string }[]][] = [
  ['corpus', () => (existsSync(CORPUS) ? manifestFiles(CORPUS) : [])],
  ['examples', () => [...manifestFiles(join(ROOT, 'examples')), ...(SEED !== join(ROOT, 'examples') ? manifestFiles(SEED) : [])]],
  ['docs', () => ruleDocExamples().map((e) => ({ path: `docs/${e.name}.yaml`, text: e.text }))],
];

describe('shell analysis baseline (before/after the parser switch)', () => {
  for (const [set, files] of sets) {
    it(`${set}: analyses and findings unchanged`, () => {
      const texts = files();
      if (set === 'corpus' && texts.length === 0) return; // corpus absent on this machine
      const got = JSON.parse(JSON.stringify(snapshot(set, texts)));
      const file = join(DIR, `${set}.json`);
      if (process.env.UPDATE_SHELL_BASELINE === '1') {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(file, JSON.stringify(got, null, 1) + '\n');
      }
      const want = JSON.parse(readFileSync(file, 'utf8'));
      expect(Object.keys(got.analyses).length).toBeGreaterThan(0);
      expect(got.findings).toEqual(want.findings);
      expect(got.analyses).toEqual(want.analyses);
    });
  }
});
