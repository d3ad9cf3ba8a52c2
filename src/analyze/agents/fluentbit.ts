/**
 * Fluent Bit: `tail` inputs read `Path` (comma-separated globs).
 * Classic format (`[INPUT]` sections of `Key Value` lines) and YAML
 * (`pipeline.inputs[].path`).
 */
import { get, items, parseYaml, str, stringsOf, type ConfigPath } from './embedded.js';
import { someLineStartsWith } from '../../util.js';

export function fluentBitPaths(key: string, text: string): ConfigPath[] {
  if (/\.ya?ml$/i.test(key)) return fluentBitYaml(text);
  if (!someLineStartsWith(text, '[INPUT]', true)) return [];
  const out: ConfigPath[] = [];
  let section: string | undefined;
  let name: string | undefined;
  let paths: ConfigPath[] = [];
  const flush = () => {
    if (section === 'INPUT' && name === 'tail') out.push(...paths);
    name = undefined;
    paths = [];
  };
  const lineRe = /^[^\n]*$/gm;
  for (let m; (m = lineRe.exec(text)); ) {
    if (m[0].length === 0) lineRe.lastIndex++;
    const line = m[0];
    const head = /^\s*\[([A-Za-z_]+)\]\s*$/.exec(line);
    if (head) {
      flush();
      section = head[1]!.toUpperCase();
      continue;
    }
    if (/^\s*(#|@)/.test(line)) continue;
    const kv = /^(\s*)([A-Za-z_.]+)(\s+)(\S.*?)\s*$/.exec(line);
    if (!kv || section !== 'INPUT') continue;
    const k = kv[2]!.toLowerCase();
    const vStart = m.index + kv[1]!.length + kv[2]!.length + kv[3]!.length;
    if (k === 'name') name = kv[4]!.toLowerCase();
    else if (k === 'path') {
      let off = 0;
      for (const part of kv[4]!.split(',')) {
        const lead = part.length - part.trimStart().length;
        const p = part.trim();
        if (p) paths.push({ path: p, start: vStart + off + lead, end: vStart + off + lead + p.length, where: '[INPUT] Path' });
        off += part.length + 1;
      }
    }
  }
  flush();
  return out;
}

function fluentBitYaml(text: string): ConfigPath[] {
  const root = parseYaml(text);
  const out: ConfigPath[] = [];
  for (const input of items(get(get(root, 'pipeline'), 'inputs'))) {
    if (str(get(input, 'name'))?.toLowerCase() !== 'tail') continue;
    for (const p of stringsOf(get(input, 'path'), 'pipeline.inputs[].path', text)) {
      // `path` may list several globs separated by commas.
      let off = 0;
      for (const part of p.path.split(',')) {
        const lead = part.length - part.trimStart().length;
        const v = part.trim();
        if (v) out.push({ ...p, path: v, start: p.start + off + lead, end: p.start + off + lead + v.length });
        off += part.length + 1;
      }
    }
  }
  return out;
}
