/**
 * Where a node of a rendered kustomization came from. Each rendered object
 * carries its origin (the resource file, or the kustomization whose
 * generator made it); the node is then looked up, by a path whose list items
 * are named by merge key, in the patches of the tree that target the object
 * and in the resource file itself:
 *
 * - a leaf value (or a key holding one) goes to the last patch that sets it,
 *   else to the resource file: the overlay's `image:` wins over the base's;
 * - a mapping or list goes to the file that first wrote it: the base's
 *   container, unless a patch added the whole container;
 * - a JSON 6902 operation owns what lies under its `path`;
 * - a generated ConfigMap/Secret key goes to its `literals:` entry, its
 *   `files:` entry (into the file itself, line for line, when the value is
 *   that file's text) or its `envs:` file line;
 * - only an ancestor found: the deepest one; nothing: the top kustomization,
 *   with the rendered object and path in the message.
 */
import { basename, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { scalarOffset } from '../../load/nodes.js';
import type { Sources, Source } from '../sources.js';
import { landOn, type Landing } from '../landing.js';
import { nodeAt, selectorPath, walkSel, indexAt, rangeOfNode, describePath, type SelPath, type At } from '../yamlpath.js';
import type { Kustomization, PatchRef, Target } from './files.js';
import type { Origin } from './run.js';

interface Candidate {
  src: Source;
  root: Node;
  /** Inline patch: its text and the map of its offsets into the kustomization file. */
  own?: { text: string; toFile: (o: number) => number };
  /** JSON 6902: the operation's path (segments) and value node. */
  op?: { path: (string | number)[]; value?: Node; node: Node };
  base: boolean;
}

export interface Placed {
  landing?: Landing;
  /** No source known: said in the message, placed on the top kustomization. */
  note?: string;
}

export class KustomizeOrigins {
  private inlineDocs = new Map<Node, { text: string; docs: Document.Parsed[] }>();

  constructor(
    private ks: Kustomization[],
    private sources: Sources,
  ) {}

  /** Place the rendered node `at` of an object with `origin`. */
  place(origin: Origin | undefined, renderedRoot: Node, at: At, renderedText: string): Placed {
    const kind = str(getIn(renderedRoot, ['kind']));
    const name = str(getIn(renderedRoot, ['metadata', 'name']));
    const rendered = { text: renderedText, node: at.node, pair: at.pair };
    const label = `${kind ?? 'object'}/${name ?? ''}`;
    const where = at.path.length ? ` at ${describePath(at.path)}` : '';
    if (!origin) return { note: `in the rendered ${label}${where}` };
    if (origin.configuredIn) {
      const l = this.generated(origin, kind, name, at, rendered);
      return l ? { landing: l } : { note: `in the generated ${label}${where}` };
    }
    if (!origin.path) return { note: `in the rendered ${label}${where}` };
    const baseSrc = this.sources.get(origin.path);
    const baseRoot = baseSrc ? this.baseDoc(baseSrc, kind, name) : undefined;
    const baseName = baseRoot ? str(getIn(baseRoot, ['metadata', 'name'])) : undefined;
    const labels = getIn(renderedRoot, ['metadata', 'labels']);
    const cands: Candidate[] = [];
    for (const k of this.ks) {
      for (const p of [...k.patches].reverse()) cands.push(...this.patchCandidates(p, kind, name, baseName, labels));
    }
    if (baseSrc && baseRoot) cands.push({ src: baseSrc, root: baseRoot, base: true });
    if (cands.length === 0) return { note: `in the rendered ${label}${where}` };
    const sel = selectorPath(renderedRoot, at.path);
    const leaf = isScalar(at.node) || at.onKey && !isCollection(at.pair?.value);
    const full: { c: Candidate; f: ReturnType<typeof walkSel> }[] = [];
    let best: { c: Candidate; f: ReturnType<typeof walkSel>; depth: number } | undefined;
    for (const c of cands) {
      let f: ReturnType<typeof walkSel>;
      let depth: number;
      if (c.op) {
        const n = prefixLength(c.op.path, at.path, sel, c.op.value);
        if (n < 0 || !c.op.value) continue;
        f = walkSel(c.op.value, sel.slice(n));
        depth = n + f.depth;
        if (f.depth === sel.length - n) full.push({ c, f });
        else if (f.depth === 0) f = { depth: 0, node: c.op.node };
      } else {
        f = walkSel(c.root, sel);
        depth = f.depth;
        if (f.depth === sel.length) full.push({ c, f });
      }
      if (!best || depth > best.depth || (depth === best.depth && c.base)) best = { c, f, depth };
    }
    const pick = full.length ? (leaf ? full[0]! : full[full.length - 1]!) : undefined;
    if (pick) {
      const l = landOn(pick.c.src, pick.f, true, at.onKey, rendered, pick.c.own);
      if (l) return { landing: l };
    }
    if (best && best.depth > 0) {
      const l = landOn(best.c.src, best.f, false, at.onKey, rendered, best.c.own);
      if (l) return { landing: l };
    }
    if (baseSrc && baseRoot) {
      const r = rangeOfNode(isMap(baseRoot) ? (baseRoot.items[0]?.key as Node) : baseRoot);
      if (r) return { landing: { src: baseSrc, range: r, exact: false }, note: `in the rendered ${label}${where}` };
    }
    return { note: `in the rendered ${label}${where}` };
  }

  /** The name the object has in its source (the base's `metadata.name`, the generator's `name`), if known. */
  sourceName(origin: Origin | undefined, kind: string | undefined, name: string | undefined): string | undefined {
    if (!origin || name === undefined) return undefined;
    if (origin.configuredIn) {
      const k = this.ks.find((x) => x.path === origin.configuredIn);
      return k?.generators.filter((g) => g.kind === kind && name.includes(g.name)).sort((a, b) => b.name.length - a.name.length)[0]?.name;
    }
    const src = origin.path ? this.sources.get(origin.path) : undefined;
    const root = src ? this.baseDoc(src, kind, name) : undefined;
    return root ? str(getIn(root, ['metadata', 'name'])) : undefined;
  }

  /** The document of a resource file that became the rendered object. */
  private baseDoc(src: Source, kind: string | undefined, renderedName: string | undefined): Node | undefined {
    const roots = src
      .docs()
      .map((d) => d.contents as Node | null)
      .filter((n): n is Node => !!n && isMap(n) && str(getIn(n, ['kind'])) === kind);
    if (roots.length <= 1) return roots[0];
    let best: Node | undefined;
    let len = -1;
    for (const r of roots) {
      const n = str(getIn(r, ['metadata', 'name'])) ?? '';
      if (renderedName !== undefined && renderedName.includes(n) && n.length > len) (best = r), (len = n.length);
    }
    return best;
  }

  private patchCandidates(p: PatchRef, kind: string | undefined, name: string | undefined, baseName: string | undefined, labels: Node | undefined): Candidate[] {
    if (p.target && !targets(p.target, kind, name, baseName, labels)) return [];
    const ksrc = this.sources.get(p.kustomization.path);
    let docs: { src: Source; docs: Document.Parsed[]; own?: Candidate['own'] } | undefined;
    if (p.file) {
      const f = this.patchFile(p.file);
      if (f) docs = f;
    } else if (p.inline && ksrc && isScalar(p.inline) && typeof p.inline.value === 'string') {
      const inline = p.inline;
      let cached = this.inlineDocs.get(inline);
      if (!cached) this.inlineDocs.set(inline, (cached = { text: inline.value as string, docs: parseAllDocuments(inline.value as string, { logLevel: 'silent' } as any) as Document.Parsed[] }));
      const ownText = cached.text;
      docs = { src: ksrc, docs: cached.docs, own: { text: ownText, toFile: (o) => scalarOffset(ksrc.file.text, inline, o) } };
    }
    if (!docs) return [];
    const out: Candidate[] = [];
    for (const d of docs.docs) {
      const root = d.contents as Node | null;
      if (!root) continue;
      if (isSeq(root)) {
        // JSON 6902 operations
        for (const opNode of root.items as Node[]) {
          if (!isMap(opNode)) continue;
          const op = str(getIn(opNode, ['op']));
          const path = str(getIn(opNode, ['path']));
          if (!path || !op || !['add', 'replace', 'copy', 'move'].includes(op)) continue;
          out.unshift({ src: docs.src, root, own: docs.own, op: { path: pointer(path), value: opNode.get('value', true) as Node | undefined, node: opNode }, base: false });
        }
      } else if (isMap(root)) {
        if (!p.target) {
          const pk = str(getIn(root, ['kind']));
          const pn = str(getIn(root, ['metadata', 'name']));
          if (pk !== kind || !nameMatches(pn, name, baseName)) continue;
        }
        out.unshift({ src: docs.src, root, own: docs.own, base: false });
      }
    }
    return out;
  }

  /** A patch file and its documents (both read once per run by Sources). */
  private patchFile(abs: string): { src: Source; docs: Document.Parsed[] } | undefined {
    const src = this.sources.get(abs);
    return src && { src, docs: src.docs() };
  }

  /** A node of a generated ConfigMap/Secret: the generator entry, literal, file or env line behind it. */
  private generated(origin: Origin, kind: string | undefined, name: string | undefined, at: At, rendered: { text: string; node: Node; pair?: any }): Landing | undefined {
    const k = this.ks.find((x) => x.path === origin.configuredIn);
    const ksrc = this.sources.get(origin.configuredIn!);
    if (!k || !ksrc) return undefined;
    const gens = k.generators.filter((g) => g.kind === kind && (name ?? '').includes(g.name));
    const g = gens.sort((a, b) => b.name.length - a.name.length)[0];
    if (!g) return undefined;
    // the entry in the kustomization as the Sources copy parsed it (same text, same offsets)
    const entry = g.entry;
    const entryRange = rangeOfNode(isMap(entry) ? (entry.items[0]?.key as Node) ?? entry : entry);
    const fallback: Landing | undefined = entryRange ? { src: ksrc, range: entryRange, exact: false } : undefined;
    const [field, key] = at.path;
    if (!['data', 'binaryData', 'stringData'].includes(String(field)) || typeof key !== 'string') {
      if (at.path[0] === 'metadata' && at.path[1] === 'name' && isMap(entry)) {
        const n = entry.get('name', true) as Node | undefined;
        const r = rangeOfNode(n);
        if (r) return { src: ksrc, range: r, exact: true };
      }
      return fallback;
    }
    const list = (f: string): Node[] => {
      const v = isMap(entry) ? entry.get(f, true) : undefined;
      return isSeq(v) ? (v.items as Node[]) : isScalar(v) ? [v as Node] : [];
    };
    for (const lit of list('literals')) {
      if (!isScalar(lit) || typeof lit.value !== 'string') continue;
      const eq = lit.value.indexOf('=');
      if (eq < 0 || lit.value.slice(0, eq) !== key) continue;
      const at0 = (i: number) => scalarOffset(ksrc.file.text, lit, i);
      if (at.onKey) return { src: ksrc, range: [at0(0), at0(eq)], exact: true };
      const land: Landing = { src: ksrc, range: [at0(eq + 1), at0(lit.value.length)], exact: true, renderedRange: nodeRange(at.node) };
      const rv = at.node;
      if (isScalar(rv) && rv.value === lit.value.slice(eq + 1)) land.inner = (o) => at0(eq + 1 + (indexAt(rendered.text, rv, o) ?? 0));
      return land;
    }
    for (const fe of list('files')) {
      if (!isScalar(fe) || typeof fe.value !== 'string') continue;
      const v = fe.value;
      const eq = v.indexOf('=');
      const fkey = eq >= 0 ? v.slice(0, eq) : basename(v);
      if (fkey !== key) continue;
      const r = rangeOfNode(fe)!;
      const entryLanding: Landing = { src: ksrc, range: r, exact: true };
      if (at.onKey) return entryLanding;
      const file = this.sources.get(resolveIn(k.dir, eq >= 0 ? v.slice(eq + 1) : v));
      const rv = at.node;
      if (file && isScalar(rv) && typeof rv.value === 'string' && rv.value === file.file.text) {
        return {
          src: file,
          range: [0, Math.min(file.file.text.length, Math.max(1, file.file.text.indexOf('\n') + 1 || file.file.text.length))],
          exact: true,
          renderedRange: nodeRange(rv),
          inner: (o) => indexAt(rendered.text, rv, o),
        };
      }
      return entryLanding;
    }
    for (const ee of [...list('envs'), ...list('env')]) {
      if (!isScalar(ee) || typeof ee.value !== 'string') continue;
      const file = this.sources.get(resolveIn(k.dir, ee.value));
      if (!file) continue;
      const m = new RegExp(`^[ \\t]*${escapeRe(key)}[ \\t]*=`, 'm').exec(file.file.text);
      if (!m) continue;
      const lineEnd = file.file.text.indexOf('\n', m.index);
      const start = m.index + (m[0].length - m[0].trimStart().length);
      return { src: file, range: at.onKey ? [start, start + key.length] : [start, lineEnd < 0 ? file.file.text.length : lineEnd], exact: true };
    }
    return fallback;
  }
}

const nodeRange = (n: Node): [number, number] | undefined => (n.range ? [n.range[0], n.range[1]] : undefined);
const isCollection = (n: unknown): boolean => isMap(n) || isSeq(n);
const str = (n: unknown): string | undefined => (isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const resolveIn = (dir: string, rel: string): string => resolve(dir, rel);

function getIn(n: Node | null | undefined, path: string[]): Node | undefined {
  let cur: Node | null | undefined = n;
  for (const k of path) {
    if (!isMap(cur)) return undefined;
    cur = cur.get(k, true) as Node | undefined;
  }
  return cur ?? undefined;
}

function nameMatches(patchName: string | undefined, rendered: string | undefined, base: string | undefined): boolean {
  if (patchName === undefined) return false;
  if (patchName === base || patchName === rendered) return true;
  return !!rendered && rendered.includes(patchName) && (!base || patchName.includes(base));
}

function targets(t: Target, kind: string | undefined, name: string | undefined, baseName: string | undefined, labels: Node | undefined): boolean {
  if (t.kind && t.kind !== kind) return false;
  if (t.name) {
    const exact = t.name === name || t.name === baseName;
    let re = false;
    try {
      const r = new RegExp(`^(?:${t.name})$`);
      re = (name !== undefined && r.test(name)) || (baseName !== undefined && r.test(baseName));
    } catch {
      /* not a regular expression */
    }
    if (!exact && !re && !nameMatches(t.name, name, baseName)) return false;
  }
  if (t.labelSelector && typeof t.labelSelector === 'string') {
    for (const term of t.labelSelector.split(',')) {
      const m = /^\s*([^=!\s]+)\s*(==?|!=)\s*(\S*)\s*$/.exec(term);
      if (!m) continue;
      const v = str(getIn(labels, [m[1]!]));
      if (m[2] === '!=' ? v === m[3] : v !== m[3]) return false;
    }
  }
  return true;
}

/** A JSON pointer's segments (`~1` is `/`, `~0` is `~`); numbers stay numbers, `-` (append) stays `-`. */
export function pointer(p: string): (string | number)[] {
  if (!p.startsWith('/')) return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/**
 * How many segments of an operation's path prefix `path`, or -1. A list
 * index matches the same index; `-` (append) or an index the operation ends
 * on also matches an item whose merge key equals the value's (the item the
 * operation added, wherever it ended up).
 */
function prefixLength(op: (string | number)[], path: readonly (string | number)[], sel: SelPath, value: Node | undefined): number {
  if (op.length > path.length) return -1;
  for (let i = 0; i < op.length; i++) {
    const a = op[i]!;
    const b = path[i]!;
    if (a === b && typeof a === 'string') continue;
    if (typeof b === 'number' && (a === '-' || typeof a === 'number')) {
      const s = sel[i];
      if (i === op.length - 1 && s && typeof s === 'object') {
        const v = isMap(value) ? value.get(s.key, true) : undefined;
        if (isScalar(v) && String(v.value) === s.value) continue;
        return -1;
      }
      if (a === b) continue;
      return -1;
    }
    if (typeof a === 'number' && typeof b === 'string' && String(a) === b) continue;
    return -1;
  }
  return op.length;
}

export { nodeAt };
