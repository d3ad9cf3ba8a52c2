/**
 * Hostile pull requests: every path is bounded by the size of its input, never
 * by size x findings, and no regular expression backtracks on untrusted text.
 * Adversarial inputs are generated here at 100,000 characters and timed
 * against the same shape at a quarter of the size (test/helpers/growth.ts):
 * a ratio, not an absolute time.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { lintTexts, type LintOptions } from '../../src/engine/lint.js';
import { growth, LINEAR } from '../helpers/growth.js';
import { globMatch } from '../../src/analyze/glob.js';
import { capMessage } from '../../src/engine/message.js';
import { compilePattern } from '../../src/schema/re2.js';

const lint = (opts: LintOptions) => (text: string) => lintTexts([{ path: 'x.yaml', text }], opts);
const findings = (text: string, opts: LintOptions) => lintTexts([{ path: 'x.yaml', text }], opts).results.flatMap((r) => r.findings);

const indent = (text: string, n: number) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');

describe('CRD patterns (RE2, linear time)', () => {
  const crd = (pattern: string) =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n` +
    `  names: {kind: W, plural: ws, singular: w, listKind: WList}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n` +
    `        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              name: {type: string, pattern: ${JSON.stringify(pattern)}}\n---\n`;
  const cr = (value: string) => `apiVersion: example.com/v1\nkind: W\nmetadata: {name: w}\nspec:\n  name: ${value}\n`;

  it('^(a+)+$ on a value of 100,000 characters grows linearly and still reports the mismatch', () => {
    const make = (n: number) => crd('^(a+)+$') + cr('a'.repeat(n) + '!');
    expect(growth(lint({ only: ['schema'] }), make)).toBeLessThan(LINEAR);
    expect(findings(make(1000), { only: ['schema'] }).map((f) => f.message)).toEqual([expect.stringMatching(/^spec\.name must match the pattern `\^\(a\+\)\+\$`/)]);
  });

  it('nested and alternated quantifiers stay linear in the engine itself', () => {
    for (const p of ['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '^([a-z]+[a-z]*)*$', '(x+x+)+y', '^(\\w+\\s?)*$']) {
      const c = compilePattern(p);
      if (!c.ok) throw new Error(c.error);
      expect(growth((s) => c.re.test(s), (n) => 'a'.repeat(n) + '!'), p).toBeLessThan(LINEAR);
    }
  });

  it('a pattern RE2 rejects is a schema error on the CRD, as the API server rejects it', () => {
    const fs = findings(crd('^(?!x)(a)\\1$') + cr('aa'), { only: ['schema'] });
    expect(fs.map((f) => [f.line, f.message])).toEqual([
      [19, expect.stringMatching(/^`spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\[spec\]\.properties\[name\]\.pattern` must be a valid regular expression \(RE2, as the API server compiles it\), but isn't: error parsing regexp: invalid or unsupported Perl syntax: `\(\?!`/)],
    ]);
  });
});

describe('globs', () => {
  it('nginx include globs match without backtracking: *a*a*a…b against long names', () => {
    expect(growth((p) => globMatch(p, 'a'.repeat(250)), (n) => '*a'.repeat(Math.floor(n / 2)) + 'b')).toBeLessThan(LINEAR);
    expect(growth((p) => globMatch(p, 'a'.repeat(250)), (n) => '*' + 'a*'.repeat(Math.floor(n / 2)) + '?b')).toBeLessThan(LINEAR);
  });

  it('glob(3) semantics: *, ?, classes, leading dot, no slash', () => {
    const yes: [string, string][] = [['*.conf', 'a.conf'], ['*', 'x'], ['a*b*c', 'abc'], ['a*b*c', 'aXbYbZc'], ['?.conf', 'a.conf'], ['[ab].conf', 'b.conf'], ['[!ab].conf', 'c.conf'], ['[a-c]*', 'b1'], ['.*', '.hidden'], ['x[', 'x['], ['*a*a*', 'aa']];
    const no: [string, string][] = [['*.conf', 'a.conf.bak'], ['a*b*c', 'acb'], ['?.conf', 'ab.conf'], ['[ab].conf', 'c.conf'], ['[!ab].conf', 'a.conf'], ['*', '.hidden'], ['*', 'a/b'], ['*a*a*', 'a'], ['*', 'x'.repeat(600)]];
    for (const [p, s] of yes) expect(globMatch(p, s), `${p} ~ ${s}`).toBe(true);
    for (const [p, s] of no) expect(globMatch(p, s), `${p} !~ ${s}`).toBe(false);
  });
});

describe('no cost of size x findings', () => {
  const haproxy = (n: number, port: number) => {
    let cfg = 'frontend f\n  bind *:8080\n  default_backend b0\n';
    for (let i = 0; cfg.length < n; i++) cfg += `backend b${i}\n  server s${i} billing:${port}\n`;
    return (
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hp}\ndata:\n  haproxy.cfg: |\n${indent(cfg, 4)}\n---\n` +
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: main\n    image: busybox\n  - name: ambassador\n    image: haproxy:2.4\n    volumeMounts: [{name: c, mountPath: /usr/local/etc/haproxy/}]\n  volumes: [{name: c, configMap: {name: hp}}]\n---\n` +
      `apiVersion: v1\nkind: Service\nmetadata: {name: billing}\nspec:\n  ports: [{port: 8081}]\n`
    );
  };

  it('an haproxy.cfg whose every backend is a finding: positions come from a per-scalar index', () => {
    const opts = { only: ['ambassador-backend'] };
    expect(findings(haproxy(2000, 8082), opts).length).toBeGreaterThan(40);
    expect(growth(lint(opts), (n) => haproxy(n, 8082), 300_000)).toBeLessThan(LINEAR);
  });

  it('the same in a double-quoted scalar (escapes shift the offsets)', () => {
    const quoted = (n: number) => {
      let cfg = 'frontend f\\n  bind *:8080\\n';
      for (let i = 0; cfg.length < n; i++) cfg += `backend b${i}\\n  server s${i} billing:8082\\n`;
      return haproxy(10, 8082).replace(/haproxy\.cfg: \|\n(?: {4}.*\n)+/, `haproxy.cfg: "${cfg}"\n`);
    };
    expect(findings(quoted(2000), { only: ['ambassador-backend'] }).length).toBeGreaterThan(40);
    expect(growth(lint({ only: ['ambassador-backend'] }), quoted, 300_000)).toBeLessThan(LINEAR);
  });

  it('a suppression comment padded with 100,000 spaces', () => {
    const make = (n: number) => `# podlint-disable-next-line${' '.repeat(n)}x\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`;
    expect(growth(lint({}), make)).toBeLessThan(LINEAR);
  });

  it('an env value of 100,000 characters full of URLs and host:port tokens', () => {
    const pod = (value: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: i\n    env: [{name: A, value: ${JSON.stringify(value)}}]\n`;
    expect(growth(lint({}), (n) => pod('http://a:1 b:2 '.repeat(n / 15)))).toBeLessThan(LINEAR);
  });

  it('a mount path of 100,000 slashes, a shell flag of 100,000 c', () => {
    const pod = (mountPath: string, flag: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: i\n    command: [sh, ${JSON.stringify(flag)}, 'echo hi']\n    volumeMounts: [{name: v, mountPath: ${JSON.stringify(mountPath)}}, {name: v, mountPath: /x}]\n  volumes: [{name: v, emptyDir: {}}]\n`;
    expect(growth(lint({ only: ['duplicate-mount-path'] }), (n) => pod('/'.repeat(n) + 'x', '-c'))).toBeLessThan(LINEAR);
    expect(growth(lint({ only: ['ambassador-backend'] }), (n) => pod('/x', '-' + 'c'.repeat(n) + '!'))).toBeLessThan(LINEAR);
  });
});

describe('messages', () => {
  it('a quoted untrusted word is capped at 200 characters with an ellipsis', () => {
    const long = 'x'.repeat(100_000);
    const capped = capMessage(`Backend \`${long}\` is not a Service ("${long}"); did you mean \`svc\`? ${long}`);
    expect(capped).toBe(`Backend \`${'x'.repeat(200)}…\` is not a Service ("${'x'.repeat(200)}…"); did you mean \`svc\`? ${'x'.repeat(200)}…`);
    expect(capMessage('short `word` stays')).toBe('short `word` stays');
    expect(growth((s) => capMessage(s), (n) => '`a` "b'.repeat(n / 6))).toBeLessThan(LINEAR);
  });

  it('a finding quoting a 100,000-character socat argument stays short', () => {
    const text =
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: main\n    image: busybox\n  - name: a\n    image: alpine/socat\n    command: [socat, 'TCP-LISTEN:8080,fork', 'TCP:billing:8082,${'s'.repeat(100_000)}']\n` +
      `---\napiVersion: v1\nkind: Service\nmetadata: {name: billing}\nspec:\n  ports: [{port: 8081}]\n`;
    const fs = findings(text, {});
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) expect(f.message.length).toBeLessThan(1000);
  });
});

/**
 * Every regular expression literal in src/ and rules/ (the shell analysis,
 * src/analyze/shell.ts, has its own tests) run on adversarial strings built
 * from its own characters: runs of one character, of two alternating, with a
 * last character that makes the match fail.
 */
