/** Promtail: `scrape_configs[].static_configs[].labels.__path__`. */
import { get, items, parseYaml, stringsOf, type ConfigPath } from './embedded.js';

export function promtailPaths(_key: string, text: string): ConfigPath[] {
  if (!text.includes('__path__')) return [];
  const root = parseYaml(text);
  const out: ConfigPath[] = [];
  for (const sc of items(get(root, 'scrape_configs')))
    for (const st of items(get(sc, 'static_configs'))) out.push(...stringsOf(get(get(st, 'labels'), '__path__'), 'static_configs[].labels.__path__', text));
  return out;
}
