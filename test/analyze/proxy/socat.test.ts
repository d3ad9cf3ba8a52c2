import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSocatAddress, socatAddresses } from '../../../src/analyze/proxy/socat.js';
import { lexShell, looseNames } from '../../../src/analyze/proxy/argv.js';

/** The lexer as it was before it kept runs instead of one index per character: the reference for the one in argv.ts. */
function referenceLex(script: string): { value: string; map: number[] }[][] {
  const cmds: { value: string; map: number[] }[][] = [];
  let cur: { value: string; map: number[] }[] = [];
  let word: { value: string; map: number[] } | undefined;
  const push = (ch: string, at: number) => {
    if (!word) word = { value: '', map: [] };
    word.value += ch;
    word.map.push(at);
  };
  const endWord = () => {
    if (word) cur.push(word);
    word = undefined;
  };
  const endCmd = () => {
    endWord();
    if (cur.length) cmds.push(cur);
    cur = [];
  };
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCmd();
      i++;
    } else if (c === '#' && !word) {
      while (i < n && script[i] !== '\n') i++;
    } else if (c === '\\') {
      if (script[i + 1] === '\n') i += 2;
      else {
        if (i + 1 < n) push(script[i + 1]!, i + 1);
        i += 2;
      }
    } else if (c === "'") {
      if (!word) word = { value: '', map: [] };
      i++;
      while (i < n && script[i] !== "'") push(script[i]!, i++);
      i++;
    } else if (c === '"') {
      if (!word) word = { value: '', map: [] };
      i++;
      while (i < n && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < n && '$`"\\\n'.includes(script[i + 1]!)) {
          if (script[i + 1] !== '\n') push(script[i + 1]!, i + 1);
          i += 2;
        } else push(script[i]!, i++);
      }
      i++;
    } else if (c === '$' && script[i + 1] === '(') {
      let depth = 0;
      while (i < n) {
        const d = script[i]!;
        if (d === '(') depth++;
        else if (d === ')') depth--;
        push(d, i++);
        if (depth === 0 && d === ')') break;
      }
    } else if (c === '`') {
      push(c, i++);
      while (i < n && script[i] !== '`') push(script[i]!, i++);
      if (i < n) push('`', i++);
    } else push(c, i++);
  }
  endCmd();
  return cmds;
}

describe('socat addresses', () => {
  it('reads listen and connect addresses', () => {
    expect(parseSocatAddress('TCP-LISTEN:8080,fork,reuseaddr')).toEqual({ role: 'listen', keyword: 'TCP-LISTEN', port: 8080, portSpan: [11, 15] });
    expect(parseSocatAddress('tcp4-listen:80')).toMatchObject({ role: 'listen', port: 80 });
    expect(parseSocatAddress('TCP-L:81')).toMatchObject({ role: 'listen', port: 81 });
    expect(parseSocatAddress('TCP:svc.ns:5432,retry=3')).toEqual({ role: 'connect', keyword: 'TCP', host: 'svc.ns', port: 5432, hostSpan: [4, 10], portSpan: [11, 15] });
    expect(parseSocatAddress('TCP-CONNECT:db:1')).toMatchObject({ role: 'connect', host: 'db', port: 1 });
    expect(parseSocatAddress('TCP6:[::1]:80')).toMatchObject({ host: '::1', port: 80, hostSpan: [6, 9] });
    expect(parseSocatAddress('UDP-LISTEN:53')).toBeUndefined();
    expect(parseSocatAddress('STDIO')).toBeUndefined();
    expect(parseSocatAddress('TCP:nohost')).toBeUndefined();
  });

  it('skips options before the two addresses', () => {
    expect(socatAddresses(['-d', '-d', '-T', '10', 'TCP-LISTEN:1,fork', 'TCP:a:2']).map((x) => x.index)).toEqual([4, 5]);
    expect(socatAddresses(['-v', '-', 'TCP:a:2']).map((x) => x.address.host)).toEqual(['a']);
  });

  it('lexes shell scripts into commands with positions', () => {
    const script = `set -e; socat "TCP-LISTEN:8080,fork" 'TCP:svc:80' & echo a\\ b | cat # c\nx=1 y`;
    const cmds = lexShell(script);
    expect(cmds.map((c) => c.map((w) => w.value))).toEqual([['set', '-e'], ['socat', 'TCP-LISTEN:8080,fork', 'TCP:svc:80'], ['echo', 'a b'], ['cat'], ['x=1', 'y']]);
    const w = cmds[1]![2]!;
    expect(w.map.map((i) => script[i]).join('')).toBe('TCP:svc:80');
  });

  it('lexes exactly like the per-character reference lexer', () => {
    const shellish = fc.array(fc.constantFrom(...'ab $()`\'"\\\n\t;&|#=x-:'.split(''), 'socat', 'TCP:a:1', '$(date)', '\\\n', '"\\$x"'), { maxLength: 30 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.oneof(shellish, fc.string({ maxLength: 60 })), (s) => {
        const got = lexShell(s).map((c) => c.map((w) => ({ value: w.value, map: w.map })));
        expect(got).toEqual(referenceLex(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        parseSocatAddress(s);
        socatAddresses(s.split(' '));
        for (const cmd of lexShell(s)) for (const w of cmd) for (const i of w.map) expect(i >= 0 && i < s.length).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('looseNames (the pre-check that skips containers naming no proxy program)', () => {
  // the check it replaces: the text with quotes, backslashes and newlines taken out
  const reference = (text: string, name: string) => text.replace(/['"\\\n]/g, '').includes(name);
  const loose = (text: string, name: string) => looseNames([name]).test(text);

  it('finds a name split by quotes, backslashes and newlines, and nothing else', () => {
    expect(loose("exec so'c'at TCP-LISTEN:80", 'socat')).toBe(true);
    expect(loose('so\\\ncat -', 'socat')).toBe(true);
    expect(loose('"hap""roxy" -f x', 'haproxy')).toBe(true);
    expect(loose('soca t', 'socat')).toBe(false);
    expect(loose('ssocat', 'socat')).toBe(true);
    expect(loose('sosocat', 'socat')).toBe(true);
    expect(loose('socaT', 'socat')).toBe(false);
    expect(loose('', 'socat')).toBe(false);
  });

  it('agrees with stripping the characters and searching, for one name and for several', () => {
    const text = fc.array(fc.constantFrom('s', 'o', 'c', 'a', 't', 'n', 'g', 'i', 'x', 'e', 'v', 'y', "'", '"', '\\', '\n', ' ', '-', '.'), { maxLength: 40 }).map((a) => a.join(''));
    const lists = [['socat'], ['nginx'], ['envoy'], ['so'], ['x'], ['nginx', 'openresty'], ['haproxy', 'nginx', 'openresty', 'envoy', 'socat'], ['so', 'x']];
    fc.assert(
      fc.property(text, fc.constantFrom(...lists), (t, names) => looseNames(names).test(t) === names.some((n) => reference(t, n))),
      { numRuns: 5000 },
    );
  });
});
