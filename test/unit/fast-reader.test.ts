/**
 * The fast reader (src/load/fast.ts) must either decline a text or give
 * exactly what the yaml package gives with podlint's options: the same
 * number of documents, the same plain values (toJS), the same content start
 * offsets. Checked on every manifest at hand, on hand-picked edge cases, and
 * on generated and mutated texts (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Document as YamlDocument, isMap, parseAllDocuments, type Document } from 'yaml';
import { fastDocuments, MAYBE_TYPED } from '../../src/load/fast.js';
import { PARSE_OPTIONS } from '../../src/load/yaml-options.js';
import { asLibyaml } from '../../src/load/lenient.js';
import { parseSource } from '../../src/load/parse.js';
import { makeSource } from '../../src/load/source.js';
import { locate, rangeOf } from '../../src/load/nodes.js';
import { ROOT } from '../helpers/cli.js';
import { CORPUS, manifestFiles, ruleDocExamples } from '../helpers/manifests.js';
// @ts-expect-error plain JavaScript helper shared with the fuzz script
import { mutate, prng } from '../../scripts/lib/mutate.mjs';


/** yaml's documents as podlint reads them (with libyaml's readings, lenient.ts asLibyaml). */
function yamlDocs(text: string): Document.Parsed[] {
  const d = parseAllDocuments(text, PARSE_OPTIONS) as unknown as Document.Parsed[];
  const docs = Array.isArray(d) ? d : [d as unknown as Document.Parsed];
  asLibyaml(text, docs);
  return docs;
}

/** undefined when the fast reader declined; else whether it agrees with yaml, and how not. */
function agree(text: string): { ok: boolean; why?: string } | undefined {
  const fast = fastDocuments(text);
  if (!fast) return undefined;
  const docs = yamlDocs(text);
  const errors = docs.flatMap((d) => d.errors.map((e) => e.code));
  if (errors.length) return { ok: false, why: `yaml reports ${errors.join(', ')}` };
  if (docs.length !== fast.length) return { ok: false, why: `${docs.length} documents, fast reader ${fast.length}` };
  for (let i = 0; i < docs.length; i++) {
    const v = docs[i]!.toJS({ maxAliasCount: 100 }) ?? null;
    try {
      expect(fast[i]!.value).toStrictEqual(v);
    } catch {
      return { ok: false, why: `document ${i}: ${JSON.stringify(v)} vs ${JSON.stringify(fast[i]!.value)}` };
    }
    const c = docs[i]!.contents;
    if (c && fast[i]!.value !== null && c.range[0] !== fast[i]!.start) return { ok: false, why: `document ${i} starts at ${c.range[0]}, fast reader ${fast[i]!.start}` };
  }
  return { ok: true };
}

function expectAgree(text: string) {
  const r = agree(text);
  expect(r, `declined: ${JSON.stringify(text)}`).toBeDefined();
  expect(r!.why ?? '', JSON.stringify(text)).toBe('');
}

function expectDeclineOrAgree(text: string) {
  const r = agree(text);
  if (r) expect(r.why ?? '', JSON.stringify(text)).toBe('');
}

