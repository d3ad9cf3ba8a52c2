/**
 * Messages quote untrusted words (names, values, config lines) in backticks or
 * double quotes. A quoted part longer than MAX_QUOTED characters is cut with
 * an ellipsis, and so is any unquoted run of non-blank characters, so a
 * 100,000-character socat argument cannot make a 100 KB message. Applied to
 * every message where findings are made (resolveReport), so no rule can miss
 * it. One linear pass.
 */
export const MAX_QUOTED = 200;

const ELLIPSIS = '…';

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let n = max;
  const c = s.charCodeAt(n - 1);
  if (c >= 0xd800 && c <= 0xdbff) n--; // never split a surrogate pair
  return s.slice(0, n) + ELLIPSIS;
}

/** Cut long runs of non-blank characters. */
function capWords(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const blank = i === s.length || s[i] === ' ' || s[i] === '\n' || s[i] === '\t';
    if (!blank) continue;
    out += cut(s.slice(start, i), max);
    if (i < s.length) out += s[i];
    start = i + 1;
  }
  return out;
}

/** `message` with every quoted part and every word capped at `max` characters. */
export function capMessage(message: string, max = MAX_QUOTED): string {
  if (message.length <= max) return message;
  let out = '';
  let i = 0;
  let plain = 0;
  while (i < message.length) {
    const q = message[i];
    if (q !== '`' && q !== '"') {
      i++;
      continue;
    }
    const close = message.indexOf(q, i + 1);
    if (close < 0) break;
    out += capWords(message.slice(plain, i), max) + q + cut(message.slice(i + 1, close), max) + q;
    i = plain = close + 1;
  }
  return out + capWords(message.slice(plain), max);
}
