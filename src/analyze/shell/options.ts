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

/** Parsed options: methods on the prototype (one object per call, not three closures). */
class ParsedOpts implements Parsed {
  constructor(
    readonly opts: Opt[],
    readonly pos: W[],
  ) {}
  has(...names: string[]): boolean {
    for (const o of this.opts) if (names.includes(o.name)) return true;
    return false;
  }
  get(...names: string[]): W | undefined {
    let found: W | undefined;
    for (const o of this.opts) if (o.arg && names.includes(o.name)) found = o.arg;
    return found;
  }
  all(...names: string[]): W[] {
    const out: W[] = [];
    for (const o of this.opts) if (o.arg && names.includes(o.name)) out.push(o.arg);
    return out;
  }
}

const NONE: string[] = [];

export function parseOpts(args: W[], spec: OptSpec = {}): Parsed {
  const opts: Opt[] = [];
  const pos: W[] = [];
  const shortArg = spec.s ?? '';
  // a handful of names each: a scan of the array beats building a Set per call
  const longArg = spec.l ?? NONE;
  const dashArg = spec.d ?? NONE;
  let done = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (done || v === undefined || v === '-' || v.charCodeAt(0) !== 45 /* - */) {
      pos.push(w);
      continue;
    }
    if (v === '--') {
      done = true;
      continue;
    }
    if (v.charCodeAt(1) === 45) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v.slice(2) : v.slice(2, eq);
      if (eq !== -1) opts.push({ name, arg: sub(w, eq + 1, v.length), word: w });
      else if (i + 1 < args.length && longArg.includes(name)) opts.push({ name, arg: args[++i], word: w });
      else opts.push({ name, word: w });
      continue;
    }
    if (dashArg.length) {
      const eq = v.indexOf('=');
      const dname = eq === -1 ? v.slice(1) : v.slice(1, eq);
      if (dashArg.includes(dname)) {
        if (eq !== -1) opts.push({ name: dname, arg: sub(w, eq + 1, v.length), word: w });
        else if (i + 1 < args.length) opts.push({ name: dname, arg: args[++i], word: w });
        else opts.push({ name: dname, word: w });
        continue;
      }
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
  return new ParsedOpts(opts, pos);
}
