// Types for bench/gen-synthetic.mjs (used by test/unit/bench-gen.test.ts).
export const GENERATOR_VERSION: number;
export const DEFAULT_SEED: string;
export interface CorpusFile {
  path: string;
  text: string;
}
export interface CorpusStats {
  resources: number;
  files: number;
  bytes: number;
  namespaces: number;
  apps: number;
  byKind: Record<string, number>;
  bugs: { app: string; bug: string }[];
}
export function generateCorpus(opts: { resources: number; seed?: string; bugRate?: number }): { files: CorpusFile[]; stats: CorpusStats };
export function ensureCorpus(resources: number, opts?: { seed?: string; dir?: string; kind?: 'mixed' | 'sidecar' }): { dir: string; stats: CorpusStats; digest: string; reused: boolean };
export function parseSize(s: string | number): number;
export function sizeLabel(n: number): string;
export function toYaml(obj: unknown, style: { seqIndent?: boolean; singleQuotes?: boolean; quoteImages?: boolean }): string;
export function makeRng(seed: string): {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(arr: readonly T[]): T;
  chance(p: number): boolean;
  hex(n: number): string;
  b64(nBytes: number): string;
  some<T>(arr: readonly T[], n: number): T[];
};
