/**
 * Untrusted text (values, keys, file names, embedded configs) in the human
 * formats (stylish, junit, github): control characters are written as visible
 * escapes, so a value cannot start a line of podlint's output (`\n::error
 * file=x::pwned` is a workflow command to a GitHub runner), clear the screen
 * or plant a hyperlink (`\x1b]8;;…`), or reorder what is shown (bidi
 * overrides). JSON and SARIF keep the text as is: their encoders escape it.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and isolates. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string) => {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/** `s` with every control character escaped visibly (`\n`, `\x1b`, `\u202e`). */
export function visible(s: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(s)) return s;
  return s.replace(CONTROL, (c) => NAMED[c] ?? hex(c));
}

/**
 * A file name as the first thing on a line: visible, and never starting with
 * `::` (after the blanks a GitHub runner skips), which would make the line a
 * workflow command.
 */
export function visiblePath(p: string): string {
  const v = visible(p);
  return v.trimStart().startsWith('::') ? `./${v}` : v;
}
