/**
 * editors/vscode/: the extension's activate() against a fake `vscode` module
 * and a recording LanguageClient (VS Code itself is not available here): the
 * server it starts in each of its three ways, the documents it selects, the
 * settings it passes; its manifest's settings are the ones it reads; and the
 * command it builds from `podlint.path` really starts podlint's server, which
 * answers `initialize` over stdio.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../helpers/cli.js';

const EXT = join(ROOT, 'editors', 'vscode');
const require = createRequire(import.meta.url);
const Module = require('node:module') as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };

interface Recorded {
  id: string;
  name: string;
  server: { run: any; debug: any };
  client: any;
  started: number;
  stopped: number;
}

/** Load extension.js with `vscode` and `vscode-languageclient/node` replaced by fakes. */
function loadExtension(settings: Record<string, unknown>, folders: string[]) {
  const clients: Recorded[] = [];
  const vscode = {
    workspace: {
      getConfiguration: (section: string) => ({ get: (key: string) => (section === 'podlint' ? settings[key] : undefined) }),
      workspaceFolders: folders.map((f) => ({ uri: { fsPath: f } })),
    },
  };
  class LanguageClient {
    rec: Recorded;
    constructor(id: string, name: string, server: Recorded['server'], client: unknown) {
      this.rec = { id, name, server, client, started: 0, stopped: 0 };
      clients.push(this.rec);
    }
    start() {
      this.rec.started++;
      return Promise.resolve();
    }
    stop() {
      this.rec.stopped++;
      return Promise.resolve();
    }
    dispose() {}
  }
  const fakes: Record<string, unknown> = { vscode, 'vscode-languageclient/node': { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } } };
  const load = Module._load;
  Module._load = (request, parent, isMain) => (request in fakes ? fakes[request] : load(request, parent, isMain));
  try {
    const path = require.resolve(join(EXT, 'extension.js'));
    delete require.cache[path];
    return { ext: require(path) as { activate: (ctx: unknown) => Promise<void>; deactivate: () => unknown }, clients };
  } finally {
    Module._load = load;
  }
}

const tmp: string[] = [];
afterEach(() => {
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('editors/vscode extension', () => {
  it('its manifest activates on YAML, points at extension.js and declares the settings the code reads', () => {
    const pkg = JSON.parse(readFileSync(join(EXT, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('./extension.js');
    expect(pkg.activationEvents).toContain('onLanguage:yaml');
    expect(Object.keys(pkg.dependencies)).toContain('vscode-languageclient');
    const code = readFileSync(join(EXT, 'extension.js'), 'utf8');
    const read = [...code.matchAll(/cfg\.get\('([A-Za-z]+)'\)/g)].map((m) => `podlint.${m[1]}`);
    expect(new Set(read)).toEqual(new Set(Object.keys(pkg.contributes.configuration.properties)));
  });

  it('with podlint.path: runs that bin/podlint.js with the editor’s node, for YAML and JSON files, passing the settings', async () => {
    const { ext, clients } = loadExtension({ path: '/opt/podlint/bin/podlint.js', configFile: '/w/podlint.config.yaml', debounceMs: 300 }, []);
    const context = { subscriptions: [] as unknown[] };
    await ext.activate(context);
    expect(clients).toHaveLength(1);
    const c = clients[0]!;
    expect([c.id, c.name, c.started]).toEqual(['podlint', 'podlint', 1]);
    expect(c.server.run).toMatchObject({ command: process.execPath, args: ['/opt/podlint/bin/podlint.js', 'lsp', '--stdio'], transport: 0 });
    expect(c.server.run.options.env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(c.server.debug).toEqual(c.server.run);
    expect(c.client.documentSelector).toEqual([
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', pattern: '**/*.json' },
    ]);
    expect(c.client.initializationOptions).toEqual({ configFile: '/w/podlint.config.yaml', debounceMs: 300 });
    expect(c.client.synchronize).toEqual({ configurationSection: 'podlint' });
    expect(context.subscriptions).toHaveLength(1);
    await ext.deactivate();
    expect(c.stopped).toBe(1);
  });

  it('without the setting: the workspace’s node_modules/podlint, else `podlint` on PATH', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'podlint-vscode-'));
    tmp.push(ws);
    const bare = mkdtempSync(join(tmpdir(), 'podlint-vscode-'));
    tmp.push(bare);
    const bin = join(ws, 'node_modules', 'podlint', 'bin', 'podlint.js');
    mkdirSync(join(ws, 'node_modules', 'podlint', 'bin'), { recursive: true });
    writeFileSync(bin, '');
    let { ext, clients } = loadExtension({ path: '', configFile: '', debounceMs: 150 }, [bare, ws]);
    await ext.activate({ subscriptions: [] });
    expect(clients[0]!.server.run).toMatchObject({ command: 'node', args: [bin, 'lsp', '--stdio'] });
    expect(clients[0]!.client.initializationOptions).toEqual({ configFile: undefined, debounceMs: 150 });
    ({ ext, clients } = loadExtension({}, [bare]));
    await ext.activate({ subscriptions: [] });
    expect(clients[0]!.server.run).toMatchObject({ command: 'podlint', args: ['lsp', '--stdio'] });
  });

  it('the command it builds from podlint.path starts podlint’s language server', async () => {
    const { ext, clients } = loadExtension({ path: join(ROOT, 'bin', 'podlint.js') }, []);
    await ext.activate({ subscriptions: [] });
    const run = clients[0]!.server.run;
    const ws = mkdtempSync(join(tmpdir(), 'podlint-vscode-'));
    tmp.push(ws);
    const child = spawn(run.command, run.args, { cwd: ws, env: run.options.env, stdio: ['pipe', 'pipe', 'ignore'] });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    conn.onRequest('client/registerCapability', () => null);
    conn.onNotification('window/logMessage', () => {});
    conn.listen();
    try {
      const init: any = await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).href, workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }], capabilities: {}, initializationOptions: clients[0]!.client.initializationOptions });
      expect(init.capabilities.codeActionProvider).toBeTruthy();
      expect(init.capabilities.hoverProvider).toBeTruthy();
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
    } finally {
      conn.dispose();
      child.kill();
    }
  }, 60_000);
});
