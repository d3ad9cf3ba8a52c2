/**
 * Issue 16, shell items: limits that stop the shell analysis are noted (for
 * rule analysis-limit), never silent; globs never become backtracking
 * RegExps; no cost that grows superlinearly with the length of a word or a
 * script; a script read only in part still yields what came before the fault.
 */
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';
import { limitHits } from '../../src/analyze/limits.js';
import { analyzeArgv, analyzeExecs, analyzeScript, analyzeScriptRaw, compileGlob } from '../../src/analyze/shell/index.js';
import { y } from '../helpers/rule-tester.js';

const pod = (script: string) => y`
  apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers:
    - name: app
      image: busybox
      command: [sh, -c]
      args:
      - |
        ${script.replace(/\n/g, '\n        ')}
`;

function limitsOf(text: string) {
  const res = lintTexts([{ path: 'p.yaml', text }], { only: ['localhost-port-unbound'] });
  const c = res.graph.templates[0]!.containers[0]!;
  const a = analyzeExecs(c)[0]!;
  return { a, hits: limitHits(c.resource), text };
}

describe('limits of the shell analysis are noted, not silent', () => {
  it('a script over 200,000 characters: one note over the script scalar', () => {
    const { a, hits, text } = limitsOf(pod('echo start\n' + 'echo x >> /data/log\n'.repeat(11_000)));
    expect(a.opaque).toContain('(script too large)');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toMatch(/shell script of 2\d\d,\d\d\d characters is over the 200,000-character limit of the shell analysis; not analysed/);
    expect(text.slice(hits[0]!.range[0], hits[0]!.range[0] + 10)).toBe('echo start');
    expect(hits[0]!.range[1]).toBeGreaterThan(text.length - 40);
  });
  it('5,000 nested $( ): noted where the reader stopped; what came before is analysed', () => {
    const { a, hits, text } = limitsOf(pod('echo ok > /data/first\necho ' + '$('.repeat(5000) + 'x' + ')'.repeat(5000)));
    expect(a.writes.map((w) => w.abs)).toEqual(['/data/first']);
    expect(a.parseError).toBeDefined();
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toMatch(/nesting deeper than 200 levels .*the rest of the script is not analysed/);
    expect(text.slice(hits[0]!.range[0] - 2, hits[0]!.range[0])).toBe('$(');
  });
  it('sh -c nested more than 4 levels deep: noted at the innermost script word', () => {
    let s = 'echo deep > /data/x';
    for (let k = 0; k < 6; k++) s = `sh -c ${JSON.stringify(s)}`;
    const r = analyzeScript(s);
    expect(r.limits?.map((l) => l.message)).toEqual([expect.stringMatching(/nested more than 4 levels deep .* not analysed/)]);
    const { hits } = limitsOf(pod(s));
    expect(hits).toHaveLength(1);
  });
  it('a script within the limits notes nothing', () => {
    const { hits } = limitsOf(pod('while true; do date >> /data/log; sleep 5; done'));
    expect(hits).toEqual([]);
  });
});

describe('a script read only in part', () => {
  it('keeps what came before the fault, is opaque and says why', () => {
    const a = analyzeScript('echo x > /out/a\ncat /in/b\nif then fi ((');
    expect(a.writes.map((w) => w.abs)).toEqual(['/out/a']);
    expect(a.reads.map((w) => w.abs)).toEqual(['/in/b']);
    expect(a.parseError).toMatch(/"if" must be followed by a statement list/);
    expect(a.opaque).toEqual(['(unparsable script)']);
    const b = analyzeArgv(['sh', '-c', "echo x > /out/a; echo 'unclosed"]);
    expect(b.writes.map((w) => w.abs)).toEqual(['/out/a']);
    expect(b.parseError).toMatch(/without closing quote/);
  });
});