describe('fast reader: agrees with yaml', () => {
  it('on the examples, fixtures and rule docs', () => {
    const texts = manifestFiles(join(ROOT, 'examples'), manifestFiles(join(ROOT, 'test', 'fixtures')));
    for (const e of ruleDocExamples()) texts.push({ path: e.name, text: e.text });
    let taken = 0;
    for (const { path, text } of texts) {
      const r = agree(text);
      if (!r) continue;
      taken++;
      expect(r.why ?? '', path).toBe('');
    }
    expect(taken / texts.length).toBeGreaterThan(0.9);
  });

  it.skipIf(!existsSync(CORPUS))('on the real-world corpus, taking nearly all of it', () => {
    const all = manifestFiles(CORPUS);
    let taken = 0;
    for (const { path, text } of all) {
      const r = agree(text);
      if (!r) continue;
      taken++;
      expect(r.why ?? '', path).toBe('');
    }
    expect(taken / all.length).toBeGreaterThan(0.95);
  });

  it.skipIf(!existsSync(CORPUS))('on the real-world corpus with CRLF line ends', () => {
    let taken = 0;
    for (const { path, text } of manifestFiles(CORPUS).filter((f) => !f.text.includes('\r'))) {
      const r = agree(text.replace(/\n/g, '\r\n'));
      if (!r) continue;
      taken++;
      expect(r.why ?? '', path).toBe('');
    }
    expect(taken).toBeGreaterThan(1000);
  });

  it('on block, flow and document edge cases', () => {
    const cases = [
      '',
      '# only a comment\n',
      '---\n',
      '---\n---\na: 1\n',
      'a: 1\n---\n',
      'a: 1\n...\n---\nb: 2\n',
      '---\n...\n',
      '--- # c\na: 1\n',
      '  a: 1\n  b: 2\n',
      'a:\nb: ~\nc: null\nd: ""\n',
      "a: 'it''s'\nb: \"\\x41\\u00e9\\t\\\"\\/\"\n",
      'mode: 0644\non: yes\nn: N\nf: 1.5e3\ni: .inf\nx: 0x1F\ns: 1_000\nt: 2001-12-14\nv: 12:30:45\n',
      '0644: a\nyes: b\n1.0: c\n~: d\n',
      'a: |\n  x\n\n  y\n\n\nb: 1\n',
      'a: |-\n  x\n',
      'a: |+\n  x\n\n\nb: 1\n',
      'a: >\n  folded\n  text\n\n  para\n',
      'a: >-\n  x\n  y\n',
      'a: >\n  text\n    more indented\n  text\n\n    after a blank\n\n\n  end\n',
      '- >\n  while true; do\n    echo hi;\n  done\n',
      '- {op: remove, path: /spec/selector/app}\n- [a, b]\n',
      'a: |\n  x',
      'a: |\n    deep\n   # not a comment\n',
      '- |\n  in a list\n- >\n  folded\n',
      'a: multi\n  line\n\n  plain\nb: 1\n',
      'a: multi\n  dash-"quote" [x] {y} &z *w !t\n',
      'a: "multi\n  line\n\n  quoted \\\n  joined"\n',
      "a: 'single\n\n  quoted'\n",
      'a: [1, "two", {three: 3}, [four]]\nb: {x: 1, "y": 2,}\nc: []\nd: {}\n',
      '{"apiVersion": "v1", "kind": "ConfigMap",\n "data": {"k": "v"}}\n',
      '[1, 2,\n  3]\n',
      'a:\n- 1\n- 2\nb:\n  - c: 1\n    d: 2\n  - - nested\n    - seq\n',
      '- a: 1\n  b: 2\n-\n  c: 3\n- \n- x\n',
      'url: http://x:80/y # comment\nk#1: a#b\n',
      '__proto__: {polluted: true}\n',
      'key with spaces: v\n"quoted key": v\n\'single\': v\n',
      'a: 1\r\nb: |\r\n  x\r\n\r\n  y\r\nc: "q\r\n  r"\r\n---\r\nd: 2\r\n',
      'mixed: 1\nline: |\r\n  ends\n  here\r\n',
    ];
    for (const c of cases) expectAgree(c);
    // keys starting with `$` (kustomize patch directives) are flagged per document, in block and flow maps
    expect(fastDocuments('a: 1\n---\nb:\n  $patch: delete\n---\nc: {"$setElementOrder/x": []}\n')!.map((d) => d.dollarKeys === true)).toEqual([false, true, true]);
    const proto = fastDocuments('__proto__: {polluted: true}\n')![0]!.value as object;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('tests plain scalars against the schema tags whenever their first character could match one', () => {
    // every first character outside MAYBE_TYPED must make every tag pattern fail, whatever follows
    const tails = ['', '1', '0', '_1', '.5', 'e1', 'E1', '.inf', 'nf', 'aN', 'ull', 'es', 'o', 'rue', 'alse', 'n', 'ff', 'x1F', 'b1', 'o7', ':30', '1:30', '-1', '+1', '1e3', '0x1F', '1_000'];
    for (const version of ['1.1', '1.2'] as const) {
      const doc = new YamlDocument(null, version === '1.1' ? PARSE_OPTIONS : {});
      const tests = (doc.schema as unknown as { tags: { default?: unknown; test?: RegExp }[] }).tags.filter((t) => t.default && t.test).map((t) => t.test!);
      for (let c = 0; c < 128; c++) {
        if (MAYBE_TYPED[c]) continue;
        for (const tail of tails) {
          const s = String.fromCharCode(c) + tail;
          expect(tests.filter((re) => re.test(s)).map(String), `${version} ${JSON.stringify(s)}`).toEqual([]);
        }
      }
    }
    expectAgree('a: e1\nb: E5\nc: .5e3\nd: 1e\n');
  });

  it('declines what it does not take: anchors, tags, merge keys, directives, complex and duplicate keys, lone CRs, tabs, errors', () => {
    const declined = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: {b: 1}\nc:\n  <<: {d: 2}\n',
      '%YAML 1.1\n---\na: 1\n',
      '? [a]\n: 1\n',
      'a: 1\na: 2\n',
      '{a: 1, a: 2}\n',
      'a: 1\rb: 2\n',
      'a:\n\tb: 1\n',
      'a: 1\n...\nb: 2\n', // libyaml: "did not find expected <document start>"
      'a: 1\n  b: 2\n',
      'a: b: c\n',
      'a:\n  b: 1\n c: 2\n',
      '- a\nb: 1\n',
      'a: [1, 2\n',
      'a: "unterminated\n',
      'a: |2\n   x\n',
      'just a scalar\n',
      'a: \ufeffb\n',
    ];
    for (const d of declined) expect(fastDocuments(d), JSON.stringify(d)).toBeUndefined();
  });
});

describe('fast reader: properties', () => {
  const indent = fc.constantFrom('', '', ' ', '  ', '  ', '   ', '    ', '      ');
  const key = fc.constantFrom('a', 'b', 'name', '"q"', "'s'", '0x1F', 'yes', '1.5', '~', 'a b', '-x', 'k#1', 'a:b', '__proto__', 'on');
  const value = fc.constantFrom(
    'v', '1', '0644', 'yes', '~', '1e3', '.inf', 'e1', 'E5', '.5e3', '"d q"', "'s q'", "'it''s'", '"e\\x41\\n"', 'a # c', 'a#b', 'http://x:80',
    'x: y', '- z', '[1, 2]', '{a: 1, b: [x]}', '{"j":"v"}', '|', '|-', '|+', '>', '>-', '"multi', "'multi", '[a,', '{a: 1', '&a x', '*a', '!!str x', '',
  );
  const cont = fc.constantFrom('more', 'deeper', '', '# comment', 'end"', "end'", 'x: 1', '- i', '|', '\\', '...', '---', '\t', '{}');
  const line = fc.oneof(
    fc.tuple(indent, key, value).map(([i, k, v]) => `${i}${k}:${v ? ' ' + v : ''}`),
    fc.tuple(indent, fc.option(key), value).map(([i, k, v]) => `${i}- ${k ? k + ': ' : ''}${v}`),
    fc.tuple(indent, cont).map(([i, c]) => i + c),
  );
  const doc = fc.tuple(fc.array(line, { minLength: 1, maxLength: 12 }), fc.boolean()).map(([ls, nl]) => ls.join('\n') + (nl ? '\n' : ''));

  it('on generated block YAML: declines or agrees', () => {
    fc.assert(fc.property(doc, (text) => expectDeclineOrAgree(text)), { numRuns: 20000, seed: 20261126 });
  });

  it('on mutated manifests, with LF, CRLF or mixed line ends: declines or agrees', () => {
    const seeds = manifestFiles(join(ROOT, 'examples')).map((f) => f.text);
    const ends = (text: string, mode: number) => (mode === 0 ? text : mode === 1 ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, (m, o: number) => (o % 3 ? m : '\r\n')));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.integer(), fc.integer({ min: 0, max: 2 }), (i, seed, mode) => {
        expectDeclineOrAgree(ends(mutate(seeds[i]!, prng(seed)), mode));
      }),
      { numRuns: 5000, seed: 20261126 },
    );
  });
});

