import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { varRefs } from '../../src/analyze/expansion.js';

/** Pieces of a string with known expansion syntax: literal text, a reference, an escape. */
type Piece = { kind: 'text'; s: string } | { kind: 'ref'; name: string } | { kind: 'escape'; name: string };
const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.stringMatching(/^[a-z :/.()-]{0,6}$/).map((s) => ({ kind: 'text' as const, s })),
  fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,7}$/).map((name) => ({ kind: 'ref' as const, name })),
  fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,7}$/).map((name) => ({ kind: 'escape' as const, name })),
);
const render = (p: Piece) => (p.kind === 'text' ? p.s : p.kind === 'ref' ? `$(${p.name})` : `$$(${p.name})`);

describe('varRefs ($(VAR) as the kubelet expands it)', () => {
  it('finds every $(NAME), skips $$(NAME) escapes, with exact offsets', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const s = pieces.map(render).join('');
        const refs = varRefs(s);
        expect(refs.map((r) => r.name)).toEqual(pieces.filter((p) => p.kind === 'ref').map((p) => (p as { name: string }).name));
        for (const r of refs) expect(s.slice(r.start, r.end)).toBe(`$(${r.name})`);
      }),
    );
  });
  it('literal cases', () => {
    expect(varRefs('$(A)$(B)')).toEqual([{ name: 'A', start: 0, end: 4 }, { name: 'B', start: 4, end: 8 }]);
    expect(varRefs('$$$(A)')).toEqual([{ name: 'A', start: 2, end: 6 }]); // `$$` then a reference
    expect(varRefs('$(unclosed')).toEqual([]);
    expect(varRefs('$A ${B} $')).toEqual([]);
  });
});
