/** Small text helpers shared by the schema analyses: paths and values in messages. */
import type { Path } from '../load/nodes.js';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `spec.containers[0].ports[0].containerPort`, `metadata.annotations["example.com/x"]`. */
export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A value as quoted in a message: `"80"`, `80`, `true`, `a mapping`. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') {
    const s = v.length > 60 ? v.slice(0, 57) + '...' : v;
    return JSON.stringify(s);
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

export function codeList(names: readonly unknown[], max = 12): string {
  const shown = names.slice(0, max).map((n) => `\`${n === '' ? '""' : String(n)}\``);
  const more = names.length > max ? `, ... (${names.length - max} more)` : '';
  if (shown.length <= 1) return shown.join('') + more;
  return shown.slice(0, -1).join(', ') + (more ? `, ${shown[shown.length - 1]}${more}` : ` or ${shown[shown.length - 1]}`);
}
