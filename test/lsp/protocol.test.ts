/**
 * The language server driven over stdio by a real LSP client
 * (vscode-languageserver-protocol): diagnostics, quick fixes, fix-all,
 * hover, cross-file references to files only on disk, watched files,
 * debouncing and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CodeActionRequest, HoverRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { SEED } from '../helpers/cli.js';
import { LspClient, applyEdits, uri } from '../helpers/lsp-client.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: app-config
                  key: LOG_LEVEL
`;
const CONFIGMAP = (key: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  ${key}: info
`;

let root: string;
let client: LspClient;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'podlint-lsp-'));
  writeFileSync(join(root, 'sidecar.yaml'), readFileSync(join(SEED, 'sidecar-emptydir.yaml'), 'utf8'));
  mkdirSync(join(root, 'app'));
  writeFileSync(join(root, 'app', 'deployment.yaml'), DEPLOYMENT);
  writeFileSync(join(root, 'app', 'configmap.yaml'), CONFIGMAP('LEVEL'));
  for (let i = 0; i < 30; i++) writeFileSync(join(root, 'app', `other-${i}.yaml`), CONFIGMAP(`K${i}`).replace('app-config', `other-${i}`));
  client = new LspClient(root);
  const init = await client.initialize(root);
  expect(init.capabilities.codeActionProvider).toBeTruthy();
  expect(init.capabilities.hoverProvider).toBe(true);
});

afterAll(async () => {
  await client?.close();
  rmSync(root, { recursive: true, force: true });
});

const actions = (u: string, d: Diagnostic, only?: string[]) =>
  client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d], only } }) as Promise<CodeAction[]>;

describe('podlint lsp --stdio', () => {
  it("reports the seed sidecar's mis-indented emptyDir at line 21, fixes it with a quick fix, and the diagnostic goes", async () => {
    const u = uri(join(root, 'sidecar.yaml'));
    const text = readFileSync(join(root, 'sidecar.yaml'), 'utf8');
    await client.open(u, text);
    const diags = await client.diagnostics(u, (ds) => ds.length > 0);
    const mis = diags.find((d) => d.code === 'misindented-field')!;
    expect(mis).toBeDefined();
    expect(mis.range.start).toEqual({ line: 20, character: 4 }); // 21:5, as the CLI reports it
    expect(mis.severity).toBe(1);
    expect(mis.source).toBe('podlint');
    expect(mis.codeDescription?.href).toMatch(/docs\/rules\/misindented-field\.md$/);

    const acts = await actions(u, mis);
    const fix = acts.find((a) => a.title.startsWith('Fix:'))!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.diagnostics?.[0]?.code).toBe('misindented-field');
    expect(acts.some((a) => a.title === 'Disable misindented-field for this line')).toBe(true);
    const fixed = applyEdits(text, fix.edit!.changes![u]!);
    expect(fixed).toContain('    - name: shared\n      emptyDir: {}');
    const n = client.published.length;
    await client.change(u, fixed, 2);
    const after = await client.diagnostics(u, () => true, n);
    expect(after.some((d) => d.code === 'misindented-field')).toBe(false);
    // the writer's relative path is still reported (another rule, same file)
    expect(after.some((d) => d.code === 'mount-path-mismatch')).toBe(true);
  });

  it('checks a ConfigMap key against a ConfigMap that exists only on disk, and re-lints when that file changes', async () => {
    const u = uri(join(root, 'app', 'deployment.yaml'));
    await client.open(u, DEPLOYMENT);
    const diags = await client.diagnostics(u, (ds) => ds.some((d) => d.code === 'dangling-configmap-key'));
    const d = diags.find((x) => x.code === 'dangling-configmap-key')!;
    expect(d.range.start.line).toBe(19); // key: LOG_LEVEL
    expect(d.message).toContain('app-config');
    // the ConfigMap gains the key on disk: the watched-file event re-lints the open Deployment
    writeFileSync(join(root, 'app', 'configmap.yaml'), CONFIGMAP('LOG_LEVEL'));
    const n = client.published.length;
    await client.watched([{ uri: uri(join(root, 'app', 'configmap.yaml')), type: 2 }]);
    const after = await client.diagnostics(u, (ds) => !ds.some((x) => x.code === 'dangling-configmap-key'), n);
    expect(after.filter((x) => x.severity === 1)).toEqual([]);
  });

  it('an open buffer wins over the disk and re-lints the open documents that depend on it', async () => {
    const dep = uri(join(root, 'app', 'deployment.yaml'));
    const cm = uri(join(root, 'app', 'configmap.yaml'));
    const n = client.published.length;
    await client.open(cm, CONFIGMAP('OTHER')); // unsaved edit removes the key again
    await client.diagnostics(dep, (ds) => ds.some((x) => x.code === 'dangling-configmap-key'), n);
  });

  it('hover on a finding shows the rule summary and its documentation link', async () => {
    const u = uri(join(root, 'app', 'deployment.yaml'));
    const d = (await client.diagnostics(u, (ds) => ds.some((x) => x.code === 'dangling-configmap-key'))).find((x) => x.code === 'dangling-configmap-key')!;
    const h = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: d.range.start.line, character: d.range.start.character + 1 } })) as any;
    expect(h.contents.value).toContain('dangling-configmap-key');
    expect(h.contents.value).toContain('docs/rules/dangling-configmap-key.md');
  });

  it('offers "fix all podlint problems in this file" as source.fixAll.podlint', async () => {
    const u = uri(join(root, 'fixall.yaml'));
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: busybox
      volumeMounts:
        - name: dat
          mountPath: /data
  volumes:
  - name: data
  emptyDir: {}
`;
    await client.open(u, text);
    const diags = await client.diagnostics(u, (ds) => ds.length >= 2);
    const acts = await actions(u, diags[0]!, ['source.fixAll.podlint']);
    expect(acts.map((a) => a.kind)).toEqual(['source.fixAll.podlint']);
    const fixed = applyEdits(text, acts[0]!.edit!.changes![u]!);
    expect(fixed).toContain('  - name: data\n    emptyDir: {}');
    expect(fixed).toContain('- name: data\n          mountPath: /data');
    const n = client.published.length;
    await client.change(u, fixed, 2);
    expect(await client.diagnostics(u, () => true, n)).toEqual([]);
  });

  it('a burst of keystrokes is one lint', async () => {
    const u = uri(join(root, 'burst.yaml'));
    const ok = CONFIGMAP('A').replace('app-config', 'burst');
    await client.open(u, ok);
    await client.diagnostics(u);
    const n = client.published.length;
    // 20 edits alternating a duplicate key (an error) and the clean text, ending on the error
    for (let v = 2; v <= 21; v++) await client.change(u, v % 2 ? ok + '  A: again\n' : ok, v);
    const got = await client.diagnostics(u, (ds) => ds.length > 0, n);
    expect(got[0]!.code).toBe('duplicate-key');
    await new Promise((r) => setTimeout(r, 200));
    expect(client.published.slice(n).filter((p) => p.uri === u)).toHaveLength(1);
  });

  it('a document that fails to parse gets its yaml-syntax diagnostic and the server keeps working', async () => {
    const u = uri(join(root, 'broken.yaml'));
    await client.open(u, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [1, 2\n');
    const diags = await client.diagnostics(u, (ds) => ds.length > 0);
    expect(diags[0]!.code).toBe('yaml-syntax');
    await client.open(uri(join(root, 'binary.yaml')), '\u0000\u0001\u0002');
    // still answers: the deployment's diagnostics are re-published on the next change
    const dep = uri(join(root, 'app', 'deployment.yaml'));
    const n = client.published.length;
    await client.change(dep, DEPLOYMENT.replace('name: web\nspec', 'name: web2\nspec'), 5);
    await client.diagnostics(dep, () => true, n);
  });

  it('unused suppressions are tagged Unnecessary', async () => {
    const u = uri(join(root, 'unused.yaml'));
    await client.open(u, '# podlint-disable-next-line unused-volume\n' + CONFIGMAP('A').replace('app-config', 'unused'));
    const diags = await client.diagnostics(u, (ds) => ds.length > 0);
    expect(diags[0]!.code).toBe('unused-suppression');
    expect(diags[0]!.tags).toEqual([1]);
  });
});
