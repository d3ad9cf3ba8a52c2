/**
 * CRD `pattern`s, evaluated as the API server does: Go's `regexp` package (RE2
 * syntax and semantics, linear time in the input). A CRD comes from the pull
 * request being linted, so its patterns are untrusted: a JavaScript RegExp
 * would backtrack (`^(a+)+$` on 30 characters takes seconds) and would accept
 * syntax Go rejects (lookarounds, backreferences) or read other syntax
 * differently (`(?i)` flags, `\z`, `[[:alpha:]]`, `\pL`).
 *
 * The engine is re2js, a pure JavaScript port of RE2/J (MIT): measured against
 * re2-wasm on Node 20, it loads in ~8 ms (re2-wasm ~21 ms), compiles three
 * patterns in ~7 ms (~19 ms) and runs 60,000 short matches in ~65 ms
 * (~165 ms); both are linear on adversarial input. The native `re2` binding
 * needs a compiler at install time, which the Action and pre-commit cannot
 * count on. re2js is loaded on the first pattern met, never at start-up.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Re2Pattern {
  /** Does the pattern match somewhere in `s` (JSON Schema and Go's MatchString: unanchored)? */
  test(s: string): boolean;
}

export type CompiledPattern = { ok: true; re: Re2Pattern } | { ok: false; error: string };

let engine: { compile(p: string): Re2Pattern } | undefined;
const cache = new Map<string, CompiledPattern>();

/** Compile a pattern with RE2 syntax (once per pattern); the error is Go's message when RE2 rejects it. */
export function compilePattern(pattern: string): CompiledPattern {
  let c = cache.get(pattern);
  if (c) return c;
  engine ??= require('re2js').RE2JS;
  try {
    c = { ok: true, re: engine!.compile(pattern) };
  } catch (e) {
    c = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, c);
  return c;
}

/** Has the engine been loaded (for the cold-start test)? */
export function re2Loaded(): boolean {
  return engine !== undefined;
}