describe('globs', () => {
  it('match like the shell: * and ? within a segment, classes, negation', () => {
    const t = (p: string, s: string) => compileGlob(p).test(s);
    expect(t('logs/*.log', 'logs/a.log')).toBe(true);
    expect(t('logs/*.log', 'logs/x/a.log')).toBe(false);
    expect(t('a?c', 'abc')).toBe(true);
    expect(t('a?c', 'a/c')).toBe(false);
    expect(t('[ab]x', 'bx')).toBe(true);
    expect(t('[!ab]x', 'bx')).toBe(false);
    expect(t('[a-c]*', 'c-file')).toBe(true);
    expect(t('*', '')).toBe(true);
    expect(t('x[', 'x[')).toBe(true);
    expect(t('*a*a*a*b', 'aaaaab')).toBe(true);
    expect(t('*a*a*a*b', 'aaaaa')).toBe(false);
  });
  it('a hostile glob (many *a segments) against a long name stays polynomial: time ratio to a linear baseline', () => {
    const pattern = '*a'.repeat(12) + '*b';
    const name = (n: number) => 'a'.repeat(n);
    const time = (f: () => void) => {
      const t = performance.now();
      for (let k = 0; k < 20; k++) f();
      return performance.now() - t;
    };
    const g = compileGlob(pattern);
    const small = time(() => g.test(name(2_000)));
    const big = time(() => g.test(name(8_000)));
    // linear in the name (x4 for 4x the length); the backtracking RegExp it replaced was exponential in the segments
    expect(big / Math.max(small, 0.05)).toBeLessThan(16);
    expect(g.test(name(30))).toBe(false);
  });
});

describe('no superlinear cost on long words and scripts (analyzeScriptRaw: analyzeScript caches by text)', () => {
  // best of 15 interleaved runs after a warm-up: robust to GC pauses and other load on a shared machine
  const ratio = (make: (n: number) => () => void, small = 20_000) => {
    const fa = make(small);
    const fb = make(small * 4);
    fa();
    fb();
    let a = Infinity;
    let b = Infinity;
    for (let k = 0; k < 15; k++) {
      let t = performance.now();
      fa();
      a = Math.min(a, performance.now() - t);
      t = performance.now();
      fb();
      b = Math.min(b, performance.now() - t);
    }
    return b / Math.max(a, 0.2);
  };
  // 4x the input: linear is ~4, quadratic ~16; the bound leaves room for noise on a shared machine
  const LIMIT = 10;
  it('an 80,000-character {{{… word', () => expect(ratio((n) => () => analyzeScriptRaw('echo ' + '{'.repeat(n) + ' > /x'))).toBeLessThan(LIMIT));
  it('curl -O with a long URL in sh -c', () => expect(ratio((n) => () => analyzeArgv(['sh', '-c', `curl -O http://h/${'a/'.repeat(n / 2)}?${'?'.repeat(n / 2)}`]))).toBeLessThan(LIMIT));
  it('cp into a target of many slashes', () => expect(ratio((n) => () => analyzeScriptRaw(`cp /a/b ${'/'.repeat(n)}x`))).toBeLessThan(LIMIT));
  it('a sed script of many newlines', () => expect(ratio((n) => () => analyzeScriptRaw(`sed '${'\n'.repeat(n)}' /f`))).toBeLessThan(LIMIT));
  it('many writes in one script', () => expect(ratio((n) => () => analyzeScriptRaw(Array.from({ length: n / 20 }, (_, i) => `echo > /f${i}`).join('\n')))).toBeLessThan(LIMIT));
  // 40k/160k characters: past the step where the tree of a 20k-operator chain outgrows V8's young generation
  it('a long pipeline and a long && chain (walked without recursion per operator)', () => expect(ratio((n) => () => analyzeScriptRaw('a' + ' | a && b'.repeat(n / 10)), 40_000)).toBeLessThan(LIMIT));
  it('a 160,000-character && chain does not overflow the stack', () => {
    const a = analyzeScriptRaw('echo > /x' + ' && echo'.repeat(20_000));
    expect(a.parseError).toBeUndefined();
    expect(a.writes.map((w) => w.abs)).toEqual(['/x']);
    expect(a.commands).toHaveLength(20_001);
  });
});
