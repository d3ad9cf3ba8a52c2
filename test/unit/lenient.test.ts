/**
 * lenient.ts: continuation lines of quoted scalars and flow collections that
 * libyaml accepts at any indentation. Unit cases (the data equals libyaml's:
 * see yaml-differential.test.ts) and properties of the re-indentation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reindentContinuations, toOriginal } from '../../src/load/lenient.js';
import { parseFull } from '../../src/load/parse.js';
import { makeSource } from '../../src/load/source.js';

describe('lenient YAML reading', () => {
  it('re-indents only continuation lines at or left of their key, and maps offsets back', () => {
    const src = 'spec:\n  args: ["\n    echo hi\n  "]\n  b: 1\n';
    const r = reindentContinuations(src)!;
    expect(r.text).toBe('spec:\n  args: ["\n    echo hi\n   "]\n  b: 1\n');
    expect(toOriginal(r, r.text.indexOf('"]'))).toBe(src.indexOf('"]'));
    expect(toOriginal(r, r.text.indexOf('b: 1'))).toBe(src.indexOf('b: 1'));
    expect(reindentContinuations('a: "one line"\nb: [1, 2]\nc: |\n  x "\n')).toBeUndefined();
  });

  it('gives nodes the positions of the file, so findings point at what is written', () => {
    const src = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    args: ["\n      sleep 1\n    "]\n    bogus: 1\n';
    const pf = parseFull(makeSource('p.yaml', src));
    expect(pf.problems).toEqual([]);
    const c = pf.resources[0]!.node.getIn(['spec', 'containers', 0], true) as any;
    const bogus = c.items.find((p: any) => p.key.value === 'bogus').key;
    expect(src.slice(bogus.range[0], bogus.range[1])).toBe('bogus');
    expect(pf.resources[0]!.obj.spec.containers[0].args).toEqual([' sleep 1 ']);
  });

  it('properties: only spaces are inserted, offsets map monotonically, and a second pass changes nothing', () => {
    const line = fc.tuple(
      fc.constantFrom('', ' ', '  ', '    '),
      fc.constantFrom('a: "x', 'b: \'y', 'c: [1,', 'd: {e: 1,', '- "z', 'text', '"]', "']", ']', '}', 'k: v # "c', 'q: |', '  "in block', '---', 'it\'\'s', '\\"', 'x"', "y'", 'f: "one" # c'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const src = lines.map(([i, t]) => i + t).join('\n') + '\n';
        const r = reindentContinuations(src);
        if (!r) return;
        let back = '';
        let prev = -1;
        for (let x = 0; x < r.text.length; x++) {
          const o = toOriginal(r, x);
          expect(o).toBeGreaterThanOrEqual(prev);
          prev = o;
        }
        // removing the inserted spaces gives the original text
        let from = 0;
        let shift = 0;
        r.at.forEach((o, k) => {
          const n = r.total[k]! - shift;
          back += r.text.slice(from, o + shift);
          from = o + shift + n;
          shift = r.total[k]!;
        });
        back += r.text.slice(from);
        expect(back).toBe(src);
        expect(reindentContinuations(r.text)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
