#!/usr/bin/env node
/**
 * The language server's responsiveness: `node bench/lsp.mjs` (see docs/editor.md).
 *
 * Writes a synthetic workspace (bench/gen-synthetic.mjs, 8,000 resources in
 * about 2,000 files) plus one file of 100 resources, starts
 * `podlint lsp --stdio` with a real LSP client (vscode-languageserver-protocol),
 * and measures: the first index (initialize -> first diagnostics), the time
 * from a change of the 100-resource file to its diagnostics (debounce 0, many
 * edits: median and 95th percentile), and the server's resident memory before
 * and after thousands of edits, sampled through the soak.
 *
 * usage: node bench/lsp.mjs [--resources 8000] [--edits 200] [--soak 2000] [--edit duplicate-key|mount]
 *
 * Each edit appends a document whose finding changes with the edit, so every
 * edit publishes: `duplicate-key` (default) a ConfigMap with a repeated key
 * (podlint's fast reader leaves such a file to yaml's full parser), `mount` a
 * Pod mounting a volume it does not define (the fast reader takes the file).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { generateCorpus } from './gen-synthetic.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RESOURCES = arg('resources', 8000);
const EDITS = arg('edits', 200);
const SOAK = arg('soak', 2000);
const EDIT = (() => {
  const i = process.argv.indexOf('--edit');
  return i > 0 ? process.argv[i + 1] : 'duplicate-key';
})();
if (EDIT !== 'duplicate-key' && EDIT !== 'mount') throw new Error(`--edit: duplicate-key or mount, not ${EDIT}`);

const ws = mkdtempSync(join(tmpdir(), 'podlint-lsp-bench-'));
const corpus = generateCorpus({ resources: RESOURCES });
for (const f of corpus.files) {
  mkdirSync(dirname(join(ws, f.path)), { recursive: true });
  writeFileSync(join(ws, f.path), f.text);
}
// One file of 100 resources: whole apps of another generated corpus, renamed so they do not collide.
const extra = generateCorpus({ resources: 100, seed: 'lsp-bench-100' });
const big = extra.files.map((f) => f.text.replace(/^---\n/, '')).join('\n---\n').replace(/name: ([a-z])/g, 'name: big-$1');
const bigPath = join(ws, 'big', 'hundred.yaml');
mkdirSync(dirname(bigPath), { recursive: true });
writeFileSync(bigPath, big);
const files = corpus.files.length + 1;

const child = spawn(process.execPath, [join(ROOT, 'bin', 'podlint.js'), 'lsp', '--stdio'], { cwd: ws, stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let waiting;
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  if (waiting && p.uri === waiting.uri && (p.version === undefined || p.version === waiting.version)) {
    const w = waiting;
    waiting = undefined;
    w.resolve(p);
  }
});
conn.onRequest('client/registerCapability', () => null);
conn.onNotification('window/logMessage', () => {});
conn.listen();
const next = (uri, version) => new Promise((resolve) => (waiting = { uri, version, resolve }));
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const uri = pathToFileURL(bigPath).href;
const t0 = performance.now();
await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).href, workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'bench' }], capabilities: {}, initializationOptions: { debounceMs: 0 } });
await conn.sendNotification('initialized', {});
let p = next(uri, 1);
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: big } });
const first = await p;
const indexMs = performance.now() - t0;

const times = [];
let version = 1;
const edit = async (i) => {
  version++;
  // a finding that changes on every edit, so each edit publishes
  const text =
    EDIT === 'mount'
      ? big + `\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: edit\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    volumeMounts:\n    - name: v${version}\n      mountPath: /data\n`
      : big + `\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: edit\ndata:\n  k${version}: a\n  k${version}: b\n`;
  const pr = next(uri, version);
  const s = performance.now();
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  await pr;
  return performance.now() - s;
};
for (let i = 0; i < 10; i++) await edit(i); // warm-up
for (let i = 0; i < EDITS; i++) times.push(await edit(i));
times.sort((a, b) => a - b);
const rssBefore = rss();
// resident memory every SOAK/8 edits: a bounded server levels off, a leak keeps climbing
const series = [Math.round(rssBefore)];
for (let i = 0; i < SOAK; i++) {
  await edit(i);
  if ((i + 1) % Math.max(1, Math.floor(SOAK / 8)) === 0) series.push(Math.round(rss()));
}
const rssAfter = rss();
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
conn.dispose();
rmSync(ws, { recursive: true, force: true });

const q = (x) => times[Math.min(times.length - 1, Math.floor(x * times.length))].toFixed(1);
console.log(`workspace: ${files} files, ${RESOURCES + extra.stats.resources} resources; the edited file: 100 resources (${first.diagnostics.length} findings)`);
console.log(`first index (initialize -> first diagnostics): ${Math.round(indexMs)} ms`);
console.log(`re-lint of the 100-resource file after a change (${EDIT} edit): median ${q(0.5)} ms, p95 ${q(0.95)} ms (${EDITS} edits)`);
console.log(`server RSS: ${Math.round(rssBefore)} MB after ${EDITS + 10} edits, ${Math.round(rssAfter)} MB after ${SOAK} more`);
console.log(`server RSS every ${Math.max(1, Math.floor(SOAK / 8))} edits of the soak (MB): ${series.join(' ')}`);
