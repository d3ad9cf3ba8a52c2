// Bundle the CLI into one CommonJS file (dist/podlint.cjs) so that start-up
// reads and compiles one file instead of ~140 (our modules, chalk, and the
// `yaml` package's CommonJS files): cold start on one small file drops by about
// a third (see docs/performance.md). Run by `npm run build` after tsc; it
// bundles tsc's output. Lazily loaded pieces stay out: ajv (only for CRDs and
// config validation) and the precompiled schema validators (dist/validators,
// one module per kind group). The shell reader is small and bundled.
// CommonJS, not an ES module, because bin/podlint.js compiles it with V8's code
// cache (vm.Script cachedData; Node 20 has no module.enableCompileCache()):
// the build appends a build id and writes dist/podlint.cjs.cache from a warm-up
// run on examples/, so a run neither parses the bundle nor compiles the
// functions it calls again (about 30 ms of a 118 ms cold start).
// bin/podlint.js falls back to dist/src/cli/main.js when the bundle is absent.
// `podlint lsp` loads dist/lsp.mjs, a second bundle (an ES module), instead.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = (entry, outfile, format = 'esm') => build({
  entryPoints: [join(root, 'dist', ...entry)],
  outfile: join(root, 'dist', outfile),
  bundle: true,
  platform: 'node',
  format,
  target: 'node20',
  external: ['ajv'],
  ...(format === 'esm'
    ? // CommonJS dependencies inside an ES module bundle still call require() for node builtins
      { banner: { js: "import { createRequire as __podlintRequire } from 'node:module'; const require = __podlintRequire(import.meta.url);" } }
    : // tsc's modules find dist/ and the package through import.meta.url
      { define: { 'import.meta.url': '__podlintUrl' }, banner: { js: "var __podlintUrl = require('node:url').pathToFileURL(__filename).href;" } }),
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
const cli = join(root, 'dist', 'podlint.cjs');
rmSync(`${cli}.cache`, { force: true });
rmSync(join(root, 'dist', 'podlint.mjs'), { force: true }); // the ES module bundle of earlier builds
await bundle(['src', 'cli', 'main.js'], 'podlint.cjs', 'cjs');
// The build id the code cache is keyed on (V8 itself checks only the source's length).
appendFileSync(cli, `\n//# podlintBuild=${createHash('sha256').update(readFileSync(cli)).digest('hex').slice(0, 20)}\n`);
// `podlint lsp`: the language server (with vscode-languageserver) is its own bundle, loaded only for that command.
await bundle(['src', 'lsp', 'main.js'], 'lsp.mjs');

// The CEL engine (src/policy/cel.ts) loads on first use with a synchronous
// require(): @marcbachmann/cel-js is ESM-only, so it is bundled to CommonJS here.
await build({
  entryPoints: [join(root, 'node_modules', '@marcbachmann', 'cel-js', 'lib', 'index.js')],
  outfile: join(root, 'dist', 'vendor', 'cel.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

// Last, with everything built: the code cache, from one run over examples/ (the default format) compiles the functions a typical run calls.
const warm = spawnSync(process.execPath, [join(root, 'bin', 'podlint.js'), join(root, 'examples')], { cwd: root, stdio: 'ignore', env: { ...process.env, PODLINT_COMPILE_CACHE: '1' } });
if (warm.status !== 0 && warm.status !== 1) console.warn(`bundle: the warm-up run exited ${warm.status}; dist/podlint.cjs runs without a code cache until its first run writes one`);
