// podlint for VS Code: starts `podlint lsp --stdio` and connects VS Code's LSP client to it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/**
 * podlint's bin/podlint.js: the setting, the workspace's node_modules, else
 * the `podlint` command. A script runs on the editor's own Node
 * (ELECTRON_RUN_AS_NODE), so no `node` needs to be on the PATH VS Code was
 * started with (a Dock or Start-menu launch often has none).
 */
function serverCommand() {
  const cfg = vscode.workspace.getConfiguration('podlint');
  const onEditorNode = (bin) => ({ command: process.execPath, args: [bin, 'lsp', '--stdio'], options: { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } } });
  const explicit = cfg.get('path');
  if (explicit) return onEditorNode(explicit);
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const bin = join(f.uri.fsPath, 'node_modules', 'podlint', 'bin', 'podlint.js');
    if (existsSync(bin)) return onEditorNode(bin);
  }
  return { command: 'podlint', args: ['lsp', '--stdio'] };
}

function activate(context) {
  const cfg = vscode.workspace.getConfiguration('podlint');
  const server = { ...serverCommand(), transport: TransportKind.stdio };
  client = new LanguageClient(
    'podlint',
    'podlint',
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', pattern: '**/*.json' },
      ],
      initializationOptions: { configFile: cfg.get('configFile') || undefined, debounceMs: cfg.get('debounceMs') },
      synchronize: { configurationSection: 'podlint' },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverCommand };
