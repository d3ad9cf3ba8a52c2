/**
 * What a manifest file defines and what it mentions, as tokens, so that the
 * language server can re-lint one file against only the workspace files that
 * can change its findings (see related() in workspace.ts):
 *
 * - names: `N:<name>` — defined by each resource's `metadata.name`; mentioned
 *   by every string value, whole and split into host-like words (a proxy
 *   config's `server a ambassador-svc.ns:8081` mentions `ambassador-svc`);
 * - labels: `L:<key>=<value>` — defined by pod template and object labels,
 *   mentioned by selectors (`selector`, `matchLabels`); `K:<key>` for
 *   `matchExpressions` keys;
 * - kinds: `C:<group>/<Kind>` — defined by a CRD, mentioned by a custom resource.
 *
 * Tokens over-approximate what the rules relate (an unrelated file that
 * mentions the same word is merely linted as context), never under-approximate
 * the references the rules resolve by name, label or kind.
 */
import type { ParsedFile } from '../load/parse.js';
import { trimEndChars } from '../util.js';

export interface FileTokens {
  defined: Set<string>;
  mentioned: Set<string>;
  /** Names in reference position (`name`, `claimName`, `secretName` …) not defined in the file itself: near-miss candidates. */
  refNames: Set<string>;
  /** `key=value` pairs of its selectors: templates with a near value for the key are "closest" candidates. */
  selectorPairs: Set<string>;
  /** The file is read by every lint (Namespaces, admission policies …). */
  global: boolean;
}

const MAX_STRING = 1_000_000;
const MAX_WORDS_PER_STRING = 50_000;
const WORD = /[A-Za-z0-9][A-Za-z0-9._-]{0,252}/g;
const REF_KEY = /(name|^address|^host|^hostname)$/i;
const HOST_PORT = /([A-Za-z][A-Za-z0-9.-]{0,252}):\d{1,5}(?![0-9])/g;
const GLOBAL_KINDS = new Set(['Namespace', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'LimitRange']);
const SELECTOR_KEYS = new Set(['selector', 'matchLabels', 'podSelector', 'namespaceSelector']);

export function fileTokens(p: ParsedFile): FileTokens {
  const t: FileTokens = { defined: new Set(), mentioned: new Set(), refNames: new Set(), selectorPairs: new Set(), global: false };
  for (const r of p.resources) {
    const o = r.obj;
    if (typeof r.name === 'string') t.defined.add('N:' + r.name);
    if (GLOBAL_KINDS.has(r.kind)) t.global = true;
    if (r.kind === 'CustomResourceDefinition') {
      const group = o?.spec?.group;
      const kind = o?.spec?.names?.kind;
      if (typeof kind === 'string') t.defined.add(`C:${group ?? ''}/${kind}`);
    } else if (typeof r.apiVersion === 'string' && r.apiVersion.includes('/')) {
      t.mentioned.add(`C:${r.apiVersion.slice(0, r.apiVersion.indexOf('/'))}/${r.kind}`);
    }
    walk(o, t, '', 0);
  }
  for (const n of t.refNames) if (t.defined.has('N:' + n)) t.refNames.delete(n);
  return t;
}

function walk(v: unknown, t: FileTokens, key: string, depth: number): void {
  if (depth > 64 || v === null || v === undefined) return;
  if (typeof v === 'string') {
    mentionString(v, t);
    if (REF_KEY.test(key) && v.length <= 253) t.refNames.add(v);
    else if (v.includes(':')) {
      // host:port in commands, env values and proxy configs: a Service name that may be misspelt
      HOST_PORT.lastIndex = 0;
      let m: RegExpExecArray | null;
      let n = 0;
      while ((m = HOST_PORT.exec(v.length > MAX_STRING ? v.slice(0, MAX_STRING) : v)) && n++ < MAX_WORDS_PER_STRING) t.refNames.add(m[1]!.split('.')[0]!);
    }
    return;
  }
  if (typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) walk(x, t, key, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  if (key === 'labels') for (const [k, x] of Object.entries(o)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') (t.defined.add(`L:${k}=${x}`), t.defined.add('K:' + k));
  if (SELECTOR_KEYS.has(key)) {
    for (const [k, x] of Object.entries(o)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') (t.mentioned.add(`L:${k}=${x}`), t.selectorPairs.add(`${k}=${x}`));
  }
  if (key === 'matchExpressions' || (typeof o.key === 'string' && typeof o.operator === 'string')) {
    if (typeof o.key === 'string') t.mentioned.add('K:' + o.key);
  }
  for (const [k, x] of Object.entries(o)) walk(x, t, k, depth + 1);
}

function mentionString(s: string, t: FileTokens): void {
  if (s.length <= 253) t.mentioned.add('N:' + s);
  const text = s.length > MAX_STRING ? s.slice(0, MAX_STRING) : s;
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = WORD.exec(text)) && n++ < MAX_WORDS_PER_STRING) {
    const w = trimEndChars(m[0], '.-');
    t.mentioned.add('N:' + w);
    const dot = w.indexOf('.');
    if (dot > 0) t.mentioned.add('N:' + w.slice(0, dot));
  }
}
