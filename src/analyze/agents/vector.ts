/**
 * Vector (vector.dev): `file` sources read `include` globs.
 * YAML/JSON (`sources.<id>.include`) and TOML (`[sources.<id>]`, `include = [...]`).
 */
import { entries, get, parseYaml, str, stringsOf, type ConfigPath } from './embedded.js';
import { someLineStartsWith, stripHashComment } from '../../util.js';

export function vectorPaths(key: string, text: string): ConfigPath[] {
  if (/\.toml$/i.test(key) || (!/\.(ya?ml|json)$/i.test(key) && someLineStartsWith(text, '[sources.'))) return vectorToml(text);
  const root = parseYaml(text);
  const out: ConfigPath[] = [];
  for (const [id, src] of entries(get(root, 'sources'))) {
    if (str(get(src, 'type')) !== 'file') continue;
    out.push(...stringsOf(get(src, 'include'), `sources.${id}.include`, text));
  }
  return out;
}

/** A minimal TOML reading: `[sources.<id>]` tables, their `type` and `include` array (single- or multi-line). */
function vectorToml(text: string): ConfigPath[] {
  const out: ConfigPath[] = [];
  const tables: { id: string; type?: string; include: ConfigPath[] }[] = [];
  let cur: (typeof tables)[number] | undefined;
  const lineRe = /^[^\n]*$/gm;
  let inInclude = false;
  for (let m; (m = lineRe.exec(text)); ) {
    if (m[0].length === 0 && lineRe.lastIndex === m.index) lineRe.lastIndex++;
    const line = stripHashComment(m[0]);
    const at = m.index;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header && !inInclude) {
      const name = header[1]!.trim();
      const sm = /^sources\.([A-Za-z0-9_\-]+|"[^"]+")$/.exec(name);
      cur = sm ? { id: sm[1]!.replace(/"/g, ''), include: [] } : undefined;
      if (cur) tables.push(cur);
      continue;
    }
    if (!cur) continue;
    const type = /^\s*type\s*=\s*["']([^"']*)["']/.exec(line);
    if (type) cur.type = type[1];
    const inc = /^\s*include\s*=\s*\[/.exec(line);
    let from = -1;
    if (inc) {
      inInclude = true;
      from = inc[0].length;
    } else if (inInclude) from = 0;
    if (from >= 0) {
      const rest = line.slice(from);
      const close = rest.indexOf(']');
      const body = close >= 0 ? rest.slice(0, close) : rest;
      for (const s of body.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)) {
        const v = s[1] ?? s[2]!;
        const start = at + from + s.index! + 1;
        cur.include.push({ path: v, start, end: start + v.length, where: `sources.${cur.id}.include` });
      }
      if (close >= 0) inInclude = false;
    }
  }
  for (const t of tables) if (t.type === 'file') out.push(...t.include);
  return out;
}
