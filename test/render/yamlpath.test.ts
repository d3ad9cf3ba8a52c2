/**
 * The core of placing rendered findings (src/render/yamlpath.ts): a node
 * found by offset in a rendered object, named by merge keys, is found again
 * in the source however the renderer reformatted it (keys sorted, lists
 * indented differently, flow style, items reordered) — a property test.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDocument, stringify, isScalar, visit, type Node } from 'yaml';
import { nodeAt, selectorPath, walkSel } from '../../src/render/yamlpath.js';

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 70000 }), fc.boolean());
const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9.-]{0,8}$/);
const leafMap = fc.dictionary(key, scalar, { maxKeys: 4 });
const named = fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/) }).chain((n) => leafMap.map((m) => ({ ...m, name: n.name }))), {
  maxLength: 4,
  selector: (x) => x.name,
});
const obj = fc.dictionary(key, fc.oneof(scalar, leafMap, named, fc.array(scalar, { maxLength: 3 })), { minKeys: 1, maxKeys: 5 });

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as any)[k])]));
  return v;
}

describe('rendered -> source paths', () => {
  it('every scalar of a reformatted, key-sorted, item-reversed copy is found again with the same value', () => {
    fc.assert(
      fc.property(obj, fc.boolean(), (o, flow) => {
        const source = stringify(o);
        // the renderer's copy: keys sorted, named lists reversed (a patch may reorder), other indentation
        const copy = sortKeys(o) as Record<string, unknown>;
        for (const k of Object.keys(copy)) {
          const v = copy[k];
          if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && 'name' in x)) copy[k] = [...v].reverse();
        }
        const rendered = stringify(copy, { indentSeq: false, collectionStyle: flow ? 'flow' : 'any' });
        const src = parseDocument(source);
        const ren = parseDocument(rendered);
        visit(ren, {
          Scalar(_k, n) {
            if (!n.range) return;
            const at = nodeAt(ren.contents as Node, n.range[0]);
            expect(at).toBeDefined();
            const sel = selectorPath(ren.contents as Node, at!.path);
            const found = walkSel(src.contents as Node, sel);
            expect(found.depth).toBe(sel.length);
            if (at!.onKey) expect(found.pair).toBeDefined();
            else {
              expect(isScalar(found.node)).toBe(true);
              expect((found.node as any).value).toEqual(n.value);
            }
          },
        });
      }),
      { numRuns: 300 },
    );
  });

  it('names list items by merge key, not index', () => {
    const ren = parseDocument('spec:\n  containers:\n  - name: b\n    image: y\n  - name: a\n    image: x\n');
    expect(selectorPath(ren.contents as Node, ['spec', 'containers', 1, 'image'])).toEqual(['spec', 'containers', { key: 'name', value: 'a' }, 'image']);
    const src = parseDocument('spec:\n  containers:\n  - name: a\n    image: x\n');
    const f = walkSel(src.contents as Node, ['spec', 'containers', { key: 'name', value: 'b' }, 'image']);
    expect(f.depth).toBe(2); // the container b is not in this source: only its list is
  });
});
