/** The pure entry points: a script, or an exec-form argv, as plain strings (no manifest). */
import { SHELLS, WRAPPERS } from './commands/index.js';
import { runScript } from './interpreter.js';
import { base, normalizePath } from './paths.js';
import { runArgv, wrappedCommandStart, type Ctx } from './run.js';
import { Collector, type State, type W } from './state.js';
import type { AnalyzeOptions, Located, Range, ScriptAnalysis } from './types.js';

export function initialState(opts: AnalyzeOptions): State {
  const wd = opts.workingDir;
  return {
    vars: new Map(),
    cwd: wd && wd.startsWith('/') ? { kind: 'workingDir', dir: normalizePath(wd) } : { kind: 'image' },
  };
}

/** Analyze a shell script (bash dialect). Ranges are offsets in `script`. Never throws. */
export function analyzeScript(script: string, opts: AnalyzeOptions = {}): ScriptAnalysis {
  const text = typeof script === 'string' ? script : '';
  // A script file (a ConfigMap entry) several rules and containers read is analysed once per run.
  const plain = Object.keys(opts).length === 0;
  if (plain) {
    const hit = scriptCache.get(text);
    if (hit) return hit;
  }
  const out = clamp(analyzeScriptRaw(text, opts), (src) => (src === 0 ? text.length : 0));
  if (plain) {
    if (scriptCache.size >= 512) scriptCache.clear();
    scriptCache.set(text, out);
  }
  return out;
}

/** Results of `analyzeScript(text)` without options, by text (treat them as read-only). */
const scriptCache = new Map<string, ScriptAnalysis>();

/** `analyzeScript` without the final clamping of ranges (tests check that none is needed). */
export function analyzeScriptRaw(script: string, opts: AnalyzeOptions = {}): ScriptAnalysis {
  const text = typeof script === 'string' ? script : '';
  const col = new Collector();
  try {
    const err = runScript(text, opts, { col, opts, depth: 0, text, src: 0 }, initialState(opts));
    // A script read only in part: what came before the fault is kept; the script is opaque.
    if (err !== undefined) {
      col.parseError = err;
      col.unknown('(unparsable script)');
    }
  } catch (e) {
    const empty = new Collector();
    empty.parseError = `internal: ${(e as Error)?.message ?? e}`;
    empty.unknown('(unparsable script)');
    return empty.result();
  }
  return col.result();
}

/** Analyze an exec-form argv (`command` + `args`). Ranges are offsets in `argv[src]`. Never throws. */
export function analyzeArgv(argv: string[], opts: AnalyzeOptions = {}): ScriptAnalysis & { form: 'shell' | 'exec'; scriptIndex?: number; shell?: string } {
  const col = new Collector();
  const words: W[] = argv.map((v, i) => ({ value: typeof v === 'string' ? v : undefined, range: [0, typeof v === 'string' ? v.length : 0], src: i, lin: 0 }));
  // Kubernetes expands $(VAR) references in argv elements before the program
  // runs. Literal env values are substituted; references to other variables
  // make a plain argument dynamic, but stay in a script's text, where the
  // walker treats `$(VAR)` as that variable.
  const scriptText: (string | undefined)[] = [];
  for (let wi = 0; wi < words.length; wi++) {
    const w = words[wi]!;
    scriptText.push(w.value);
    // with no env names a reference stays as written: nothing to substitute, nothing made dynamic
    if (w.value === undefined || !opts.envNames?.size || !w.value.includes('$(')) continue;
    let dynamic = false;
    const subst = (keepDynamic: boolean) =>
      w.value!.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n) => {
        if (m === '$$' || !opts.envNames?.has(n)) return m;
        const x = opts.env?.[n];
        if (typeof x !== 'string') {
          if (!keepDynamic) dynamic = true;
          return m;
        }
        return x;
      });
    scriptText[scriptText.length - 1] = subst(true);
    const v = subst(false);
    if (dynamic) w.value = undefined;
    else if (v !== w.value) {
      w.value = v;
      w.lin = undefined;
    }
  }
  let form: 'shell' | 'exec' = 'exec';
  let scriptIndex: number | undefined;
  let shell: string | undefined;
  try {
    const st = initialState(opts);
    const ctx: Ctx = { col, opts, depth: 0, text: '', src: 0 };
    const si = shellScriptIndex(words);
    if (si) {
      form = 'shell';
      scriptIndex = si.index;
      shell = si.shell;
      const text = scriptText[si.index];
      const exact = text === argv[si.index];
      const positional: (string | undefined)[] = [];
      for (let k = si.index + 1; k < words.length; k++) positional.push(words[k]!.value);
      if (text !== undefined) {
        // every field of AnalyzeOptions written out (`satisfies` fails the build when one is added), not a spread:
        // a generic clone in the unoptimized code that runs here
        const inner: AnalyzeOptions = { env: opts.env, envNames: opts.envNames, workingDir: opts.workingDir, positional } satisfies Record<keyof AnalyzeOptions, unknown>;
        const err = runScript(text, inner, { col, opts: inner, depth: 0, text, src: si.index }, st);
        if (err !== undefined) {
          // read only in part: keep what came before the fault; the script is opaque
          col.parseError = err;
          col.unknown('(unparsable script)');
        }
        if (!exact) {
          // $(VAR) substituted: positions inside are approximate; point at the whole element.
          const fix = <T extends Located & { portRange?: Range }>(x: T) => {
            x.range = [0, argv[si.index]!.length];
            if (x.portRange) x.portRange = x.range;
            x.src = si.index;
          };
          col.commands.forEach((c) => {
            fix(c);
            c.args.forEach(fix);
          });
          [...col.writes, ...col.reads, ...col.endpoints, ...col.listeners, ...col.limits].forEach(fix);
        }
      } else col.unknown('(dynamic script)');
    } else {
      runArgv(words, st, ctx, false, [0, argv[0]?.length ?? 0]);
    }
  } catch (e) {
    col.parseError = `internal: ${(e as Error)?.message ?? e}`;
  }
  // Fields set on the fresh result rather than spread into a copy (a spread clone is slow here, ~30 ms a run on sidecar-8k).
  const res = clamp(col.result(), (src) => (typeof argv[src] === 'string' ? argv[src]!.length : 0)) as ScriptAnalysis & { form: 'shell' | 'exec'; scriptIndex?: number; shell?: string };
  res.form = form;
  res.scriptIndex = scriptIndex;
  res.shell = shell;
  return res;
}

