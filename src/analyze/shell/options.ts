/** Option parsing for argv-style commands (`-abc` clusters, `--long=value`, `-long value`). */
import { sub, type W } from './state.js';

export interface OptSpec {
  /** Short option letters that take an argument. */
  s?: string;
  /** Long options (without `--`) that take an argument. */
  l?: string[];
  /** Single-dash long options (`-addr`, `-in`) that take an argument (Go flag / openssl style). */
  d?: string[];
}
export interface Opt {
  name: string;
  /** The argument word (or a sub-word of the option word). */
  arg?: W;
  word: W;
}
export interface Parsed {
  opts: Opt[];
  pos: W[];
  has(...names: string[]): boolean;
  get(...names: string[]): W | undefined;
  all(...names: string[]): W[];
}

export function parseOpts(args: W[], spec: OptSpec = {}): Parsed {
  const opts: Opt[] = [];
  const pos: W[] = [];
  const shortArg = spec.s ?? '';
  const longArg = new Set(spec.l ?? []);
  const dashArg = new Set(spec.d ?? []);
  let done = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (done || v === undefined || v === '-' || !v.startsWith('-')) {
      pos.push(w);
      continue;
    }
    if (v === '--') {
      done = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v.slice(2) : v.slice(2, eq);
      if (eq !== -1) opts.push({ name, arg: sub(w, eq + 1, v.length), word: w });
      else if (longArg.has(name) && i + 1 < args.length) opts.push({ name, arg: args[++i], word: w });
      else opts.push({ name, word: w });
      continue;
    }
    const dname = v.slice(1).split('=')[0]!;
    if (dashArg.has(dname)) {
      const eq = v.indexOf('=');
      if (eq !== -1) opts.push({ name: dname, arg: sub(w, eq + 1, v.length), word: w });
      else if (i + 1 < args.length) opts.push({ name: dname, arg: args[++i], word: w });
      else opts.push({ name: dname, word: w });
      continue;
    }
    // -abc cluster
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      if (shortArg.includes(ch)) {
        if (j + 1 < v.length) opts.push({ name: ch, arg: sub(w, j + 1, v.length), word: w });
        else if (i + 1 < args.length) opts.push({ name: ch, arg: args[++i], word: w });
        else opts.push({ name: ch, word: w });
        break;
      }
      opts.push({ name: ch, word: w });
    }
  }
  return {
    opts,
    pos,
    has: (...names) => opts.some((o) => names.includes(o.name)),
    get: (...names) => {
      let found: W | undefined;
      for (const o of opts) if (names.includes(o.name) && o.arg) found = o.arg;
      return found;
    },
    all: (...names) => opts.filter((o) => names.includes(o.name) && o.arg).map((o) => o.arg!),
  };
}
