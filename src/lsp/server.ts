/**
 * `podlint lsp --stdio`: podlint as a Language Server Protocol server.
 *
 * Each workspace folder is a Workspace (same discovery, ignore files and
 * configuration as the CLI). Opening or editing a document re-lints it —
 * debounced, so a burst of keystrokes is one lint — against the workspace
 * (open buffers win over disk), and re-lints the other open documents whose
 * findings may depend on it; diagnostics are published only when they change.
 * Code actions: each fix and suggestion as a quick fix, "disable <rule> for
 * this line", and "fix all podlint problems" (source.fixAll.podlint). Hover on
 * a finding shows its rule's summary and a link to its page.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Diagnostic,
  type CodeAction,
  type Hover,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace } from './workspace.js';
import { toDiagnostic, type Published } from './convert.js';
import { codeActions } from './actions.js';
import { hoverFor } from './hover.js';
import type { FileResult } from '../engine/lint.js';

export const FIX_ALL_KIND = 'source.fixAll.podlint';
const CONFIG_FILES = /(^|[\\/])(podlint\.config\.ya?ml|\.podlintrc(\.ya?ml|\.json)?|\.podlintignore)$/;

export interface ServerSettings {
  /** Milliseconds between the last change and the lint (default 150). */
  debounceMs?: number;
  /** A configuration file to use instead of the nearest one. */
  configFile?: string;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const workspaces: Workspace[] = [];
  const published = new Map<string, Published>();
  const timers = new Map<string, NodeJS.Timeout>();
  let settings: ServerSettings = {};
  let ready = false;
  let watchRegistration = false;
  let folderEvents = false;

  const log = (msg: string) => connection.console.log(`podlint: ${msg}`);
  const guard = <A extends unknown[], R>(what: string, fn: (...a: A) => R, fallback: R) => (...a: A): R => {
    try {
      return fn(...a);
    } catch (e) {
      connection.console.error(`podlint: ${what} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };

  const pathOf = (uri: string): string | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return resolve(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  };
  const uriOf = (path: string) => pathToFileURL(path).href;
  const workspaceOf = (path: string): Workspace | undefined => {
    let best: Workspace | undefined;
    for (const w of workspaces) if (w.contains(path) && (!best || w.root.length > best.root.length)) best = w;
    return best;
  };

  /** A document outside every workspace folder is linted on its own, with the configuration found from its folder. */
  const loose = new Map<string, Workspace>();
  const workspaceFor = (path: string): Workspace => {
    const w = workspaceOf(path);
    if (w) return w;
    let l = loose.get(path);
    if (!l) {
      l = new Workspace(resolve(path, '..'), { configPath: settings.configFile });
      loose.set(path, l);
    }
    return l;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    settings = { ...(params.initializationOptions as ServerSettings | undefined) };
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    for (const uri of folders) {
      const p = pathOf(uri);
      if (p) workspaces.push(new Workspace(p, { configPath: settings.configFile }));
    }
    watchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    folderEvents = !!params.capabilities.workspace?.workspaceFolders;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'podlint' },
    };
  });

  connection.onInitialized(
    guard(
      'initialize',
      () => {
        const t0 = performance.now();
        for (const w of workspaces) {
          w.index();
          if (w.configError) connection.window.showErrorMessage(`podlint: ${w.configError}`);
        }
        log(`indexed ${workspaces.reduce((n, w) => n + w.size, 0)} files in ${Math.round(performance.now() - t0)} ms`);
        ready = true;
        if (folderEvents) watchFolders();
        if (watchRegistration) {
          void connection.client.register(DidChangeWatchedFilesNotification.type, {
            watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/{.podlintignore,.podlintrc,.podlintrc.yaml,.podlintrc.yml,.podlintrc.json,podlint.config.yaml,podlint.config.yml}' }],
          });
        }
        for (const d of documents.all()) lintNow(d.uri);
      },
      undefined,
    ),
  );

  /** Lint one open document and publish; then the other open documents whose findings may have changed. */
  const lintNow = guard(
    'lint',
    (uri: string, cascade = true): void => {
      const doc = documents.get(uri);
      const path = pathOf(uri);
      if (!doc || !path) return;
      const w = workspaceFor(path);
      w.setOpen(path, doc.getText());
      publish(uri, w.lint(path));
      if (!cascade) return;
      const affected = w.dependents(path);
      for (const other of documents.all()) {
        if (other.uri === uri) continue;
        const op = pathOf(other.uri);
        if (op && affected.has(op)) lintNow(other.uri, false);
      }
    },
    undefined,
  );

  const schedule = (uri: string) => {
    if (!ready) return;
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        lintNow(uri);
      }, settings.debounceMs ?? 150),
    );
  };

  const publish = (uri: string, result: FileResult | undefined) => {
    const diagnostics: Diagnostic[] = result ? result.findings.map((f, i) => toDiagnostic(f, i)) : [];
    const key = JSON.stringify(diagnostics);
    const prev = published.get(uri);
    published.set(uri, { result, key, version: documents.get(uri)?.version });
    if (prev?.key === key) return;
    void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics });
  };

  const relintOpen = () => {
    for (const d of documents.all()) lintNow(d.uri, false);
  };

  documents.onDidOpen((e) => (ready ? lintNow(e.document.uri) : undefined));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose(
    guard(
      'close',
      (e: { document: TextDocument }) => {
        const path = pathOf(e.document.uri);
        clearTimeout(timers.get(e.document.uri));
        timers.delete(e.document.uri);
        if (path) {
          const w = workspaceFor(path);
          const affected = w.dependents(path);
          w.close(path);
          loose.delete(path);
          for (const d of documents.all()) if (d.uri !== e.document.uri && affected.has(pathOf(d.uri) ?? '')) lintNow(d.uri, false);
        }
        published.delete(e.document.uri);
        void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      },
      undefined,
    ),
  );

  connection.onDidChangeWatchedFiles(
    guard(
      'watched files',
      (p: { changes: { uri: string; type: number }[] }) => {
        let reconfigure = false;
        for (const c of p.changes) {
          const path = pathOf(c.uri);
          if (!path) continue;
          if (CONFIG_FILES.test(path)) {
            reconfigure = true;
            continue;
          }
          workspaceOf(path)?.diskChanged(path, c.type === 3 /* Deleted */);
        }
        if (reconfigure) reconfigureAll();
        else relintOpen();
      },
      undefined,
    ),
  );

  const reconfigureAll = () => {
    for (const w of workspaces) {
      w.setOptions({ configPath: settings.configFile });
      w.index();
      if (w.configError) connection.window.showErrorMessage(`podlint: ${w.configError}`);
    }
    loose.clear();
    relintOpen();
  };

  connection.onDidChangeConfiguration(
    guard(
      'configuration',
      (p: { settings?: { podlint?: ServerSettings } }) => {
        const s = p.settings?.podlint;
        if (s) settings = { ...settings, ...s };
        reconfigureAll();
      },
      undefined,
    ),
  );

  const watchFolders = () =>
    connection.workspace.onDidChangeWorkspaceFolders(
    guard(
      'workspace folders',
      (e: { added: { uri: string }[]; removed: { uri: string }[] }) => {
        for (const r of e.removed) {
          const p = pathOf(r.uri);
          const i = workspaces.findIndex((w) => w.root === p);
          if (i >= 0) workspaces.splice(i, 1);
        }
        for (const a of e.added) {
          const p = pathOf(a.uri);
          if (!p) continue;
          const w = new Workspace(p, { configPath: settings.configFile });
          w.index();
          workspaces.push(w);
        }
        relintOpen();
      },
      undefined,
    ),
  );

  connection.onCodeAction(
    guard(
      'code action',
      (params): CodeAction[] => {
        const doc = documents.get(params.textDocument.uri);
        const path = pathOf(params.textDocument.uri);
        const pub = published.get(params.textDocument.uri);
        if (!doc || !path || !pub?.result) return [];
        return codeActions({ doc, path, workspace: workspaceFor(path), result: pub.result, params });
      },
      [],
    ),
  );

  connection.onHover(
    guard(
      'hover',
      (params): Hover | null => {
        const pub = published.get(params.textDocument.uri);
        const doc = documents.get(params.textDocument.uri);
        if (!pub?.result || !doc) return null;
        return hoverFor(pub.result, doc, params.position);
      },
      null,
    ),
  );

  documents.listen(connection);
  connection.listen();
  return connection;
}
