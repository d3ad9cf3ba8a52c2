/**
 * The workspace graph the language server keeps between edits: the graph of
 * every file the CLI would lint in the folder (the same one `podlint <folder>`
 * builds), rebuilt after an edit from per-file parts (src/graph/build.ts
 * graphPart) of which only the edited file's is new.
 *
 * A part is a pure function of its file, its partial marks and the default
 * namespace, but the analyses cached on its pod templates (proxy configs,
 * mounted files: src/analyze) read ConfigMaps and Secrets of other files by
 * name. So a change of a file also drops the parts of the files that mention a
 * name it defines, before or after the change (Workspace.put): they are built
 * again, with fresh caches.
 *
 * Partial marks (src/load/partial.ts) depend on the whole set (folders,
 * kustomizations, test harnesses). When a re-parsed file's inputs to them
 * (partialInputs) are unchanged, nobody's marks change and the file's are
 * carried over; otherwise the whole set is marked again from its parse-time
 * state, and the files whose marks changed count as changed.
 */
import { basename } from 'node:path';
import { KUSTOMIZATION_FILES } from '../load/kustomization-names.js';
import type { ParsedFile, Resource } from '../load/parse.js';
import { generatedNames, markPartials, partialInputs } from '../load/partial.js';
import { GraphAssembly, graphPart, type GraphPart } from '../graph/build.js';
import type { Graph } from '../graph/model.js';


/** Could the file feed kustomize generators (generatedNames)? */
function generates(p: ParsedFile): boolean {
  return KUSTOMIZATION_FILES.has(basename(p.file.path)) || p.resources.some((r) => r.kind === 'Kustomization' || r.kind === 'Component');
}

function marksOf(p: ParsedFile): string {
  let s = String(p.partial ?? '');
  for (const r of p.resources) s += `|${r.partial ? 1 : 0}${r.openKeys ? 1 : 0}${r.patched ? 1 : 0}`;
  return s;
}

export class IncrementalGraph {
  private parts = new WeakMap<ParsedFile, GraphPart>();
  private inputs = new WeakMap<ParsedFile, string>();
  /** r.partial as the parser set it (a patch-like document), before any marking. */
  private parsedPartial = new WeakMap<Resource, boolean | undefined>();
  private marks = new WeakMap<ParsedFile, string>();
  private remark = true;
  private generated?: Set<string>;
  private namespace?: string;
  /** Lists and indexes of the last graph: only changed parts are swapped in. */
  private assembly = new GraphAssembly();

  /** A file was parsed (`old`: its previous parse, when it had one). */
  added(p: ParsedFile, old?: ParsedFile): void {
    for (const r of p.resources) this.parsedPartial.set(r, r.partial);
    const inputs = partialInputs(p);
    this.inputs.set(p, inputs);
    if (old && !this.remark && this.inputs.get(old) === inputs && old.resources.length === p.resources.length) {
      p.partial = old.partial;
      old.resources.forEach((o, i) => {
        const r = p.resources[i]!;
        r.partial = o.partial;
        r.openKeys = o.openKeys;
        r.patched = o.patched;
      });
      this.marks.set(p, marksOf(p));
    } else this.remark = true;
    if (generates(p) || (old && generates(old))) this.generated = undefined;
  }

  /** A file left the set. */
  removed(p: ParsedFile): void {
    this.remark = true;
    if (generates(p)) this.generated = undefined;
  }

  /** Build this file's part again on the next graph (what it reads by name changed). */
  invalidate(p: ParsedFile): void {
    this.parts.delete(p);
  }

  /** Everything is marked and built again (configuration changed, folder re-indexed). */
  reset(): void {
    this.parts = new WeakMap();
    this.assembly = new GraphAssembly();
    this.remark = true;
    this.generated = undefined;
  }

  /**
   * The graph of `files` (every parsed file of the workspace, in the CLI's
   * walk order). `marksChanged` is told of files whose partial marks changed
   * (their readers must be invalidated: it may call invalidate()).
   */
  graph(files: ParsedFile[], defaultNamespace: string, marksChanged: (p: ParsedFile) => void): Graph {
    if (this.namespace !== defaultNamespace) {
      this.parts = new WeakMap();
      this.namespace = defaultNamespace;
    }
    if (this.remark) {
      for (const p of files) {
        p.partial = undefined;
        for (const r of p.resources) {
          r.partial = this.parsedPartial.has(r) ? this.parsedPartial.get(r) : r.partial;
          r.openKeys = undefined;
          r.patched = undefined;
        }
      }
      markPartials(files);
      for (const p of files) {
        const m = marksOf(p);
        const before = this.marks.get(p);
        this.marks.set(p, m);
        if (before !== undefined && before !== m) {
          this.parts.delete(p);
          marksChanged(p);
        }
      }
      this.remark = false;
    }
    this.generated ??= generatedNames(files);
    const parts = files.map((p) => {
      let part = this.parts.get(p);
      if (!part) this.parts.set(p, (part = graphPart(p, defaultNamespace)));
      return part;
    });
    const g = this.assembly.update(files, parts, defaultNamespace);
    g.generated = this.generated;
    return g;
  }
}