describe('every regular expression of src/ and rules/ is linear on adversarial input', () => {
  const root = join(import.meta.dirname, '..', '..');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.endsWith(join('rules', 'index.ts'))) files.push(p);
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'rules'));
  const regexes: { where: string; re: RegExp }[] = [];
  for (const f of files) {
    if (f.endsWith(join('analyze', 'shell.ts'))) continue;
    const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const t = n.getText();
        const slash = t.lastIndexOf('/');
        regexes.push({ where: `${f.slice(root.length + 1)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${t}`, re: new RegExp(t.slice(1, slash), t.slice(slash + 1)) });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  it('finds the regular expressions (the walk works)', () => {
    expect(regexes.length).toBeGreaterThan(50);
  });

  /** Characters the pattern mentions (literal or in classes), and a few every pattern meets. */
  const alphabet = (re: RegExp) => {
    const chars = new Set(['a', '0', ' ', '/', '.', ':', '-', '\n', '#', '=', ',', '"', '`', '\t']);
    for (const c of re.source.replace(/\\[dswDSW]/g, '')) if (c >= ' ' && c <= '~') chars.add(c);
    return [...chars];
  };
  const run = (re: RegExp) => (s: string) => {
    if (re.global || re.sticky) {
      re.lastIndex = 0;
      return s.replace(re, '');
    }
    return re.exec(s);
  };

  // one test per regular expression: the worker answers vitest between them
  for (const { where, re } of regexes) {
    it(`${where} grows linearly on runs of its characters (100,000 characters)`, () => {
      const al = alphabet(re);
      const shapes: ((n: number) => string)[] = [];
      for (const a of al) {
        shapes.push((n) => a.repeat(n) + '\u0001');
        for (const b of ['a', '0', ' ', '/', '.', ':', '-', 'c']) if (a !== b) shapes.push((n) => (a + b).repeat(n / 2) + '\u0001');
      }
      const slow: string[] = [];
      for (const make of shapes) {
        // a quick screen at 4,000 characters, then the ratio for the suspicious ones only
        const probe = make(4000);
        const t0 = performance.now();
        run(re)(probe);
        if (performance.now() - t0 < 1) continue;
        let g = growth(run(re), make, 100_000, 5);
        if (g >= LINEAR) g = Math.min(g, growth(run(re), make, 100_000, 50)); // a second, longer look before calling it slow
        if (g >= LINEAR) slow.push(`on ${JSON.stringify(probe.slice(0, 6))}…: x${g.toFixed(1)}`);
      }
      expect(slow).toEqual([]);
    }, 60_000);
  }
});
