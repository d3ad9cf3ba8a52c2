/**
 * editors/vscode/extension.js, loaded as VS Code loads it, against a stand-in
 * `vscode` API and a stand-in `vscode-languageclient/node` whose client, on
 * start(), spawns the server command the extension chose and initializes it
 * over stdio with a real LSP connection (vscode-languageserver-protocol): the
 * wiring is checked end to end without VS Code itself (not installable here).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const EXT = join(ROOT, 'editors', 'vscode');
const dir = mkdtempSync(join(tmpdir(), 'podlint-vscode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// the extension, beside stand-ins for the modules VS Code provides and the client library
cpSync(join(EXT, 'extension.js'), join(dir, 'ext', 'extension.js'));
mkdirSync(join(dir, 'ext', 'node_modules', 'vscode'), { recursive: true });
writeFileSync(
  join(dir, 'ext', 'node_modules', 'vscode', 'index.js'),
  `const state = globalThis.__vscodeState;
module.exports = {
  workspace: {
    getConfiguration: (section) => ({ get: (k) => state.settings[section + '.' + k] }),
    get workspaceFolders() { return state.folders.map((p) => ({ uri: { fsPath: p } })); },
  },
};`,
);
mkdirSync(join(dir, 'ext', 'node_modules', 'vscode-languageclient'), { recursive: true });
writeFileSync(
  join(dir, 'ext', 'node_modules', 'vscode-languageclient', 'node.js'),
  `const { spawn } = require('node:child_process');
const rpc = require(${JSON.stringify(createRequire(import.meta.url).resolve('vscode-languageserver-protocol/node'))});
class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions });
    globalThis.__vscodeState.clients.push(this);
  }
  async start() {
    const s = this.serverOptions.run;
    this.child = spawn(s.command, s.args, { ...(s.options || {}), cwd: globalThis.__vscodeState.folders[0], stdio: ['pipe', 'pipe', 'pipe'] });
    this.conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(this.child.stdout), new rpc.StreamMessageWriter(this.child.stdin));
    this.conn.onRequest(rpc.RegistrationRequest.type, () => null);
    this.conn.onNotification('window/logMessage', () => {});
    this.conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => globalThis.__vscodeState.diagnostics.push(p));
    this.conn.listen();
    const folder = globalThis.__vscodeState.folders[0];
    const uri = require('node:url').pathToFileURL(folder).href;
    this.initializeResult = await this.conn.sendRequest(rpc.InitializeRequest.type, {
      processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'ws' }],
      capabilities: { textDocument: { publishDiagnostics: {} } },
      initializationOptions: this.clientOptions.initializationOptions,
    });
    await this.conn.sendNotification(rpc.InitializedNotification.type, {});
  }
  async stop() {
    try { await this.conn.sendRequest(rpc.ShutdownRequest.type); await this.conn.sendNotification(rpc.ExitNotification.type); } catch {}
    this.conn.dispose();
    this.child.kill();
  }
  dispose() { return this.stop(); }
}
module.exports = { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } };`,
);

interface State {
  settings: Record<string, unknown>;
  folders: string[];
  clients: any[];
  diagnostics: { uri: string; diagnostics: { code?: unknown; range: { start: { line: number } } }[] }[];
}
const state = ((globalThis as any).__vscodeState = { settings: {}, folders: [], clients: [], diagnostics: [] } as State);

function load() {
  const req = createRequire(join(dir, 'ext', 'extension.js'));
  delete req.cache[join(dir, 'ext', 'extension.js')];
  return req(join(dir, 'ext', 'extension.js')) as { activate(ctx: { subscriptions: unknown[] }): Promise<void>; deactivate(): Promise<void> | undefined; serverCommand(): any };
}

describe('VS Code extension (editors/vscode)', () => {
  it('package.json: activates on YAML, points at its main, contributes the settings extension.js reads', () => {
    const pkg = JSON.parse(readFileSync(join(EXT, 'package.json'), 'utf8'));
    expect(pkg.activationEvents).toContain('onLanguage:yaml');
    expect(pkg.main).toBe('./extension.js');
    expect(pkg.dependencies['vscode-languageclient']).toBeTruthy();
    const read = [...readFileSync(join(EXT, 'extension.js'), 'utf8').matchAll(/cfg\.get\('([A-Za-z]+)'\)/g)].map((m) => `podlint.${m[1]}`);
    expect(read.length).toBeGreaterThan(0);
    for (const k of read) expect(Object.keys(pkg.contributes.configuration.properties)).toContain(k);
  });

  it("starts the workspace's podlint on the editor's Node, passes the settings, and the server answers initialize and publishes diagnostics", async () => {
    const ws = join(dir, 'ws');
    mkdirSync(join(ws, 'node_modules'), { recursive: true });
    symlinkSync(ROOT, join(ws, 'node_modules', 'podlint'), 'dir');
    writeFileSync(join(ws, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    volumeMounts:\n    - name: data\n      mountPath: /data\n');
    Object.assign(state, { settings: { 'podlint.configFile': '', 'podlint.debounceMs': 25 }, folders: [ws], clients: [], diagnostics: [] });
    const ext = load();
    const ctx = { subscriptions: [] as unknown[] };
    await ext.activate(ctx);
    const c = state.clients[0];
    expect(ctx.subscriptions).toContain(c);
    expect(c.serverOptions.run.command).toBe(process.execPath);
    expect(c.serverOptions.run.args).toEqual([join(ws, 'node_modules', 'podlint', 'bin', 'podlint.js'), 'lsp', '--stdio']);
    expect(c.serverOptions.run.options.env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(c.clientOptions.documentSelector).toContainEqual({ scheme: 'file', language: 'yaml' });
    expect(c.clientOptions.initializationOptions).toEqual({ configFile: undefined, debounceMs: 25 });
    expect(c.initializeResult.capabilities.codeActionProvider).toBeTruthy();
    expect(c.initializeResult.capabilities.hoverProvider).toBe(true);
    // the server indexed the workspace; opening the file publishes its diagnostic
    const { DidOpenTextDocumentNotification } = await import('vscode-languageserver-protocol/node');
    const { pathToFileURL } = await import('node:url');
    const u = pathToFileURL(join(ws, 'pod.yaml')).href;
    await c.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'yaml', version: 1, text: readFileSync(join(ws, 'pod.yaml'), 'utf8') } });
    const deadline = Date.now() + 20_000;
    while (!state.diagnostics.some((p) => p.uri === u && p.diagnostics.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const got = state.diagnostics.filter((p) => p.uri === u && p.diagnostics.length).pop();
    expect(got?.diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`)).toEqual(['10 volume-mount-missing-volume']);
    await ext.deactivate();
  }, 60_000);

  it('podlint.path wins; without a workspace install it runs the podlint command', () => {
    Object.assign(state, { settings: { 'podlint.path': '/opt/podlint/bin/podlint.js' }, folders: [join(dir, 'empty')], clients: [] });
    let ext = load();
    expect(ext.serverCommand()).toMatchObject({ command: process.execPath, args: ['/opt/podlint/bin/podlint.js', 'lsp', '--stdio'] });
    Object.assign(state, { settings: {}, folders: [join(dir, 'empty')] });
    ext = load();
    expect(ext.serverCommand()).toEqual({ command: 'podlint', args: ['lsp', '--stdio'] });
  });
});
