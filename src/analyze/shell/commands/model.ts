/**
 * What a command model is: one entry per program name, holding what the
 * program does to files and the network (`run`), so adding a command is one
 * entry in one of the tables of this folder (see ./index.ts).
 */
import type { Ctx } from '../run.js';
import type { Collector, State, W } from '../state.js';
import type { FileAccess, Range } from '../types.js';

/** One simple command being interpreted, after wrappers such as `exec` and `env` are stripped. */
export interface Call {
  /** The program's name (basename of argv[0]). */
  name: string;
  /** Its arguments. */
  rest: W[];
  /** The interpreter's state (variables, working directory); `cd` changes it. */
  st: State;
  ctx: Ctx;
  col: Collector;
  background: boolean;
  /** The statement's range. */
  range: Range;
  /** Record a read of the file named by `w` (via: default the program's name). */
  read(w: W | undefined, via?: string, extra?: Partial<FileAccess>): void;
  /** Record a write of the file named by `w`. */
  write(w: W | undefined, via?: string, extra?: Partial<FileAccess>): void;
}

export interface CommandModel {
  /** What the program does; no `run`: it touches no file and no network peer (`echo`, `sleep` ...). */
  run?: (c: Call) => void;
  /** false: podlint follows some of its effects, but it may do more (`source`, `eval`, `su`, `rsync`); an absolute program path is then a file read. Default true. */
  modelled?: boolean;
}

export type Models = Record<string, CommandModel>;

/** The same model under several names. */
export function model(names: string[], run?: (c: Call) => void, opts: { modelled?: boolean } = {}): Models {
  const out: Models = {};
  for (const n of names) out[n] = { run, ...opts };
  return out;
}
