/**
 * CommonJS modules compiled from V8's code cache: the precompiled schema
 * validators (dist/validators, up to 490 KB a module) the way bin/podlint.js
 * loads the CLI bundle. `<module>.cache` beside a module holds the bytecode
 * of the functions a run compiled, headed by the module's content hash (from
 * the validators' index.json, written by scripts/build-validators.mjs); a
 * cache for other content, or one V8 rejects (another Node version or V8
 * flags), is not used, and the CLI writes a fresh one when its run is over
 * (writeCodeCaches; atomically, never an error if dist/ is read-only).
 * PODLINT_COMPILE_CACHE=0 turns it off (plain require()).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';
import { underDefaultBudget } from '../tiering.js';

const pending: (() => void)[] = [];

/** `require(file)`, compiled from `file.cache` when that holds a cache for content `hash`. */
export function requireWithCodeCache(file: string, hash: string | undefined): unknown {
  const req = createRequire(file);
  // like require(): once per process, and listed in require.cache
  const known = req.cache[file];
  if (known) return known.exports;
  if (hash === undefined || process.env.PODLINT_COMPILE_CACHE === '0') return req(file);
  const src = readFileSync(file, 'utf8');
  const header = Buffer.from(`podlint-code-cache ${hash}\n`);
  const cacheFile = `${file}.cache`;
  let cachedData: Buffer | undefined;
  try {
    const buf = readFileSync(cacheFile);
    if (buf.length > header.length && buf.subarray(0, header.length).equals(header)) cachedData = buf.subarray(header.length);
  } catch {
    // no cache yet
  }
  // under V8's default flags, as the cache was made (src/tiering.ts)
  const script = underDefaultBudget(() => new vm.Script(`(function (exports, require, module, __filename, __dirname) {${src}\n})`, { filename: file, cachedData }));
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, file, dirname(file));
  mod.loaded = true;
  req.cache[file] = mod;
  if (cachedData === undefined || script.cachedDataRejected === true) {
    pending.push(() => {
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([header, underDefaultBudget(() => script.createCachedData())]));
        renameSync(tmp, cacheFile);
      } catch {
        // read-only install: run without a cache
      }
    });
  }
  return mod.exports;
}

/** Write the caches of the modules compiled without one (the CLI calls this when its run is over). */
export function writeCodeCaches(): void {
  for (const write of pending.splice(0)) write();
}
