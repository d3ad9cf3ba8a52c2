/** Filebeat: `filebeat.inputs[].paths` of `log`, `filestream` and `container` inputs. */
import { isScalar } from 'yaml';
import { get, items, parseYaml, str, stringsOf, type ConfigPath } from './embedded.js';

const FILE_INPUTS = new Set(['log', 'filestream', 'container']);

export function filebeatPaths(_key: string, text: string): ConfigPath[] {
  if (!text.includes('paths')) return [];
  const root = parseYaml(text);
  const inputs = get(root, 'filebeat.inputs') ?? get(get(root, 'filebeat'), 'inputs');
  const out: ConfigPath[] = [];
  for (const input of items(inputs)) {
    const type = str(get(input, 'type')) ?? 'log';
    if (!FILE_INPUTS.has(type) || isDisabled(get(input, 'enabled'))) continue;
    out.push(...stringsOf(get(input, 'paths'), 'filebeat.inputs[].paths', text));
  }
  return out;
}

function isDisabled(n: ReturnType<typeof get>): boolean {
  return !!n && isScalar(n) && (n.value === false || n.value === 'false');
}
