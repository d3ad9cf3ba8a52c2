/**
 * V8 tiering for a short CLI run (docs/performance.md, "Sidecar-8k, fifth
 * pass: V8's interrupt budget").
 *
 * V8 compiles a function with TurboFan once it has used up its interrupt
 * budget a few times, a budget tuned for long-lived programs. A CLI run over
 * a few thousand pods is short: many of podlint's functions get hot only
 * halfway through it, and compiling them then costs more than it gains (on
 * sidecar-8k: 727 TurboFan compiles at V8's default budget, 260 at 4.4 times
 * it, and a fifth less CPU time). So the CLI (bin/podlint.js) raises the
 * budget once the bundle is compiled (beginShortRun) and restores it when the
 * run is over (endShortRun).
 *
 * A long run is the other way round: on sidecar-40k the higher budget cost
 * about 7 %, because the code it keeps unoptimized has a long run ahead. So
 * once the loader has read LONG_RUN_CHARS of input (countInput), V8's
 * default applies again.
 *
 * V8 rejects a code cache made under other flags, the budget included: the
 * caches (the bundle's in bin/podlint.js, the validators' in
 * src/schema/code-cache.ts) are read and written under the default
 * (underDefaultBudget), so they stay valid from one run to the next.
 *
 * Only where it was measured: V8 11 (Node 20), whose default budget is
 * DEFAULT_BUDGET. Library users, the language server, other Node versions
 * and a node started with its own --interrupt-budget keep V8's settings.
 */
import { setFlagsFromString } from 'node:v8';

/** V8 11's `--interrupt-budget` default (Node 20). */
export const DEFAULT_BUDGET = 67_584;
/** The budget of a short run: 4.4 times the default (2.7 times gained less on sidecar-8k, 7 times no more). */
export const SHORT_RUN_BUDGET = 294_912;
/** Input read (characters) above which a run counts as long: sidecar-8k is 5.8 million, sidecar-40k 29 million. */
export const LONG_RUN_CHARS = 12 * 1024 * 1024;

let state: 'off' | 'short' | 'long' = 'off';
let read = 0;

const budget = (n: number) => setFlagsFromString(`--interrupt-budget=${n}`);

/** Whether a process may use the short-run budget: V8 11, and no budget on node's own command line. */
export function shortRunApplies(v8Version: string = process.versions.v8, execArgv: readonly string[] = process.execArgv): boolean {
  return /^11\./.test(v8Version) && !execArgv.some((a) => a.startsWith('--interrupt-budget'));
}

/** The CLI's start: the short-run budget, where it applies. */
export function beginShortRun(): void {
  if (state !== 'off' || !shortRunApplies()) return;
  read = 0;
  state = 'short';
  budget(SHORT_RUN_BUDGET);
  if (process.env.PODLINT_TRACE) process.stderr.write(`podlint: trace: a short run's interrupt budget (${SHORT_RUN_BUDGET}, V8's default ${DEFAULT_BUDGET})\n`);
}

/** The CLI's end: V8's default again (before the code caches are written). */
export function endShortRun(): void {
  if (state === 'short') budget(DEFAULT_BUDGET);
  state = 'off';
}

/** Input characters the loader has read; past LONG_RUN_CHARS the run is long, and V8's default applies. */
export function countInput(chars: number): void {
  if (state !== 'short') return;
  read += chars;
  if (read < LONG_RUN_CHARS) return;
  state = 'long';
  budget(DEFAULT_BUDGET);
  if (process.env.PODLINT_TRACE) process.stderr.write(`podlint: trace: ${read} characters read, a long run: V8's default interrupt budget from here on\n`);
}

/** Run `fn` (a compile from a code cache, or the making of one) under V8's default budget. */
export function underDefaultBudget<T>(fn: () => T): T {
  if (state !== 'short') return fn();
  budget(DEFAULT_BUDGET);
  try {
    return fn();
  } finally {
    budget(SHORT_RUN_BUDGET);
  }
}

/** For tests: where the run is. */
export function tieringState(): 'off' | 'short' | 'long' {
  return state;
}
