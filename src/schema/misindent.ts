/**
 * Mis-indentation analysis: an unknown key that *would* be valid one level
 * deeper or shallower nearby, where re-indenting the key (and its whole block)
 * puts it there:
 * - deeper: into the block right above it — the mapping of the preceding key,
 *   the last item of the preceding key's list, or a preceding key left without
 *   a value (`configMap:` followed by its fields at the same indentation);
 * - shallower: into the enclosing mapping, when the key's block ends its
 *   mapping (re-indenting a key in the middle of a mapping would split it).
 * Consecutive unknown keys with the same destination form one group (one
 * finding, one fix). The caller decides what is unknown (ajv) and reports.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { GResource } from '../graph/model.js';
import { locate, type Path } from '../load/nodes.js';
import type { Fix } from '../engine/types.js';
import { definesKey, isObjectSchema, type SchemaCursor } from './navigate.js';
import { pathText } from './text.js';

export interface MisindentTarget {
  /** Path of the mapping the keys belong to. */
  path: Path;
  /** "to volume `shared`", "under `spec.securityContext`", "at the top level of Pod `p`". */
  phrase: string;
  /** 1-based line of the destination (its first key, or the key holding it). */
  line: number;
  /** Column (0-based) the keys must start at. */
  column: number;
}

export interface MisindentGroup {
  /** Path of the mapping that holds the keys now. */
  parentPath: Path;
  keys: string[];
  pairs: Pair[];
  target: MisindentTarget;
  /** Spaces to add (>0) or remove (<0). */
  delta: number;
  /** Offsets of the lines re-indented: [start of the first key's line, end of the block's last line). */
  block: [number, number];
  fix: Fix;
  message: string;
}

const NOUNS: Record<string, string> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
  volumes: 'volume',
  volumeMounts: 'volume mount',
  volumeDevices: 'volume device',
  volumeClaimTemplates: 'volume claim template',
  ports: 'port',
  env: 'env var',
  envFrom: 'envFrom source',
  imagePullSecrets: 'image pull secret',
  hostAliases: 'host alias',
  tolerations: 'toleration',
  rules: 'rule',
  subjects: 'subject',
  paths: 'path',
  items: 'item',
  webhooks: 'webhook',
  versions: 'version',
  readinessGates: 'readiness gate',
  topologySpreadConstraints: 'topology spread constraint',
  resourceClaims: 'resource claim',
  sources: 'source',
  metrics: 'metric',
  ingress: 'ingress rule',
  egress: 'egress rule',
  tls: 'TLS entry',
};

function noun(listKey: string): string {
  if (NOUNS[listKey]) return NOUNS[listKey]!;
  if (/ies$/.test(listKey)) return listKey.slice(0, -3) + 'y';
  if (/[^s]s$/.test(listKey)) return listKey.slice(0, -1);
  return `item of \`${listKey}\``;
}

function keyString(p: Pair): string | undefined {
  const k = p.key as Node | null;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) return String(k.value);
  return undefined;
}

function findPair(m: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const p of m.items) if (keyString(p) === key) found = p;
  return found;
}

