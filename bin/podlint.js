#!/usr/bin/env node
// The bundled CLI (one CommonJS file, compiled from V8's code cache: fast start-up)
// when the build made it, else tsc's modules.
// CommonJS (bin/package.json), like the bundle: an ES module entry point alone
// costs node's ES module loader, 3-7 ms of a 90 ms cold start as measured.
'use strict';
const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { delimiter, dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

// A release build (scripts/release.mjs) has no node_modules: its lazily required
// CommonJS dependencies are in dist/vendor, found through NODE_PATH.
const dist = join(__dirname, '..', 'dist');
const vendor = join(dist, 'vendor');
if (existsSync(vendor)) {
  process.env.NODE_PATH = [vendor, process.env.NODE_PATH].filter(Boolean).join(delimiter);
  Module._initPaths();
}

/**
 * Load dist/podlint.cjs (scripts/bundle.mjs) with V8's code cache, the way
 * Node 22's module.enableCompileCache() does (Node 20 has no such switch):
 * dist/podlint.cjs.cache holds the bytecode of the functions a run compiled,
 * so start-up neither parses the 770 KB bundle nor compiles those functions
 * again (docs/performance.md, "Cold start"). The cache names the bundle's
 * build id (a hash the build appends to the bundle); a cache for another
 * build, or one V8 rejects (another Node version or V8 flags), is not used,
 * and the run then writes a fresh one (atomically; never an error if dist/ is
 * read-only). PODLINT_COMPILE_CACHE=0 turns it off. Returns the bundle's
 * exports and a function to call once the run is over.
 */
function loadBundle(file) {
  const src = readFileSync(file, 'utf8');
  const req = Module.createRequire(file);
  const dir = dirname(file);
  if (process.env.PODLINT_COMPILE_CACHE === '0') return { exports: req(file), done() {} };
  const at = src.lastIndexOf('\n//# podlintBuild=');
  const header = Buffer.from(`podlint-code-cache ${at >= 0 ? src.slice(at + 18).trim() : '?'}\n`);
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    const buf = readFileSync(cacheFile);
    if (buf.length > header.length && buf.subarray(0, header.length).equals(header)) cachedData = buf.subarray(header.length);
  } catch {
    // no cache yet
  }
  // Module.wrap()'s parameters, and an import() for plugins (src/policy/plugins.ts): a script compiled
  // from a code cache loses its link to node's module loader (and vm's own importModuleDynamically is experimental).
  const wrapped = `(function (exports, require, module, __filename, __dirname, __podlintImport) {${src}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const mod = { exports: {}, filename: file, id: file, loaded: false, require: req };
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, file, dir, (url) => import(url));
  mod.loaded = true;
  return {
    exports: mod.exports,
    done() {
      if (!stale || at < 0) return;
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]));
        renameSync(tmp, cacheFile);
      } catch {
        // read-only install: run without a cache
      }
    },
  };
}

const fatal = (err) => {
  process.stderr.write(`podlint: fatal: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 2;
};

if (process.argv[2] === 'lsp') {
  // The language server: `podlint lsp --stdio` (docs/editor.md).
  const lsp = join(dist, 'lsp.mjs');
  import(pathToFileURL(existsSync(lsp) ? lsp : join(dist, 'src', 'lsp', 'main.js')).href).then(({ main: serve }) => serve(), fatal);
} else {
  const bundle = join(dist, 'podlint.cjs');
  const loaded = existsSync(bundle)
    ? Promise.resolve(loadBundle(bundle))
    : import(pathToFileURL(join(dist, 'src', 'cli', 'main.js')).href).then((exports) => ({ exports, done() {} }));
  loaded.then(
    ({ exports, done }) => {
      // V8's interrupt budget for a short run, from here on: the bundle is compiled (its code cache was read under
      // V8's default flags, and is written under them again below, after endShortRun). src/tiering.ts
      if (typeof exports.beginShortRun === 'function') exports.beginShortRun();
      return exports.main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
        if (typeof exports.endShortRun === 'function') exports.endShortRun();
        done();
        // and those of the schema validators the run compiled without one (src/schema/code-cache.ts)
        if (typeof exports.writeCodeCaches === 'function') exports.writeCodeCaches();
      });
    },
    fatal,
  ).catch(fatal);
}
