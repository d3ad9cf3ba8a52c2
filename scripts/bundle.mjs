// Bundle the CLI into one ES module (dist/podlint.mjs) so that start-up reads
// and compiles one file instead of ~140 (our modules, chalk, and the `yaml`
// package's CommonJS files): cold start on one small file drops by about a
// third (see docs/performance.md). Run by `npm run build` after tsc; it bundles
// tsc's output. Lazily loaded pieces stay out: ajv (only for CRDs and config
// validation) and the precompiled schema validators (dist/validators, one
// module per kind group). The shell reader is small and bundled.
// bin/podlint.js falls back to dist/src/cli/main.js when the bundle is absent.
// `podlint lsp` loads dist/lsp.mjs, a second bundle, instead.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = (entry, outfile) => build({
  entryPoints: [join(root, 'dist', ...entry)],
  outfile: join(root, 'dist', outfile),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['ajv'],
  // CommonJS dependencies inside an ES module bundle still call require() for node builtins
  banner: { js: "import { createRequire as __podlintRequire } from 'node:module'; const require = __podlintRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
await bundle(['src', 'cli', 'main.js'], 'podlint.mjs');
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