interface Text {
  text: string;
  lineOf(offset: number): number;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Is `offset` the first non-blank character of its line? */
function startsLine(text: string, offset: number): boolean {
  const ls = lineStart(text, offset);
  return /^[ ]*$/.test(text.slice(ls, offset));
}

function keyStart(p: Pair): number | undefined {
  return (p.key as Node | null)?.range?.[0];
}

function blockMap(n: unknown): n is YAMLMap {
  return isMap(n) && !n.flow && n.items.length > 0 && keyStart(n.items[0]!) !== undefined;
}

function itemName(item: YAMLMap): string | undefined {
  const n = findPair(item, 'name');
  if (n && isScalar(n.value) && (typeof n.value.value === 'string' || typeof n.value.value === 'number')) return String(n.value.value);
  const md = findPair(item, 'metadata');
  if (md && isMap(md.value)) {
    const mn = findPair(md.value, 'name');
    if (mn && isScalar(mn.value) && typeof mn.value.value === 'string') return mn.value.value;
  }
  return undefined;
}

function itemPhrase(listKey: string, item: YAMLMap, index: number): string {
  const name = itemName(item);
  const nn = noun(listKey);
  if (name !== undefined) return `to ${nn} \`${name}\``;
  return nn.startsWith('item of') ? `to ${nn.replace('item', `item ${index + 1}`)}` : `to ${nn} ${index + 1} of \`${listKey}\``;
}

function resourceLabel(r: GResource): string {
  return `${r.kind}${r.name ? ` \`${r.name}\`` : ''}`;
}

interface Candidate {
  target: MisindentTarget;
  /** The YAML mapping (or null value) the key goes into, to check it lacks the key. */
  into?: YAMLMap;
  kind: 'deeper' | 'shallower';
}

/**
 * Find mis-indented keys among `unknown` keys of the mapping at `parentPath`.
 * `cursorAt` gives the schema at a path of the resource (undefined when unknown).
 */
export function findMisindented(
  res: GResource,
  parentPath: Path,
  unknown: ReadonlySet<string>,
  cursorAt: (p: Path) => SchemaCursor | undefined,
  t: Text,
): MisindentGroup[] {
  const text = t.text;
  const holder = parentPath.length ? locate(res.node, parentPath)?.node : res.node;
  if (!blockMap(holder)) return [];
  const items = holder.items;
  const cands: (Candidate | undefined)[] = [];
  for (let i = 0; i < items.length; i++) {
    const p = items[i]!;
    const key = keyString(p);
    const ks = keyStart(p);
    if (key === undefined || ks === undefined || !unknown.has(key) || !startsLine(text, ks)) {
      cands.push(undefined);
      continue;
    }
    const col = column(text, ks);
    // continue the group above: same destination
    const prev = cands[i - 1];
    if (prev && prev.kind === 'deeper') {
      const c = cursorAt(prev.target.path);
      if (c && definesKey(c, key) && !(prev.into && findPair(prev.into, key)) && prev.target.column > col) {
        cands.push(prev);
        continue;
      }
    }
    cands.push(deeper(i, key, col) ?? shallower(key, col));
  }

  function deeper(i: number, key: string, col: number): Candidate | undefined {
    if (i === 0) return undefined;
    const j = items[i - 1]!;
    const jKey = keyString(j);
    const js = keyStart(j);
    if (jKey === undefined || js === undefined || unknown.has(jKey)) return undefined;
    const jPath = [...parentPath, jKey];
    const jv = j.value as Node | null;
    if (blockMap(jv)) {
      const c = cursorAt(jPath);
      const tcol = column(text, keyStart(jv.items[0]!)!);
      if (!c || !definesKey(c, key) || findPair(jv, key) || tcol <= col) return undefined;
      return { kind: 'deeper', into: jv, target: { path: jPath, phrase: `under \`${pathText(jPath)}\``, line: t.lineOf(js), column: tcol } };
    }
    if (isSeq(jv) && !(jv as YAMLSeq).flow && jv.items.length > 0) {
      const n = jv.items.length - 1;
      const last = jv.items[n];
      if (!blockMap(last)) return undefined;
      const itemPath = [...jPath, n];
      const c = cursorAt(itemPath);
      const first = keyStart(last.items[0]!)!;
      const tcol = column(text, first);
      if (!c || !definesKey(c, key) || findPair(last, key) || tcol <= col) return undefined;
      return { kind: 'deeper', into: last, target: { path: itemPath, phrase: itemPhrase(jKey, last, n), line: t.lineOf(first), column: tcol } };
    }
    const empty = jv === null || jv === undefined || (isScalar(jv) && jv.value === null && (jv.range?.[0] ?? 0) === (jv.range?.[1] ?? 0));
    if (empty) {
      const c = cursorAt(jPath);
      const tcol = column(text, js) + 2;
      if (!c || !isObjectSchema(c.schema) || !definesKey(c, key) || tcol <= col) return undefined;
      return { kind: 'deeper', target: { path: jPath, phrase: `under \`${pathText(jPath)}\``, line: t.lineOf(js), column: tcol } };
    }
    return undefined;
  }

  function shallower(key: string, col: number): Candidate | undefined {
    if (parentPath.length === 0) return undefined;
    const inList = typeof parentPath[parentPath.length - 1] === 'number';
    const pmPath = parentPath.slice(0, inList ? -2 : -1);
    const holderKey = parentPath[parentPath.length - (inList ? 2 : 1)];
    if (typeof holderKey !== 'string') return undefined;
    const pm = pmPath.length ? locate(res.node, pmPath)?.node : res.node;
    if (!blockMap(pm)) return undefined;
    const hp = findPair(pm, holderKey);
    const hs = hp && keyStart(hp);
    if (!hp || hs === undefined || !startsLine(text, hs)) return undefined;
    if (inList) {
      const seq = hp.value;
      if (!isSeq(seq) || seq.items[seq.items.length - 1] !== holder) return undefined; // only the last item's tail can move out
    }
    const tcol = column(text, hs);
    if (tcol >= col) return undefined;
    const c = cursorAt(pmPath);
    if (!c || !definesKey(c, key) || findPair(pm, key)) return undefined;
    let phrase: string;
    let line: number;
    const last = pmPath[pmPath.length - 1];
    if (pmPath.length === 0) {
      phrase = `at the top level of ${resourceLabel(res)}`;
      line = t.lineOf(keyStart(pm.items[0]!)!);
    } else if (typeof last === 'number') {
      const lk = pmPath[pmPath.length - 2];
      phrase = itemPhrase(typeof lk === 'string' ? lk : 'items', pm, last);
      line = t.lineOf(keyStart(pm.items[0]!)!);
    } else {
      phrase = `under \`${pathText(pmPath)}\``;
      const pl = locate(res.node, pmPath);
      const ks = pl?.pair ? keyStart(pl.pair) : undefined;
      line = t.lineOf(ks ?? keyStart(pm.items[0]!)!);
    }
    return { kind: 'shallower', into: pm, target: { path: pmPath, phrase, line, column: tcol } };
  }

  // group consecutive keys with the same destination
  const groups: MisindentGroup[] = [];
  let i = 0;
  while (i < items.length) {
    const c = cands[i];
    if (!c) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.length && cands[j + 1] && sameTarget(cands[j + 1]!, c)) j++;
    if (c.kind === 'shallower' && j !== items.length - 1) {
      // moving keys out of the middle of a mapping would split it: not a re-indentation
      i = j + 1;
      continue;
    }
    groups.push(makeGroup(parentPath, items.slice(i, j + 1), c.target, text));
    i = j + 1;
  }
  return groups;
}

