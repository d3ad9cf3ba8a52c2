import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePath } from '../../src/analyze/shell/paths.js';

/** normalizePath without its fast path for already-normal paths: the reference. */
function reference(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/') || (abs ? '/' : '.');
}

describe('normalizePath', () => {
  it('agrees with the segment-by-segment reference, normal input returned as is', () => {
    const pathish = fc.array(fc.constantFrom('/', '.', '..', 'a', 'b.c', '...', '.x'), { maxLength: 12 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.oneof(pathish, fc.string({ maxLength: 20 })), (p) => {
        expect(normalizePath(p)).toBe(reference(p));
        expect(normalizePath(normalizePath(p))).toBe(normalizePath(p));
      }),
      { numRuns: 5000 },
    );
    for (const p of ['', '.', '..', '/', '//', '/a/', 'a/', '/a/./b', '/a/../b', '../a', './a', '/..', 'a//b', '/a/b']) expect(normalizePath(p)).toBe(reference(p));
  });
});
