/**
 * Property tests: random and mutated manifests never throw out of the engine,
 * every reported position lies inside its file, and JSON output parses.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintTexts } from '../../src/engine/lint.js';
import { formatJson } from '../../src/format/json.js';
import { positionAt } from '../../src/load/source.js';
// @ts-expect-error plain ESM helper shared with scripts/fuzz.mjs
import { mutate, prng } from '../../scripts/lib/mutate.mjs';
import { ROOT } from '../helpers/cli.js';

function seeds(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const f of readdirSync(join(ROOT, 'examples'))) if (f.endsWith('.yaml')) out.push({ path: f, text: readFileSync(join(ROOT, 'examples', f), 'utf8') });
  for (const f of readdirSync(join(ROOT, 'docs', 'rules'))) {
    const md = readFileSync(join(ROOT, 'docs', 'rules', f), 'utf8');
    for (const m of md.matchAll(/```ya?ml\n([\s\S]*?)```/g)) out.push({ path: `${f}.yaml`, text: m[1]! });
  }
  const corpus = join(ROOT, '..', 'shared', 'corpus', 'apps', 'microservices-demo');
  if (existsSync(corpus)) {
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (/\.ya?ml$/.test(e.name) && out.length < 200) out.push({ path: e.name, text: readFileSync(join(d, e.name), 'utf8') });
      }
    };
    walk(corpus);
  }
  return out;
}

const SEEDS = seeds();

function checkRun(texts: { path: string; text: string }[]) {
  const res = lintTexts(texts);
  expect(res.notices.filter((n) => n.includes('internal error'))).toEqual([]);
  for (const r of res.results) {
    const len = r.file.text.length;
    for (const f of r.findings) {
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.end).toBeLessThanOrEqual(len);
      expect(f.start).toBeLessThanOrEqual(f.end);
      expect(positionAt(r.file, f.start)).toEqual({ line: f.line, column: f.column });
      expect(positionAt(r.file, f.end)).toEqual({ line: f.endLine, column: f.endColumn });
      if (f.fix) {
        expect(f.fix.range[0]).toBeGreaterThanOrEqual(0);
        expect(f.fix.range[1]).toBeLessThanOrEqual(len);
      }
    }
  }
  expect(() => JSON.parse(formatJson(res.results, { cwd: '/' }))).not.toThrow();
}

describe('engine properties', () => {
  it('has seeds to mutate', () => {
    expect(SEEDS.length).toBeGreaterThan(10);
  });

  it('mutated manifests never throw, positions stay inside the file, JSON parses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.integer(), (i, seed) => {
        const s = SEEDS[i]!;
        checkRun([{ path: s.path, text: mutate(s.text, prng(seed)) }]);
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary strings never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => checkRun([{ path: 'x.yaml', text }])),
      { numRuns: 300 },
    );
  });

  it('pairs of mutated files linted together never throw (cross-resource rules)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.integer(), (a, b, seed) => {
        const rand = prng(seed);
        checkRun([
          { path: 'a.yaml', text: mutate(SEEDS[a]!.text, rand) },
          { path: 'b.yaml', text: mutate(SEEDS[b]!.text, rand) },
        ]);
      }),
      { numRuns: 150 },
    );
  });
});
