/**
 * Log and metrics agents read the files they ship from their configuration,
 * not from their command line: Vector (`sources.*.include`), Fluent Bit
 * (`[INPUT] Path`, YAML `pipeline.inputs[].path`), Promtail (`__path__`),
 * Filebeat (`paths`), the OpenTelemetry Collector's `filelog` receiver
 * (`include`). For a container running such an agent, `agentReads` parses
 * the configuration files of the ConfigMaps mounted into it and returns the
 * paths (globs) it reads, each with its position in the ConfigMap's file.
 * Paths with variables (`${HOSTNAME}`, `$__env{...}`) are skipped.
 */
import type { ContainerInfo, GResource, Graph } from '../../graph/model.js';
import type { SourceFile } from '../../load/source.js';
import { locate, scalarOffset } from '../../load/nodes.js';
import { allNamed } from '../references.js';
import { isObj } from '../../util.js';
import type { ConfigPath } from './embedded.js';
import { vectorPaths } from './vector.js';
import { fluentBitPaths } from './fluentbit.js';
import { promtailPaths } from './promtail.js';
import { filebeatPaths } from './filebeat.js';
import { otelPaths } from './otel.js';

export type AgentKind = 'vector' | 'fluent-bit' | 'promtail' | 'filebeat' | 'otel-collector';

interface AgentModel {
  name: string;
  /** Matches the image's repository (registry and tag stripped). */
  image: RegExp;
  /** Config keys worth parsing. */
  keys: RegExp;
  parse: (key: string, text: string) => ConfigPath[];
}

const AGENTS: Record<AgentKind, AgentModel> = {
  vector: { name: 'Vector', image: /(^|\/)vector$/, keys: /\.(ya?ml|toml|json)$/i, parse: vectorPaths },
  'fluent-bit': { name: 'Fluent Bit', image: /(^|\/)fluent-?bit$/, keys: /\.(conf|ya?ml)$/i, parse: fluentBitPaths },
  promtail: { name: 'Promtail', image: /(^|\/)promtail$/, keys: /\.ya?ml$/i, parse: promtailPaths },
  filebeat: { name: 'Filebeat', image: /(^|\/)filebeat(-oss)?$/, keys: /\.ya?ml$/i, parse: filebeatPaths },
  'otel-collector': { name: 'the OpenTelemetry Collector', image: /(^|\/)(opentelemetry-collector(-contrib|-k8s)?|otelcol(-contrib|-k8s)?)$/, keys: /\.ya?ml$/i, parse: otelPaths },
};

export interface AgentRead {
  agent: AgentKind;
  agentName: string;
  path: string;
  /** Where in the configuration: `sources.app.include`, `[INPUT] Path` ... */
  where: string;
  configMap: GResource;
  key: string;
  file: SourceFile;
  fileRange: [number, number];
}

const AGENT_ENTRIES = Object.entries(AGENTS) as [AgentKind, AgentModel][];

/** A word every image AGENTS match holds (one native search turns most images away). */
const AGENT_HINT = /vector|fluent|promtail|filebeat|otel|opentelemetry/i;

/** The agent a container runs, by its image. */
export function agentOf(c: ContainerInfo): AgentKind | undefined {
  if (!c.image || !AGENT_HINT.test(c.image)) return undefined;
  let repo = c.image.split('@')[0]!;
  const slash = repo.lastIndexOf('/');
  const colon = repo.lastIndexOf(':');
  if (colon > slash) repo = repo.slice(0, colon);
  repo = repo.toLowerCase();
  for (let i = 0; i < AGENT_ENTRIES.length; i++) if (AGENT_ENTRIES[i]![1].image.test(repo)) return AGENT_ENTRIES[i]![0];
  return undefined;
}

const cache = new WeakMap<ContainerInfo, AgentRead[]>();

export function agentReads(graph: Graph, c: ContainerInfo): AgentRead[] {
  const hit = cache.get(c);
  if (hit) return hit;
  const out: AgentRead[] = [];
  cache.set(c, out);
  const kind = agentOf(c);
  if (!kind) return out;
  const model = AGENTS[kind];
  const seen = new Set<GResource>();
  for (const m of c.mounts) {
    const s = m.volume?.spec as any;
    const names: string[] = [];
    if (isObj(s?.configMap) && typeof s.configMap.name === 'string') names.push(s.configMap.name);
    if (isObj(s?.projected) && Array.isArray(s.projected.sources))
      for (const src of s.projected.sources) if (isObj(src?.configMap) && typeof src.configMap.name === 'string') names.push(src.configMap.name);
    for (const name of names)
      for (const cm of allNamed(graph, 'ConfigMap', c.template.namespace, name)) {
        if (seen.has(cm)) continue;
        seen.add(cm);
        const data = cm.obj.data;
        if (!isObj(data)) continue;
        for (const [key, text] of Object.entries(data)) {
          if (typeof text !== 'string' || !model.keys.test(key)) continue;
          let paths: ConfigPath[];
          try {
            paths = model.parse(key, text);
          } catch {
            continue; // a configuration podlint cannot read is not a finding
          }
          const usable = paths.filter((p) => p.path.startsWith('/') && !p.path.includes('$'));
          if (!usable.length) continue;
          const node = locate(cm.node, ['data', key])?.node;
          if (!node) continue;
          for (const p of usable) {
            const fileRange: [number, number] = [scalarOffset(cm.file.text, node, p.start), scalarOffset(cm.file.text, node, p.end)];
            out.push({ agent: kind, agentName: model.name, path: p.path, where: p.where, configMap: cm, key, file: cm.file, fileRange });
          }
        }
      }
  }
  return out;
}
