/**
 * A small unified diff (Myers' O(ND) algorithm over lines) to show what
 * `--fix-dry-run` would change in the stylish format.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

function myers(a: string[], b: string[], maxD = 4000): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxD);
  const off = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) (x++, y++);
      v[off + k] = x;
      if (x >= n && y >= m) {
        // backtrack
        const ops: Op[] = [];
        let cx = n;
        let cy = m;
        for (let dd = d; dd > 0; dd--) {
          const pv = trace[dd]!;
          const kk = cx - cy;
          const prevK = kk === -dd || (kk !== dd && pv[off + kk - 1]! < pv[off + kk + 1]!) ? kk + 1 : kk - 1;
          const px = pv[off + prevK]!;
          const py = px - prevK;
          while (cx > px && cy > py) ops.push({ kind: ' ', line: a[--cx]! }), cy--;
          if (cx === px) ops.push({ kind: '+', line: b[--cy]! });
          else ops.push({ kind: '-', line: a[--cx]! });
        }
        while (cx > 0 && cy > 0) ops.push({ kind: ' ', line: a[--cx]! }), cy--;
        return ops.reverse();
      }
    }
    v = v.slice();
  }
  return undefined;
}

/** Unified diff of two texts with `context` lines around each change; '' when equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const lines = (t: string) => {
    const l = t.split('\n');
    if (l[l.length - 1] === '') l.pop();
    else l[l.length - 1] += '\n\\ No newline at end of file';
    return l;
  };
  const a = lines(oldText);
  const b = lines(newText);
  // Trim the common prefix and suffix first: fixes are local.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const mid =
    myers(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)) ??
    [...a.slice(pre, a.length - suf).map((line) => ({ kind: '-' as const, line })), ...b.slice(pre, b.length - suf).map((line) => ({ kind: '+' as const, line }))];
  const ops: Op[] = [...a.slice(0, pre).map((line) => ({ kind: ' ' as const, line })), ...mid, ...a.slice(a.length - suf).map((line) => ({ kind: ' ' as const, line }))];

  let out = `--- ${oldName}\n+++ ${newName}\n`;
  let i = 0;
  let ai = 1;
  let bi = 1;
  const pos: { a: number; b: number }[] = [];
  for (const op of ops) {
    pos.push({ a: ai, b: bi });
    if (op.kind !== '+') ai++;
    if (op.kind !== '-') bi++;
  }
  while (i < ops.length) {
    if (ops[i]!.kind === ' ') {
      i++;
      continue;
    }
    let start = Math.max(0, i - context);
    let end = i;
    // extend the hunk while changes are within 2*context lines of each other
    let lastChange = i;
    while (end < ops.length) {
      if (ops[end]!.kind !== ' ') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    const hunk = ops.slice(start, end);
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    const aStart = aLen ? pos[start]!.a : pos[start]!.a - 1;
    const bStart = bLen ? pos[start]!.b : pos[start]!.b - 1;
    out += `@@ -${aStart},${aLen} +${bStart},${bLen} @@\n`;
    for (const o of hunk) out += `${o.kind}${o.line.replace(/\r$/, '')}\n`;
    i = end;
  }
  return out;
}
