/**
 * podlint's shell reader (src/analyze/shell/parser.ts) against mvdan/sh, the
 * parser it replaced: on generated scripts that combine the shell features the
 * analysis models, and on every script of the real corpus, both trees,
 * projected onto what the interpreter reads, must be equal.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseScript, MAX_NEST } from '../../src/analyze/shell/parser.js';
import { mvdanProjection, podlintProjection } from '../helpers/mvdan-ast.js';
import { lintTexts } from '../../src/engine/lint.js';
import { analyzeExecs } from '../../src/analyze/shell/index.js';
import { existsSync } from 'node:fs';
import { CORPUS, manifestFiles } from '../helpers/manifests.js';

const same = (script: string) => {
  const want = mvdanProjection(script);
  const got = parseScript(script);
  if (want === undefined) return; // mvdan/sh rejects it: only "never throws" applies
  expect(got.error?.message).toBeUndefined();
  const a = JSON.stringify(podlintProjection(got.stmts));
  const b = JSON.stringify(want);
  if (a !== b) {
    let k = 0;
    while (a[k] === b[k]) k++;
    expect(`podlint: ${a.slice(Math.max(0, k - 200), k + 100)}`).toBe(`podlint: ${b.slice(Math.max(0, k - 200), k + 100)}`);
  }
};

const name = fc.constantFrom('x', 'FOO', 'd', 'i', 'POD_NAME', 'f_1');
const path = fc.array(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,5}$/), { minLength: 1, maxLength: 3 }).map((a) => '/' + a.join('/'));

/** Words without substitutions (for heredoc bodies). */
const genPlainWord = fc.oneof(path, name.map((n) => `$${n}`), name.map((n) => `\${${n}:-d}`), fc.constantFrom('a', '"q"', "'s'", '$((1 + 2))'));

