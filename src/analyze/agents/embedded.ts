/**
 * Helpers for agent configurations embedded in ConfigMap values: parse YAML
 * with positions (offsets into the embedded text), and collect the string
 * scalars at a path pattern.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/** A path a configuration reads, with its offsets in the embedded text. */
export interface ConfigPath {
  path: string;
  start: number;
  end: number;
  /** What configures it, for messages: `sources.app_logs.include`, `[INPUT] Path` ... */
  where: string;
}

export function parseYaml(text: string): Node | undefined {
  try {
    const doc = parseDocument(text, { uniqueKeys: false, strict: false });
    if (doc.errors.length) return undefined;
    return (doc.contents as Node | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The value at a key of a mapping node. */
export function get(n: Node | undefined | null, key: string): Node | undefined {
  if (!n || !isMap(n)) return undefined;
  for (const p of n.items) {
    const k = isScalar(p.key) ? String(p.key.value) : undefined;
    if (k === key) return (p.value as Node | null) ?? undefined;
  }
  return undefined;
}

/** Pairs of a mapping node as [key, value]. */
export function entries(n: Node | undefined | null): [string, Node][] {
  if (!n || !isMap(n)) return [];
  const out: [string, Node][] = [];
  for (const p of n.items) if (isScalar(p.key) && p.value) out.push([String(p.key.value), p.value as Node]);
  return out;
}

export function items(n: Node | undefined | null): Node[] {
  return n && isSeq(n) ? (n.items.filter(Boolean) as Node[]) : [];
}

export function str(n: Node | undefined | null): string | undefined {
  return n && isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number') ? String(n.value) : undefined;
}

/**
 * The string scalars of a value that is a string or a list of strings, as
 * config paths (offsets of the scalar's content; quotes excluded).
 */
export function stringsOf(n: Node | undefined | null, where: string, text: string): ConfigPath[] {
  const out: ConfigPath[] = [];
  const one = (x: Node) => {
    const s = str(x);
    if (s === undefined || !x.range) return;
    let [start, end] = [x.range[0], x.range[1]];
    const q = text[start];
    if ((q === '"' || q === "'") && text[end - 1] === q) {
      start++;
      end--;
    }
    out.push({ path: s, start, end, where });
  };
  if (n && isSeq(n)) for (const x of n.items) x && one(x as Node);
  else if (n) one(n);
  return out;
}
