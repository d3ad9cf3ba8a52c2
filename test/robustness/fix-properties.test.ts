/**
 * Property tests for --fix on mutated manifests: the output parses (no more
 * YAML errors than the input), a second run changes nothing (idempotent), and
 * the text outside the region the first lint's fixes covered is unchanged.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintAndFix } from '../../src/engine/fix.js';
import { lintTexts } from '../../src/engine/lint.js';
// @ts-expect-error plain ESM helper shared with scripts/fuzz.mjs
import { mutate, prng } from '../../scripts/lib/mutate.mjs';
import { ROOT } from '../helpers/cli.js';

const SEEDS: string[] = [];
for (const f of readdirSync(join(ROOT, 'docs', 'rules'))) {
  const md = readFileSync(join(ROOT, 'docs', 'rules', f), 'utf8');
  for (const m of md.matchAll(/```ya?ml\n([\s\S]*?)```/g)) SEEDS.push(m[1]!);
}
for (const f of readdirSync(join(ROOT, 'examples'))) if (f.endsWith('.yaml')) SEEDS.push(readFileSync(join(ROOT, 'examples', f), 'utf8'));

const yamlErrors = (text: string) => lintTexts([{ path: 'x.yaml', text }], { only: ['yaml-syntax'] }).results.flatMap((r) => r.findings).length;
const dir = mkdtempSync(join(tmpdir(), 'podlint-fixprop-'));

function fixOnce(text: string, n: number, maxPasses?: number) {
  const p = join(dir, `in-${n}.yaml`);
  writeFileSync(p, text);
  const out = lintAndFix([p], {}, { dryRun: true, maxPasses });
  const r = out.result.results.find((x) => x.file.path === p);
  return { output: r?.output ?? text };
}

describe('--fix properties', () => {
  it('fixed output parses, is stable, and only changes what the fixes covered', () => {
    let n = 0;
    let changed = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.integer(), (i, seed) => {
        const input = mutate(SEEDS[i]!, prng(seed), 1 + (seed & 1));
        const fixes = lintTexts([{ path: 'x.yaml', text: input }]).results.flatMap((r) => r.findings.filter((f) => f.fix).map((f) => f.fix!));
        const { output } = fixOnce(input, n++);
        if (output === input) return;
        changed++;
        expect(yamlErrors(output)).toBeLessThanOrEqual(yamlErrors(input));
        expect(fixOnce(output, n++).output).toBe(output);
        // One pass changes nothing before the first fix range nor after the last one:
        // output = input[0, lo) + (anything) + input[hi, end). (Later passes may fix
        // what the first pass's fixes revealed, e.g. a Service name inside a block
        // that was not a known field before its key was renamed.)
        const one = fixOnce(input, n++, 1).output;
        expect(fixes.length).toBeGreaterThan(0);
        const lo = Math.min(...fixes.map((f) => f.range[0]));
        const hi = Math.max(...fixes.map((f) => f.range[1]));
        expect(one.startsWith(input.slice(0, lo))).toBe(true);
        expect(one.endsWith(input.slice(hi))).toBe(true);
        expect(one.length - (input.length - hi)).toBeGreaterThanOrEqual(lo);
      }),
      { numRuns: 250 },
    );
    expect(changed).toBeGreaterThan(5); // the property ran on real fixes, not only on untouched inputs
  });
});
