/** OpenTelemetry Collector: `receivers.filelog[/name].include`. */
import { entries, get, parseYaml, stringsOf, type ConfigPath } from './embedded.js';

export function otelPaths(_key: string, text: string): ConfigPath[] {
  if (!text.includes('filelog')) return [];
  const root = parseYaml(text);
  const out: ConfigPath[] = [];
  for (const [id, r] of entries(get(root, 'receivers'))) {
    if (id !== 'filelog' && !id.startsWith('filelog/')) continue;
    out.push(...stringsOf(get(r, 'include'), `receivers.${id}.include`, text));
  }
  return out;
}
