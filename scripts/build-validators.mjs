#!/usr/bin/env node
// Compiles the committed Kubernetes JSON Schemas (schemas/kubernetes/v*/) into
// ajv *standalone* validator modules under dist/validators/v<version>/: one
// CommonJS module per apiVersion/kind (exporting its validator under the key
// "apiVersion/kind"), except that the kinds embedding a pod spec share one
// module, plus an index.json mapping "apiVersion/kind" to its module. Run by `npm run build` (and so by `prepublish` on `npm install`):
// podlint loads a kind's module the first time it sees that kind, so linting
// one Pod never compiles (or even parses) the rest of the API. Reads only
// schemas/, never ../shared.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { _Code } from 'ajv/dist/compile/codegen/code.js';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The string formats of the Kubernetes schemas, as JavaScript source (inlined
 * into every generated module, so the modules need no runtime file of ours).
 * Keep in sync with src/schema/formats.ts (test/schema/formats.test.ts checks).
 */
export const FORMATS_SOURCE = `({
  "int32": { type: "number", validate: (x) => Number.isInteger(x) && x >= -2147483648 && x <= 2147483647 },
  "int64": { type: "number", validate: (x) => Number.isInteger(x) && x >= -9223372036854775808 && x <= 9223372036854775807 },
  "byte": { type: "string", validate: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s.replace(/[\\r\\n]/g, "")) },
  "date-time": { type: "string", validate: (s) => /^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2})$/.test(s) }
})`;

/**
 * Kinds whose schemas reach one of these definitions share one module: the pod
 * spec is most of the code of Pod, Deployment, Job ... and would otherwise be
 * repeated in each (loading two workload kinds would parse it twice).
 */
const SHARED = [
  { module: 'workloads.cjs', definition: 'io.k8s.api.core.v1.PodSpec' },
  { module: 'persistentvolumes.cjs', definition: 'io.k8s.api.core.v1.PersistentVolumeSpec' },
];

function reachable(definitions, start) {
  const seen = new Set();
  const visit = (n) => {
    if (seen.has(n) || !definitions[n]) return;
    seen.add(n);
    const walk = (s) => {
      if (!s || typeof s !== 'object') return;
      if (typeof s.$ref === 'string') visit(s.$ref.slice(s.$ref.lastIndexOf('/') + 1));
      for (const [k, v] of Object.entries(s)) if (k !== '$ref' && v && typeof v === 'object') walk(v);
    };
    walk(definitions[n]);
  };
  visit(start);
  return seen;
}

/** Build the validators of one schema folder: one module per kind, or per group of kinds sharing a big definition. */
export function buildVersion(schemaDir, outDir) {
  // eslint-disable-next-line no-new-func
  const formats = new Function(`return ${FORMATS_SOURCE}`)();
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    messages: false,
    code: { source: true, formats: new _Code(FORMATS_SOURCE) },
  });
  for (const [name, def] of Object.entries(formats)) ajv.addFormat(name, def);
  const index = JSON.parse(readFileSync(join(schemaDir, 'index.json'), 'utf8'));
  const defs = JSON.parse(readFileSync(join(schemaDir, '_definitions.json'), 'utf8'));
  ajv.addSchema(defs);
  const modules = new Map(); // module file -> { gvk: schema $id }
  for (const [gvk, { file, definition }] of Object.entries(index.kinds)) {
    const schema = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
    ajv.addSchema(schema);
    const reach = reachable(defs.definitions, definition);
    const shared = SHARED.find((g) => reach.has(g.definition));
    const mod = shared ? shared.module : file.replace(/\.json$/, '.cjs');
    if (!modules.has(mod)) modules.set(mod, {});
    modules.get(mod)[gvk] = schema.$id;
  }
  // hashes: each module's content hash, the key of its code cache (src/schema/code-cache.ts)
  const out = { kubernetesVersion: index.kubernetesVersion, kinds: {}, hashes: {} };
  if (existsSync(outDir)) rmSync(outDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  let bytes = 0;
  for (const [mod, refs] of modules) {
    const code = standaloneCode(ajv, refs);
    writeFileSync(join(outDir, mod), code);
    bytes += code.length;
    out.hashes[mod] = createHash('sha256').update(code).digest('hex').slice(0, 20);
    for (const gvk of Object.keys(refs)) out.kinds[gvk] = mod;
  }
  writeFileSync(join(outDir, 'index.json'), JSON.stringify(out, null, 1) + '\n');
  return { kinds: Object.keys(out.kinds).length, modules: modules.size, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const base = join(root, 'schemas', 'kubernetes');
  let total = 0;
  for (const v of readdirSync(base).filter((d) => /^v\d+\.\d+$/.test(d)).sort()) {
    const r = buildVersion(join(base, v), join(root, 'dist', 'validators', v));
    total += r.modules;
    console.log(`build-validators: ${v}: ${r.kinds} kinds in ${r.modules} modules, ${(r.bytes / 1024 / 1024).toFixed(1)} MiB`);
  }
  console.log(`build-validators: ${total} modules in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