function sameTarget(a: Candidate, b: Candidate): boolean {
  return a.kind === b.kind && a.target.column === b.target.column && a.target.line === b.target.line && pathText(a.target.path) === pathText(b.target.path);
}

function valueEnd(p: Pair): number {
  const v = p.value as Node | null;
  const k = p.key as Node | null;
  return v?.range?.[1] ?? k?.range?.[1] ?? 0;
}

function makeGroup(parentPath: Path, pairs: Pair[], target: MisindentTarget, text: string): MisindentGroup {
  const first = keyStart(pairs[0]!)!;
  const start = lineStart(text, first);
  let end = Math.max(...pairs.map(valueEnd));
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const col = first - start;
  const delta = target.column - col;
  const block = text.slice(start, lineEnd);
  const lines = block.split('\n');
  const out = lines.map((l) => {
    if (/^[ \t]*\r?$/.test(l)) return l;
    if (delta > 0) return ' '.repeat(delta) + l;
    const lead = /^ */.exec(l)![0].length;
    return l.slice(Math.min(lead, -delta));
  });
  const keys = pairs.map((p) => keyString(p)!);
  const names = keys.map((k) => `\`${k}\``);
  const subject = names.length === 1 ? names[0]! : names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
  const n = Math.abs(delta);
  const how = `${delta > 0 ? 'indent' : 'unindent'} ${keys.length === 1 ? 'it' : 'them'} by ${n} space${n === 1 ? '' : 's'}`;
  const message = `${subject} ${keys.length === 1 ? 'belongs' : 'belong'} ${target.phrase} (line ${target.line}); ${how}.`;
  return {
    parentPath,
    keys,
    pairs,
    target,
    delta,
    block: [start, lineEnd],
    fix: { range: [start, lineEnd], text: out.join('\n') },
    message,
  };
}
