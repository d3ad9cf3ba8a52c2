/**
 * The source files rendered objects came from (bases, patches, generator
 * inputs, templates), read once per run with their YAML documents, so a
 * finding can be placed on them and their inline suppressions apply.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments, type Document } from 'yaml';
import { makeSource, type SourceFile } from '../load/source.js';

export interface Source {
  abs: string;
  file: SourceFile;
  /** Parsed lazily (YAML files only). */
  docs(): Document.Parsed[];
}

export class Sources {
  private byAbs = new Map<string, Source | null>();
  /** @param display how a file is named in reports (the path as discovered, or relative to the cwd). */
  constructor(private display: (abs: string) => string) {}

  get(abs: string): Source | undefined {
    const hit = this.byAbs.get(abs);
    if (hit !== undefined) return hit ?? undefined;
    let s: Source | undefined;
    try {
      const text = readFileSync(abs, 'utf8');
      const file = makeSource(this.display(abs), text);
      let docs: Document.Parsed[] | undefined;
      s = {
        abs,
        file,
        docs: () => (docs ??= parseAllDocuments(file.text, { logLevel: 'silent', uniqueKeys: false } as any) as Document.Parsed[]),
      };
    } catch {
      s = undefined;
    }
    this.byAbs.set(abs, s ?? null);
    return s;
  }

  /** Every source read so far. */
  all(): Source[] {
    return [...this.byAbs.values()].filter((s): s is Source => !!s);
  }
}
