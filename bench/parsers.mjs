#!/usr/bin/env node
/**
 * The shell-parser comparison of docs/performance.md (issue 15): the scripts
 * of the sidecar-heavy corpus (every container's `sh -c` script, one per
 * container, as podlint reads them) parsed by
 *   - podlint's reader (dist/src/analyze/shell/parser.js), which builds the tree
 *     the interpreter walks;
 *   - mvdan-sh (GopherJS; a devDependency), one new parser per script as
 *     podlint used it, and one reused parser, each followed by a walk of the
 *     tree (syntax.Walk) since every node access crosses the GopherJS boundary;
 *   - web-tree-sitter + tree-sitter-bash (WASM), when installed:
 *     PODLINT_BENCH_TREE_SITTER=<dir holding node_modules/web-tree-sitter and
 *     node_modules/tree-sitter-bash>; parse plus a full cursor walk.
 * Rounds are interleaved (A B C A B C ...) and medians reported, so other load
 * on a shared machine hits every parser alike. Load time is measured in a
 * fresh child per parser.
 *
 * usage: node bench/parsers.mjs [--size 8k] [--rounds 5]   (npm run build first)
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { ensureCorpus, parseSize } from './gen-synthetic.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const arg = (f, d) => {
  const i = process.argv.indexOf(f);
  return i === -1 ? d : process.argv[i + 1];
};
const size = parseSize(arg('--size', '8k'));
const rounds = Number(arg('--rounds', '5'));
const tsDir = process.env.PODLINT_BENCH_TREE_SITTER;

// ------------------------------------------------------------ the scripts
const { dir } = ensureCorpus(size, { kind: 'sidecar' });
const scripts = [];
const walkDir = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walkDir(p);
    else if (e.name.endsWith('.yaml'))
      for (const doc of readFileSync(p, 'utf8').split(/^---$/m)) {
        const o = parseDocument(doc).toJS();
        for (const c of o?.spec?.template?.spec?.containers ?? []) {
          const argv = [...(c.command ?? []), ...(c.args ?? [])];
          const k = argv.indexOf('-c');
          if (k !== -1 && typeof argv[k + 1] === 'string') scripts.push(argv[k + 1]);
        }
      }
  }
};
walkDir(dir);
const bytes = scripts.reduce((n, s) => n + s.length, 0);

// ------------------------------------------------------------ parsers
const require = createRequire(import.meta.url);
const { parseScript } = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'analyze', 'shell', 'parser.js')).href);
const sh = require('mvdan-sh');
const syntax = sh.syntax;

const contenders = [
  ['podlint reader', () => {
    for (const s of scripts) parseScript(s);
  }],
  ['mvdan-sh, new parser per script, + walk', () => {
    for (const s of scripts) {
      const f = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash)).Parse(s, '');
      syntax.Walk(f, () => true);
    }
  }],
  ['mvdan-sh, one reused parser, parse only', (() => {
    const p = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
    return () => {
      for (const s of scripts) p.Parse(s, '');
    };
  })()],
  ['mvdan-sh, one reused parser, + walk', (() => {
    const p = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
    return () => {
      for (const s of scripts) syntax.Walk(p.Parse(s, ''), () => true);
    };
  })()],
];
let tsInit = null;
if (tsDir) {
  const req = createRequire(join(resolve(tsDir), 'package.json'));
  const t0 = performance.now();
  const TS = req('web-tree-sitter');
  const Parser = TS.Parser ?? TS;
  await Parser.init();
  const Language = TS.Language ?? Parser.Language;
  const lang = await Language.load(req.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
  const parser = new Parser();
  parser.setLanguage(lang);
  tsInit = performance.now() - t0;
  contenders.push(['web-tree-sitter + tree-sitter-bash, + cursor walk', () => {
    for (const s of scripts) {
      const tree = parser.parse(s);
      const c = tree.walk();
      let n = 0;
      for (;;) {
        n++;
        if (c.gotoFirstChild()) continue;
        while (!c.gotoNextSibling()) if (!c.gotoParent()) break;
        if (c.nodeType === 'program' || c.currentDepth === 0) break;
      }
      tree.delete();
    }
  }]);
}

for (const [, f] of contenders) f(); // warm-up
const times = contenders.map(() => []);
for (let r = 0; r < rounds; r++)
  contenders.forEach(([, f], i) => {
    const t = performance.now();
    f();
    times[i].push(performance.now() - t);
  });
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

// load time, each in a fresh child
const loadOf = (code) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const t=performance.now(); ${code}; console.log(performance.now()-t)`], { cwd: ROOT, encoding: 'utf8' });
  return Number(r.stdout.trim());
};
const loads = {
  'podlint reader': loadOf(`await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', 'analyze', 'shell', 'parser.js')).href)})`),
  mvdan: loadOf(`(await import('node:module')).createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('mvdan-sh')`),
};

console.log(`${scripts.length} scripts (${(bytes / 1024).toFixed(0)} KiB) from the sidecar-${size / 1000}k corpus; medians of ${rounds} interleaved rounds; load ${(await import('node:os')).loadavg()[0].toFixed(1)}\n`);
console.log('| parser | ms for all scripts | µs per script | vs podlint reader |');
console.log('|---|---:|---:|---:|');
const base = median(times[0]);
contenders.forEach(([name], i) => {
  const m = median(times[i]);
  console.log(`| ${name} | ${m.toFixed(0)} | ${((m / scripts.length) * 1000).toFixed(1)} | ${(m / base).toFixed(1)}x |`);
});
console.log(`\nload: podlint reader ${loads['podlint reader'].toFixed(1)} ms (bundled with the CLI), mvdan-sh require ${loads.mvdan.toFixed(1)} ms${tsInit != null ? `, web-tree-sitter init + tree-sitter-bash.wasm load ${tsInit.toFixed(1)} ms (async)` : ''}`);