const { word: genWord, script: genScript } = fc.letrec<{ word: string; cmd: string; pipeline: string; list: string; script: string }>((tie) => ({
  word: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    path,
    fc.constantFrom('a', '-n', '--out=/x', 'localhost:8080', 'http://svc:80/p?q=1', '*.log', '/logs/*', '{a,b}', '~/x', '-', '1', 'a\\ b', 'x=y', '$', 'a$'),
    name.map((n) => `$${n}`),
    name.map((n) => `\${${n}}`),
    fc.tuple(name, fc.constantFrom(':-', '-', ':=', '#', '%%', '/', ':')).map(([n, op]) => `\${${n}${op}d}`),
    name.map((n) => `\${#${n}}`),
    fc.constantFrom('$1', '$0', '$@', '$?', '$$', '$((1 + 2))', '"$@"'),
    path.map((p) => `'${p}'`),
    fc.tuple(path, name).map(([p, n]) => `"${p}/$${n}"`),
    path.map((p) => `"${p}"`),
    fc.constantFrom('""', "''", "$'a\\tb'", '"a\\"b"', '"x\\\\y"'),
    tie('pipeline').map((c) => `$(${c})`),
    tie('pipeline').map((c) => `"$(${c})"`),
    fc.constantFrom('`date`', '`cat /etc/hostname`'),
    fc.tuple(path, tie('pipeline')).map(([p, c]) => `${p}/$(${c})`),
  ),
  cmd: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.tuple(fc.constantFrom('echo', 'cat', 'cp', 'curl', 'tail -F', 'sh -c', 'tee -a', 'nc -z', 'socat', 'env A=1 cat', 'exec', 'mkdir -p', 'sed -i'), fc.array(tie('word'), { maxLength: 3 })).map(([c, ws]) => [c, ...ws].join(' ')),
    fc.tuple(name, tie('word')).map(([n, w]) => `${n}=${w}`),
    fc.tuple(name, tie('word'), tie('word')).map(([n, v, w]) => `${n}=${v} cat ${w}`),
    fc.tuple(tie('word'), fc.constantFrom('>', '>>', '<', '2>', '&>', '>|', '<>', '2>>'), path).map(([w, op, p]) => `echo ${w} ${op} ${p}`),
    fc.tuple(path).map(([p]) => `cat ${p} 2>&1 >/dev/null`),
    fc.tuple(path, tie('word')).map(([p, w]) => `grep x <<< ${w} > ${p}`),
    tie('list').map((l) => `( ${l} )`),
    tie('list').map((l) => `{ ${l}; }`),
    fc.tuple(tie('list'), tie('list')).map(([a, b]) => `if ${a}; then ${b}; fi`),
    fc.tuple(tie('list'), tie('list'), tie('list')).map(([a, b, c]) => `if ${a}\nthen\n  ${b}\nelif true; then :; else\n  ${c}\nfi`),
    fc.tuple(fc.constantFrom('while', 'until'), tie('list'), tie('list')).map(([k, a, b]) => `${k} ${a}; do ${b}; done`),
    fc.tuple(path, tie('list')).map(([p, b]) => `until [ -f ${p} ]; do ${b}; done`),
    fc.tuple(path, tie('list')).map(([p, b]) => `while [[ ! -e ${p} ]]; do ${b}; done`),
    fc.tuple(name, fc.array(tie('word'), { maxLength: 3 }), tie('list')).map(([n, ws, b]) => `for ${n} in ${ws.join(' ')}; do ${b}; done`),
    fc.tuple(name, tie('list')).map(([n, b]) => `for ${n}; do ${b}; done`),
    tie('list').map((b) => `for ((i=0; i<3; i++)); do ${b}; done`),
    fc.tuple(tie('word'), tie('list'), tie('list')).map(([w, a, b]) => `case ${w} in\n  a|b) ${a};;\n  (*) ${b}\n  ;;\nesac`),
    fc.tuple(fc.constantFrom('-f', '-d', '-e', '-s', '! -f'), tie('word')).map(([op, w]) => `[ ${op} ${w} ]`),
    fc.tuple(fc.constantFrom('-f', '-d', '-x', '-n', '! -e', '-z'), tie('word'), tie('word')).map(([op, w, v]) => `[[ ${op} ${w} && ${v} == x* || ( -L ${w} ) ]]`),
    fc.tuple(tie('word'), tie('word')).map(([a, b]) => `[[ ${a} -nt ${b} ]]`),
    fc.tuple(fc.constantFrom('export', 'local', 'readonly', 'declare -r'), name, tie('word')).map(([k, n, w]) => `${k} ${n}=${w} B`),
    fc.constantFrom('((i++))', 'let x=1+2', 'time sleep 1', 'arr=(a b c)', 'trap "rm -f /tmp/x" EXIT', 'diff <(sort /a) /b', 'cat @(a|b).log', 'echo a # comment\n:', 'echo \\\n  b'),
  ),
  pipeline: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    tie('cmd'),
    fc.tuple(tie('cmd'), tie('cmd')).map(([a, b]) => `${a} | ${b}`),
    fc.tuple(tie('cmd'), tie('cmd'), tie('cmd')).map(([a, b, c]) => `${a} | ${b} |& ${c}`),
    tie('cmd').map((a) => `! ${a}`),
  ),
  list: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    tie('pipeline'),
    fc.tuple(tie('pipeline'), fc.constantFrom(' && ', ' || ', '; ', ' & ', '\n'), tie('pipeline')).map(([a, op, b]) => `${a}${op}${b}`),
  ),
  script: fc
    .array(
      fc.oneof(
        fc.tuple(tie('list'), fc.constantFrom('\n', ';\n', ' &\n', '\n\n')).map(([s, sep]) => s + sep),
        fc.tuple(name, tie('list')).map(([n, b]) => `${n}() { ${b}; }\n`),
        // heredocs at the top level (a heredoc inside a substitution inside a heredoc body is ambiguous with one delimiter)
        fc.tuple(path, fc.constantFrom('EOF', "'EOF'", '"E"', '-EOF'), genPlainWord).map(([p, d, w]) => `cat <<${d} > ${p}\nline ${w}\n$(date)\n${d.replace(/['"-]/g, '')}\n`),
        fc.tuple(name, tie('list')).map(([n, b]) => `function ${n} {\n  ${b}\n}\n`),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((l) => l.join('')),
}));

describe('shell reader: the same tree as mvdan/sh', () => {
  it('generated scripts combining the modelled features', () => {
    fc.assert(fc.property(genScript, same), { numRuns: 300 });
  });
  it('generated words', () => {
    fc.assert(fc.property(fc.array(genWord, { minLength: 1, maxLength: 5 }), (ws) => same(`echo ${ws.join(' ')} > ${ws[0]}`)), { numRuns: 250 });
  });
  it('every script of the real corpus', () => {
    if (!existsSync(CORPUS)) return;
    const res = lintTexts(manifestFiles(CORPUS), { only: ['localhost-port-unbound'] });
    let n = 0;
    for (const t of res.graph.templates)
      for (const c of t.containers)
        for (const a of analyzeExecs(c))
          if (a.script) {
            same(a.script.text);
            n++;
          }
    expect(n).toBeGreaterThan(50);
  });
  it('never throws; stops at the nesting limit with a limit, keeping what came before', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'ab /$"\'`\\(){}[]<>|&;#*?=~\n\t-:.01éü😀') }), (s) => void parseScript(s)), { numRuns: 1000 });
    const deep = 'echo /a > /b\n' + 'echo $('.repeat(5000) + 'x' + ')'.repeat(5000);
    const r = parseScript(deep);
    expect(r.limit?.message).toMatch(new RegExp(`deeper than ${MAX_NEST}`));
    expect(r.stmts).toHaveLength(1);
  });
});
