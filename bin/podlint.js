#!/usr/bin/env node
// The bundled CLI (one file: fast start-up) when the build made it, else tsc's modules.
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

// A release build (scripts/release.mjs) has no node_modules: its lazily required
// CommonJS dependencies are in dist/vendor, found through NODE_PATH.
const vendor = new URL('../dist/vendor/', import.meta.url);
if (existsSync(vendor)) {
  process.env.NODE_PATH = [fileURLToPath(vendor), process.env.NODE_PATH].filter(Boolean).join(delimiter);
  (await import('node:module')).default._initPaths();
}

if (process.argv[2] === 'lsp') {
  // The language server: `podlint lsp --stdio` (docs/editor.md).
  const lsp = new URL('../dist/lsp.mjs', import.meta.url);
  const { main: serve } = await import(existsSync(lsp) ? lsp.href : '../dist/src/lsp/main.js');
  serve();
} else {
  const bundle = new URL('../dist/podlint.mjs', import.meta.url);
  const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/cli/main.js');

  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`podlint: fatal: ${err && err.stack ? err.stack : err}\n`);
      process.exitCode = 2;
    },
  );
}
