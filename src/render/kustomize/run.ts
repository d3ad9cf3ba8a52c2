/**
 * Render one kustomization with the user's own tool: `kustomize build` when
 * it is on PATH, else `kubectl kustomize`. podlint never changes the user's
 * tree: it writes a wrapper kustomization in a temp folder that lists the
 * target as its only resource and asks for origin annotations
 * (`buildMetadata: [originAnnotations]`), so every rendered object says which
 * file (or generator) it came from. The annotation is removed again before
 * the objects are linted.
 *
 * Never the network, never plugins: remote resources are refused before the
 * renderer runs, no `--enable-alpha-plugins`/`--enable-helm` flag is passed,
 * proxies point nowhere, git may not prompt, and the renderer has a timeout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parseDocument, isMap, isScalar, parse as parseYaml, type Document } from 'yaml';
import { which } from '../which.js';
import { runRenderers } from '../spawn.js';

export interface Renderer {
  /** Display name: `kustomize` or `kubectl kustomize`. */
  name: string;
  argv(dir: string): [string, string[]];
}

export function findKustomizeRenderer(env: NodeJS.ProcessEnv = process.env): Renderer | undefined {
  const k = which('kustomize', env);
  if (k) return { name: 'kustomize', argv: (dir) => [k, ['build', dir]] };
  const kc = which('kubectl', env);
  if (kc) return { name: 'kubectl kustomize', argv: (dir) => [kc, ['kustomize', dir]] };
  return undefined;
}

/** Where a rendered object came from (the `config.kubernetes.io/origin` annotation). */
export interface Origin {
  /** The resource file (absolute). */
  path?: string;
  /** For generated objects: the kustomization that holds the generator (absolute). */
  configuredIn?: string;
  /** The generator's kind (`ConfigMapGenerator`, `SecretGenerator`, a plugin's kind). */
  generator?: string;
}

export interface Rendered {
  /** The objects as YAML, without origin annotations. */
  text: string;
  /** One per document of `text`, in order. */
  origins: (Origin | undefined)[];
  /** Where each document starts in `text`. */
  starts: number[];
}

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export { DEFAULT_RENDER_TIMEOUT_MS } from '../spawn.js';