/** Where the script is in an argv that runs a shell with `-c` (after wrappers), if it does. */
function shellScriptIndex(words: W[]): { index: number; shell: string } | undefined {
  let i = 0;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const v = words[i]!.value;
    if (v === undefined) return undefined;
    const name = base(v);
    const spec = WRAPPERS[name];
    if (!spec) break;
    const w = wrappedCommandStart(words, i, spec);
    if (w.dynamic) return undefined;
    i = w.start;
  }
  const v = words[i]?.value;
  if (v === undefined) return undefined;
  const shell = base(v);
  if (!SHELLS.has(shell)) return undefined;
  let k = i + 1;
  let script = false;
  for (; k < words.length; k++) {
    const a = words[k]!.value;
    if (a === undefined) break;
    if (a === '--') {
      k++;
      break;
    }
    if (a === '-o' || a === '+o' || a === '-O' || a === '+O' || a === '--rcfile' || a === '--init-file') {
      k++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(a)) {
      if (a.startsWith('-') && a.includes('c')) script = true;
      continue;
    }
    if (a.startsWith('--')) continue;
    break;
  }
  if (!script || k >= words.length) return undefined;
  return { index: k, shell };
}

/** Keep every range inside its text (defensive: the property tests check this). */
function clamp(a: ScriptAnalysis, len: (src: number) => number): ScriptAnalysis {
  const fix = (x: Located & { portRange?: Range }) => {
    const n = len(x.src);
    x.range = clampRange(x.range, n);
    if (x.portRange) x.portRange = clampRange(x.portRange, n);
  };
  // indexed loops: for-of allocates an iterator and a result per item in the unoptimized code most runs execute here
  for (let i = 0; i < a.commands.length; i++) {
    const c = a.commands[i]!;
    fix(c);
    for (let j = 0; j < c.args.length; j++) fix(c.args[j]!);
  }
  fixAll(a.writes, fix);
  fixAll(a.reads, fix);
  fixAll(a.endpoints, fix);
  fixAll(a.listeners, fix);
  if (a.limits) fixAll(a.limits, fix);
  return a;
}

function fixAll<T>(list: readonly T[], fix: (x: T) => void): void {
  for (let i = 0; i < list.length; i++) fix(list[i]!);
}

/** `r` inside [0, n] (a copy only when it was not: almost every range already is). */
function clampRange(r: Range, n: number): Range {
  const s0 = r[0];
  const e0 = r[1];
  if (r.length === 2 && s0 >= 0 && s0 <= e0 && e0 <= n) return r;
  const s = Math.max(0, Math.min(Number.isFinite(s0) ? s0 : 0, n));
  const e = Math.max(s, Math.min(Number.isFinite(e0) ? e0 : s, n));
  return [s, e];
}
