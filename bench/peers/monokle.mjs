#!/usr/bin/env node
/**
 * Peer runner for @monokle/validation (npm), measured by bench/run.mjs like
 * the podlint CLI. Monokle is a library (its CLI is a separate package), so
 * this does what its CLI does: read the files, split them into resources,
 * `processRefs`, then `validate` with the default plugin set of
 * `createDefaultMonokleValidator` (yaml-syntax, kubernetes-schema,
 * resource-links, pod-security-standards); kubernetes-schema only when its
 * schemas can be downloaded.
 *
 * Where it is looked up: the repository's node_modules, else the folder named
 * by $PODLINT_BENCH_MONOKLE (a prefix holding node_modules/@monokle/validation,
 * e.g. after `npm install --prefix /tmp/monokle @monokle/validation`).
 *
 * Exit 3 with "not installed" on stderr when it cannot be found. Prints one
 * JSON line: { resources, results, schemas } where `schemas` says whether the
 * kubernetes-schema plugin could load a schema (it downloads them at run time,
 * so offline it validates nothing against schemas).
 *
 * usage: node bench/peers/monokle.mjs <path>...
 *        node bench/peers/monokle.mjs --probe   (prints {"version"} or exits 3)
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { walk } from '../lib/walk.mjs';

function locate() {
  const bases = [import.meta.url];
  if (process.env.PODLINT_BENCH_MONOKLE) bases.push(pathToFileURL(join(resolve(process.env.PODLINT_BENCH_MONOKLE), 'noop.js')).href);
  for (const base of bases) {
    try {
      const req = createRequire(base);
      const main = req.resolve('@monokle/validation');
      let version = 'unknown';
      try {
        version = JSON.parse(readFileSync(req.resolve('@monokle/validation/package.json'), 'utf8')).version;
      } catch {
        /* exports may hide package.json */
        const m = /^(.*[\\/]@monokle[\\/]validation)[\\/]/.exec(main);
        if (m) try { version = JSON.parse(readFileSync(join(m[1], 'package.json'), 'utf8')).version; } catch { /* unknown */ }
      }
      return { main, version };
    } catch {
      /* next */
    }
  }
  return null;
}


const found = locate();
if (!found) {
  process.stderr.write('@monokle/validation: not installed\n');
  process.exit(3);
}
if (process.argv.includes('--probe')) {
  // --probe: say whether and which version is installed, without loading it
  process.stdout.write(JSON.stringify({ version: found.version }) + '\n');
  process.exit(0);
}
const mod = await import(pathToFileURL(found.main).href);
const {
  createDefaultMonokleValidator,
  processRefs,
  ResourceParser,
  SchemaLoader,
  MonokleValidator,
  RemotePluginLoader,
  requireFromStringCustomPluginLoader,
  AnnotationSuppressor,
  FingerprintSuppressor,
  DisabledFixer,
} = mod;

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = [];
for (const r of roots) {
  if (statSync(r).isDirectory()) walk(r, files);
  else files.push(r);
}

const resources = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  let docs;
  try {
    docs = parseAllDocuments(text, { logLevel: 'error' });
  } catch {
    continue;
  }
  if (!Array.isArray(docs)) docs = [docs];
  docs.forEach((d, i) => {
    let c;
    try {
      c = d.toJS({ maxAliasCount: 100 });
    } catch {
      return;
    }
    if (!c || typeof c !== 'object' || typeof c.kind !== 'string' || typeof c.apiVersion !== 'string') return;
    const [start, , end] = d.range ?? [0, 0, text.length];
    resources.push({
      id: `${f}#${i}`,
      fileId: f,
      filePath: f,
      fileOffset: 0,
      name: String(c.metadata?.name ?? ''),
      apiVersion: c.apiVersion,
      kind: c.kind,
      namespace: c.metadata?.namespace,
      content: c,
      text: text.slice(start, end),
    });
  });
}

let schemas = false;
try {
  schemas = !!(await new SchemaLoader().getResourceSchema('1.30.0', { kind: 'Pod', apiVersion: 'v1' }));
} catch {
  schemas = false;
}

// createDefaultMonokleValidator() without kubernetes-schema when its schemas
// cannot be downloaded: offline that plugin validates nothing, and 0.33.0
// crashes on CustomResourceDefinitions (its ajv instance is never created).
const parser = new ResourceParser();
const plugins = { 'yaml-syntax': true, 'resource-links': true, 'pod-security-standards': true, ...(schemas ? { 'kubernetes-schema': true } : {}) };
const validator = schemas
  ? createDefaultMonokleValidator()
  : new MonokleValidator(
      {
        loader: new RemotePluginLoader(requireFromStringCustomPluginLoader),
        parser,
        schemaLoader: new SchemaLoader(),
        suppressors: [new AnnotationSuppressor(), new FingerprintSuppressor()],
        fixer: new DisabledFixer(),
      },
      { plugins },
    );
await validator.preload({ plugins, settings: { 'kubernetes-schema': { schemaVersion: '1.30.0' } } });
const processed = processRefs(resources, parser);
const response = await validator.validate({ resources: processed });
let results = 0;
for (const run of response.runs ?? []) results += run.results?.length ?? 0;
process.stdout.write(JSON.stringify({ resources: resources.length, results, schemas, plugins: Object.keys(plugins) }) + '\n');