/** Render several kustomizations (in parallel); results in their order. */
export function renderKustomizations(renderer: Renderer, dirs: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): (Rendered | { error: string })[] {
  const tmps = dirs.map((dir) => {
    const tmp = mkdtempSync(join(tmpdir(), 'podlint-kustomize-'));
    // a relative path: kustomize refuses an absolute resource root
    const rel = relative(tmp, resolve(dir)).split(sep).join('/');
    writeFileSync(join(tmp, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`);
    return tmp;
  });
  try {
    const runs = runRenderers(
      tmps.map((tmp) => {
        const [cmd, args] = renderer.argv(tmp);
        return { name: renderer.name, cmd, args };
      }),
      opts,
    );
    return runs.map((r, i) => (r.ok ? stripOrigins(r.stdout, tmps[i]!) : { error: r.stderr !== undefined ? cleanError(r.stderr, tmps[i]!, dirs[i]!) : r.error }));
  } finally {
    for (const tmp of tmps) rmSync(tmp, { recursive: true, force: true });
  }
}

export function renderKustomization(renderer: Renderer, dir: string, opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Rendered | { error: string } {
  return renderKustomizations(renderer, [dir], opts)[0]!;
}

/** The renderer's message, without klog's prefix and with podlint's temp wrapper out of it. */
function cleanError(stderr: string, tmp: string, dir: string): string {
  let s = stderr.trim();
  const m = /err="((?:[^"\\]|\\.)*)"/.exec(s);
  if (m) s = m[1]!.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  s = s.replace(/^Error: /, '');
  // the wrapper's own layer: "accumulating resources: accumulation err='accumulating resources from '<rel>': ..."
  s = s.replace(/^accumulating resources: accumulation err='accumulating resources from '[^']*': /, '').replace(/'$/, '');
  // kustomize tried the target as a file first, then as a folder: the folder's error is the one
  s = s.replace(/^'[^']*' must resolve to a file': (recursed accumulation of path '[^']*': )?/, '');
  s = s.split(tmp + sep).join('').split(tmp).join(dir);
  const lines = s.split('\n').filter((l) => l.trim());
  return (lines.slice(0, 6).join(' ') || 'failed').slice(0, 2000);
}

/** The origin annotation's value, read (paths made absolute against the wrapper's folder). */
function readOrigin(value: string, wrapperDir: string): Origin | undefined {
  try {
    const v = parseYaml(value, { logLevel: 'silent' }) as any;
    const origin: Origin = {};
    if (typeof v?.path === 'string') origin.path = resolve(wrapperDir, v.path);
    if (typeof v?.configuredIn === 'string') origin.configuredIn = resolve(wrapperDir, v.configuredIn);
    if (typeof v?.configuredBy?.kind === 'string') origin.generator = v.configuredBy.kind;
    return origin;
  } catch {
    return undefined;
  }
}

/**
 * The annotation as kustomize (kyaml) writes it, a block literal under
 * `annotations:` (`    config.kubernetes.io/origin: |` and its deeper lines).
 */
const ORIGIN_BLOCK = /^( +)config\.kubernetes\.io\/origin: \|-?\n((?:\1 +\S.*\n)+)/m;

/** One document: the origin annotation cut out of its text (and an `annotations:` it leaves empty). */
function stripDocument(chunk: string, wrapperDir: string): { text: string; origin?: Origin } | undefined {
  if (!chunk.includes(ORIGIN_ANNOTATION)) return { text: chunk };
  const m = ORIGIN_BLOCK.exec(chunk);
  if (!m) return undefined;
  const indent = m[1]!;
  const value = m[2]!
    .split('\n')
    .map((l) => l.slice(indent.length + 2))
    .join('\n');
  let start = m.index;
  let end = m.index + m[0].length;
  // `annotations:` right above, now with nothing under it: gone too
  const lineAbove = chunk.lastIndexOf('\n', start - 2) + 1;
  const above = chunk.slice(lineAbove, start - 1);
  const rest = chunk.slice(end);
  const nextIndent = /^( *)/.exec(rest)![1]!.length;
  if (above.trim() === 'annotations:' && above.length - above.trimStart().length < indent.length && (rest === '' || nextIndent < indent.length)) start = lineAbove;
  const text = chunk.slice(0, start) + chunk.slice(end);
  if (text.includes(ORIGIN_ANNOTATION)) return undefined;
  return { text, origin: readOrigin(value, wrapperDir) };
}

/** The same through the yaml AST, for output not in kyaml's usual layout. */
function stripDocumentAst(chunk: string, wrapperDir: string): { text: string; origin?: Origin } {
  const d = parseDocument(chunk, { logLevel: 'silent', uniqueKeys: false } as any) as Document.Parsed;
  let origin: Origin | undefined;
  const ann = d.getIn(['metadata', 'annotations'], true);
  if (isMap(ann)) {
    const o = ann.get(ORIGIN_ANNOTATION, true);
    if (isScalar(o) && typeof o.value === 'string') {
      origin = readOrigin(o.value, wrapperDir);
      ann.delete(ORIGIN_ANNOTATION);
      if (ann.items.length === 0) d.deleteIn(['metadata', 'annotations']);
    }
  }
  if (d.directives) d.directives.docStart = null;
  return { text: d.toString({ lineWidth: 0 }), origin };
}

/**
 * Remove the origin annotations (and an `annotations` map they leave empty);
 * return them per document, with where each document starts in the text.
 * Cut out of the text as kustomize wrote it (no parse, no re-serialising:
 * a 6 MB render costs milliseconds), the yaml AST only where the layout is
 * not kyaml's.
 */
export function stripOrigins(text: string, wrapperDir: string): Rendered {
  const chunks = text.split(/^---[ \t]*\n/m).filter((c, i) => i > 0 || c.trim() !== '');
  const origins: (Origin | undefined)[] = [];
  const starts: number[] = [];
  let out = '';
  for (const chunk of chunks) {
    const d = stripDocument(chunk, wrapperDir) ?? stripDocumentAst(chunk, wrapperDir);
    if (out) out += '---\n';
    starts.push(out.length);
    out += d.text.endsWith('\n') || d.text === '' ? d.text : d.text + '\n';
    origins.push(d.origin);
  }
  return { text: out, origins, starts };
}
