// podlint for VS Code: starts `podlint lsp --stdio` and connects VS Code's LSP client to it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/** podlint's bin/podlint.js: the setting, the workspace's node_modules, else the `podlint` command. */
function serverCommand() {
  const cfg = vscode.workspace.getConfiguration('podlint');
  const explicit = cfg.get('path');
  if (explicit) return { command: process.execPath, args: [explicit, 'lsp', '--stdio'], options: { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } } };
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const bin = join(f.uri.fsPath, 'node_modules', 'podlint', 'bin', 'podlint.js');
    if (existsSync(bin)) return { command: 'node', args: [bin, 'lsp', '--stdio'] };
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

module.exports = { activate, deactivate };
