#!/usr/bin/env node
// The bundled CLI (one file: fast start-up) when the build made it, else tsc's modules.
import { existsSync } from 'node:fs';

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
