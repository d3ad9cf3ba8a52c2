/**
 * `subPath` mounts of ConfigMap and Secret volumes that name no file of the
 * volume. Without `items` the volume holds one file per key; with `items`,
 * the items' paths. A subPath naming nothing there makes the kubelet create
 * an empty directory at the mount path, so the application finds a directory
 * where it expects its file. Only objects of the linted set (or the cluster's
 * implicit ones) are checked; proxy config mounts are left to
 * proxy-config-missing, which knows which file the proxy reads.
 */
import type { ContainerInfo, Graph, MountInfo, PodTemplate, VolumeInfo } from '../graph/model.js';
import { allNamed, dataKeys, implicitKeys } from './references.js';
import { proxyFacts } from './proxy/index.js';
import { isObj, trimEndChars } from '../util.js';
import type { RuleContext } from '../engine/types.js';
import { nearNames } from '../engine/suggest.js';
import { list, meanText } from './references.js';
import { focusedTemplates } from '../graph/focus.js';

export interface DanglingSubPath {
  template: PodTemplate;
  container: ContainerInfo;
  mount: MountInfo;
  volume: VolumeInfo;
  kind: 'ConfigMap' | 'Secret';
  objectName: string;
  subPath: string;
  /** The files the volume has (keys, or items' paths). */
  files: string[];
  withItems: boolean;
}

const cache = new WeakMap<Graph, DanglingSubPath[]>();

export function danglingSubPaths(graph: Graph): DanglingSubPath[] {
  let out = cache.get(graph);
  if (out) return out;
  out = [];
  for (const t of focusedTemplates(graph)) {
    const vcts = t.resource.kind === 'StatefulSet' && Array.isArray(t.resource.obj.spec?.volumeClaimTemplates) ? t.resource.obj.spec.volumeClaimTemplates : [];
    for (const c of t.containers) {
      for (const m of c.mounts) {
        const raw = (c.spec as any).volumeMounts?.[m.index]?.subPath;
        const v = m.volume;
        if (typeof raw !== 'string' || !v) continue;
        const sub = trimEndChars(raw.replace(/^(\.\/)+/, ''), '/');
        if (!sub || sub === '.' || sub.startsWith('..')) continue;
        if (vcts.some((x: any) => x?.metadata?.name === v.name)) continue;
        const s = v.spec as any;
        const kind = isObj(s.configMap) ? 'ConfigMap' : isObj(s.secret) ? 'Secret' : undefined;
        if (!kind) continue;
        const src = kind === 'ConfigMap' ? s.configMap : s.secret;
        const name = kind === 'ConfigMap' ? src.name : src.secretName;
        if (typeof name !== 'string' || src.optional === true) continue;
        const first = sub.split('/')[0]!;
        let files: string[];
        const withItems = Array.isArray(src.items) && src.items.length > 0;
        if (withItems) {
          files = src.items.filter(isObj).map((it: any) => (typeof it.path === 'string' ? it.path.replace(/^(\.\/)+/, '') : '')).filter(Boolean);
          if (files.some((p) => p.split('/')[0] === first)) continue;
        } else {
          const objs = allNamed(graph, kind, t.namespace, name);
          const keys = objs.length ? [...new Set(objs.flatMap(dataKeys))] : implicitKeys(kind, name);
          if (!keys || objs.some((o) => o.partial)) continue;
          if (keys.includes(first)) continue;
          files = keys;
        }
        if (proxyOwns(graph, c, m)) continue;
        out.push({ template: t, container: c, mount: m, volume: v, kind, objectName: name, subPath: raw, files, withItems });
      }
    }
  }
  cache.set(graph, out);
  return out;
}

/** proxy-config-missing reports this mount's subPath with the proxy's own message. */
function proxyOwns(graph: Graph, c: ContainerInfo, m: MountInfo): boolean {
  const f = proxyFacts(graph, c);
  return !!f.run?.certain && f.missing.some((x) => x.reason === 'subpath' && x.mount === m);
}

/**
 * Report the dangling subPaths of one kind (shared by dangling-configmap-key
 * and dangling-secret-key; like reportMissingKeys in references.ts).
 */
export function reportSubPaths(ctx: RuleContext, kind: 'ConfigMap' | 'Secret'): void {
  for (const d of danglingSubPaths(ctx.graph)) {
    if (d.kind !== kind) continue;
    const first = d.subPath.replace(/^(\.\/)+/, '').split('/')[0]!;
    const near = nearNames(first, d.files);
    const has = d.files.length
      ? d.withItems
        ? `its \`items\` place ${list(d.files)}`
        : `its keys are ${list(d.files)}`
      : `it has no ${kind === 'Secret' ? '`data` or `stringData`' : '`data` or `binaryData`'}`;
    const vol = d.withItems ? `volume \`${d.volume.name}\` (${kind} \`${d.objectName}\` with \`items\`)` : `volume \`${d.volume.name}\` (${kind} \`${d.objectName}\`)`;
    ctx.report({
      resource: d.mount.resource,
      path: [...d.mount.path, 'subPath'],
      message:
        `\`subPath: ${d.subPath}\` of container \`${d.container.name}\` in ${d.template.label} names no file of ${vol}: ${has}. The kubelet then mounts an empty directory at \`${d.mount.mountPath ?? '(mountPath)'}\`, and the application finds a directory where it expects its file.` +
        (near.length ? meanText(near) : d.withItems ? ' Use an `items[].path` as subPath.' : ` Use a key of the ${kind} as subPath, or add the key.`),
    });
  }
}
