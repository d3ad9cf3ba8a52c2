/**
 * A real LSP client over stdio for tests: vscode-languageserver-protocol's
 * connection (vscode-jsonrpc) talking to `node bin/podlint.js lsp --stdio`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  ExitNotification,
  type ProtocolConnection,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { BIN } from './cli.js';

export const uri = (p: string) => pathToFileURL(p).href;

export class LspClient {
  readonly conn: ProtocolConnection;
  readonly child: ChildProcess;
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: { pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';

  constructor(cwd: string) {
    this.child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => (w.pred(p) ? (w.resolve(p), false) : true));
    });
    this.conn.onRequest(RegistrationRequest.type, () => null);
    this.conn.onNotification('window/logMessage', () => {});
    this.conn.listen();
  }

  async initialize(root: string, options: Record<string, unknown> = { debounceMs: 20 }) {
    const r = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri(root),
      workspaceFolders: [{ uri: uri(root), name: 'ws' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {} } },
      initializationOptions: options,
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    return r;
  }

  /** The next diagnostics published for `u` that satisfy `pred` (including ones already received after `since`). */
  diagnostics(u: string, pred: (d: Diagnostic[]) => boolean = () => true, since = 0, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const hit = this.published.slice(since).find((p) => p.uri === u && pred(p.diagnostics));
    if (hit) return Promise.resolve(hit.diagnostics);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching diagnostics for ${u} in ${timeoutMs} ms; got ${JSON.stringify(this.published.filter((p) => p.uri === u).map((p) => p.diagnostics.map((d) => d.code)))}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ pred: (p) => p.uri === u && pred(p.diagnostics), resolve: (p) => (clearTimeout(t), resolve(p.diagnostics)) });
    });
  }

  open(u: string, text: string, version = 1) {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'yaml', version, text } });
  }

  change(u: string, text: string, version: number) {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version }, contentChanges: [{ text }] });
  }

  watched(changes: { uri: string; type: 1 | 2 | 3 }[]) {
    return this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async close() {
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    await new Promise((r) => (this.child.exitCode !== null ? r(null) : this.child.once('exit', r)));
  }
}

/** Apply LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  for (const e of sorted) text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  return text;
}
