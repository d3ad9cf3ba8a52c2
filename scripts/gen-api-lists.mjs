#!/usr/bin/env node
// Generates the list-semantics table of the api-validation room
// (schemas/api-validation/lists-v<version>.json, committed) from the
// Kubernetes OpenAPI v2 spec in ../shared/k8s-openapi/ (or the file given as
// the first argument):
//
//   npm run gen:api-lists [-- path/to/swagger-v1.36.json.gz]
//
// The spec marks lists whose entries the API server keys
// (`x-kubernetes-list-type: map` with `x-kubernetes-list-map-keys`) or keeps
// unique (`x-kubernetes-list-type: set`). The table keeps only the part of the
// definition graph that leads to such a list: per definition, the properties
// that are such a list, or reach one through a `$ref` (directly, as array
// items, or as map values). `status` is left out (kubectl apply ignores it).
// src/apivalidation/lists.ts walks objects along this table.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = process.argv[2] ?? join(root, '..', 'shared', 'k8s-openapi', 'swagger-v1.36.json.gz');
const raw = readFileSync(src);
const doc = JSON.parse((src.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
const version = /v(\d+\.\d+)/.exec(src)?.[1] ?? '1.36';
const defs = doc.definitions;
const refName = (s) => (s && typeof s.$ref === 'string' ? s.$ref.slice(s.$ref.lastIndexOf('/') + 1) : undefined);

/** property schema -> { ref, shape } where shape: '' (object), 'a' (array items), 'm' (map values) */
function target(p) {
  if (refName(p)) return { ref: refName(p), shape: '' };
  if (p.type === 'array' && p.items) {
    const r = refName(p.items) ?? refName(p.items.allOf?.[0]);
    if (r) return { ref: r, shape: 'a' };
  }
  if (p.type === 'object' && p.additionalProperties && refName(p.additionalProperties)) return { ref: refName(p.additionalProperties), shape: 'm' };
  return undefined;
}

// fixpoint: which definitions lead to a keyed list
const leads = new Set();
let changed = true;
while (changed) {
  changed = false;
  for (const [name, d] of Object.entries(defs)) {
    if (leads.has(name)) continue;
    for (const [prop, p] of Object.entries(d.properties ?? {})) {
      if (prop === 'status') continue;
      const lt = p['x-kubernetes-list-type'];
      const t = target(p);
      if (lt === 'map' || lt === 'set' || (t && leads.has(t.ref))) {
        leads.add(name);
        changed = true;
        break;
      }
    }
  }
}
const out = {};
for (const name of [...leads].sort()) {
  const entry = {};
  for (const [prop, p] of Object.entries(defs[name].properties ?? {})) {
    if (prop === 'status') continue;
    const lt = p['x-kubernetes-list-type'];
    const t = target(p);
    const e = {};
    if (t && leads.has(t.ref)) {
      e.ref = t.ref;
      if (t.shape) e.shape = t.shape;
    }
    if (lt === 'map') e.keys = p['x-kubernetes-list-map-keys'] ?? [];
    else if (lt === 'set') e.set = true;
    if (Object.keys(e).length) entry[prop] = e;
  }
  out[name] = entry;
}
const file = join(root, 'schemas', 'api-validation', `lists-v${version}.json`);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify({ kubernetesVersion: version, definitions: out }) + '\n');
console.log(`gen-api-lists: ${Object.keys(out).length} definitions -> ${file}`);
