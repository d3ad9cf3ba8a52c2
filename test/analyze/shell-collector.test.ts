import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Collector, type State, type W } from '../../src/analyze/shell/state.js';
import { parseOpts } from '../../src/analyze/shell/options.js';

/**
 * Collector.access keeps one item per kind, place, via and path (a loop body
 * interpreted once per item). It dedupes by scanning the accesses recorded so
 * far, then by a Set past a few dozen; the reference is the key-string Set it
 * used before.
 */
function referenceKeys(calls: Call[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of calls) {
    const st = state(c);
    const col = new Collector();
    col.access(c.kind, c.w, st, c.via);
    const item = (c.kind === 'read' ? col.reads : col.writes)[0];
    if (!item) continue; // dropped before dedupe (dynamic, empty, ~ ...)
    const key = `${c.kind}\0${item.src}\0${item.range[0]}\0${item.range[1]}\0${item.via}\0${item.abs}\0${item.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(key);
  }
  return out;
}

interface Call {
  kind: 'read' | 'write';
  w: W;
  via: string;
  cwd: 0 | 1 | 2;
}

function state(c: Call): State {
  return { vars: new Map(), cwd: c.cwd === 0 ? { kind: 'image' } : c.cwd === 1 ? { kind: 'script', dir: '/work' } : { kind: 'workingDir', dir: '/app' } };
}

const call: fc.Arbitrary<Call> = fc.record({
  kind: fc.constantFrom('read' as const, 'write' as const),
  w: fc.record({
    value: fc.option(fc.constantFrom('/out/a.txt', 'out/a.txt', '/out//a.txt', 'a', '', '-', '~/x', '/var/log/*.log', '../b'), { nil: undefined }),
    range: fc.constantFrom<[number, number]>([0, 3], [0, 4], [5, 9], [5, 9]),
    src: fc.constantFrom(0, 1),
    lin: fc.option(fc.constantFrom(0, 5), { nil: undefined }),
  }),
  via: fc.constantFrom('>', '>>', 'cat', 'tee'),
  cwd: fc.constantFrom(0 as const, 1 as const, 2 as const),
});

describe('Collector.access deduplication', () => {
  it('keeps the same items in the same order as the key-string Set (also past the switch to a Set)', () => {
    fc.assert(
      fc.property(fc.array(call, { maxLength: 120 }), (calls) => {
        const col = new Collector();
        for (const c of calls) col.access(c.kind, { ...c.w, range: [...c.w.range] as [number, number] }, state(c), c.via);
        const all = [...col.reads, ...col.writes];
        const got = new Set(all.map((i) => `${i.kind}\0${i.src}\0${i.range[0]}\0${i.range[1]}\0${i.via}\0${i.abs}\0${i.value}`));
        const want = referenceKeys(calls);
        expect(all.length).toBe(want.length);
        expect(got).toEqual(new Set(want));
        // per list, first occurrence order
        expect(col.reads.map((i) => `${i.kind}\0${i.src}\0${i.range[0]}\0${i.range[1]}\0${i.via}\0${i.abs}\0${i.value}`)).toEqual(want.filter((k) => k.startsWith('read')));
        expect(col.writes.map((i) => `${i.kind}\0${i.src}\0${i.range[0]}\0${i.range[1]}\0${i.via}\0${i.abs}\0${i.value}`)).toEqual(want.filter((k) => k.startsWith('write')));
      }),
      { numRuns: 400 },
    );
  });

  it('switches to a Set after many distinct accesses and still drops repeats', () => {
    const col = new Collector();
    const st: State = { vars: new Map(), cwd: { kind: 'image' } };
    for (let round = 0; round < 3; round++) for (let i = 0; i < 60; i++) col.access('write', { value: `/out/f${i}`, range: [i, i + 1], src: 0 }, st, '>');
    expect(col.writes.map((w) => w.value)).toEqual(Array.from({ length: 60 }, (_, i) => `/out/f${i}`));
  });
});

/** parseOpts before it scanned arrays instead of building Sets and closures: the reference. */
function referenceOpts(args: W[], spec: { s?: string; l?: string[]; d?: string[] }) {
  const opts: { name: string; arg?: W; word: W }[] = [];
  const pos: W[] = [];
  const shortArg = spec.s ?? '';
  const longArg = new Set(spec.l ?? []);
  const dashArg = new Set(spec.d ?? []);
  const sub = (w: W, a: number, b: number) => w.value!.slice(a, b);
  let done = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (done || v === undefined || v === '-' || !v.startsWith('-')) {
      pos.push(w);
      continue;
    }
    if (v === '--') {
      done = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v.slice(2) : v.slice(2, eq);
      if (eq !== -1) opts.push({ name, arg: { value: sub(w, eq + 1, v.length), range: w.range, src: w.src }, word: w });
      else if (longArg.has(name) && i + 1 < args.length) opts.push({ name, arg: args[++i], word: w });
      else opts.push({ name, word: w });
      continue;
    }
    const dname = v.slice(1).split('=')[0]!;
    if (dashArg.has(dname)) {
      const eq = v.indexOf('=');
      if (eq !== -1) opts.push({ name: dname, arg: { value: sub(w, eq + 1, v.length), range: w.range, src: w.src }, word: w });
      else if (i + 1 < args.length) opts.push({ name: dname, arg: args[++i], word: w });
      else opts.push({ name: dname, word: w });
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      if (shortArg.includes(ch)) {
        if (j + 1 < v.length) opts.push({ name: ch, arg: { value: sub(w, j + 1, v.length), range: w.range, src: w.src }, word: w });
        else if (i + 1 < args.length) opts.push({ name: ch, arg: args[++i], word: w });
        else opts.push({ name: ch, word: w });
        break;
      }
      opts.push({ name: ch, word: w });
    }
  }
  return { opts, pos };
}

describe('parseOpts', () => {
  const word = fc.option(fc.constantFrom('-', '--', '-o', '-ofile', '-xvf', '--out', '--out=x', '--in-place', '-addr', '-addr=:80', '-in', 'file', '-=', '--=v', 'a=b'), { nil: undefined });
  it('agrees with the Set-based reference on options, arguments and positionals', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 8 }),
        fc.record({ s: fc.constantFrom('', 'o', 'of'), l: fc.constantFrom([], ['out'], ['out', 'in-place']), d: fc.constantFrom(undefined, ['addr'], ['addr', 'in']) }),
        (values, spec) => {
          const args: W[] = values.map((value, i) => ({ value, range: [i, i + 1], src: 0 }));
          const got = parseOpts(args, spec);
          const want = referenceOpts(args, spec);
          expect(got.pos).toEqual(want.pos);
          expect(got.opts.map((o) => [o.name, o.arg?.value, o.word])).toEqual(want.opts.map((o) => [o.name, o.arg?.value, o.word]));
          for (const n of ['o', 'out', 'addr', 'x', 'in']) {
            expect(got.has(n)).toBe(want.opts.some((o) => o.name === n));
            expect(got.get(n)?.value).toBe([...want.opts].reverse().find((o) => o.name === n && o.arg)?.arg?.value);
            expect(got.all(n, 'o').map((w) => w.value)).toEqual(want.opts.filter((o) => (o.name === n || o.name === 'o') && o.arg).map((o) => o.arg!.value));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