describe('fast reader: nodes built on demand', () => {
  it.each([
    ['LF', false],
    ['CRLF', true],
  ])('gives each resource the nodes, at the same offsets, that a full parse gives (%s)', (_, crlf) => {
    const lf = '# lead\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: |\n    x\n---\n\n  # c\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\n  stringData: {p: "q"}\n';
    const text = crlf ? lf.replace(/\n/g, '\r\n') : lf;
    const fast = parseSource(makeSource('t.yaml', text));
    expect(fast.resources.map((r) => r.lazy)).toEqual([true, true]);
    process.env.PODLINT_FAST = '0';
    let full;
    try {
      full = parseSource(makeSource('t.yaml', text));
    } finally {
      delete process.env.PODLINT_FAST;
    }
    expect(full.resources.map((r) => r.lazy)).toEqual([undefined, undefined]);
    for (let i = 0; i < 2; i++) {
      const a = fast.resources[i]!;
      const b = full.resources[i]!;
      expect(a.obj).toEqual(b.obj);
      expect(isMap(a.node)).toBe(true);
      expect(a.node.range).toEqual(b.node.range);
      for (const path of [['metadata', 'name'], ['data', 'k'], ['stringData', 'p'], ['kind']]) {
        expect(rangeOf(locate(a.node, path)?.node)).toEqual(rangeOf(locate(b.node, path)?.node));
        expect(rangeOf(locate(a.node, path)?.pair?.key as never)).toEqual(rangeOf(locate(b.node, path)?.pair?.key as never));
      }
    }
  });
});
