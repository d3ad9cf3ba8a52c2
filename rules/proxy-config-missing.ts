import { isScalar, type Node } from 'yaml';
import type { Fix, Report, Rule } from '../src/engine/types.js';
import { locate } from '../src/load/nodes.js';
import { replaceScalarFix } from '../src/engine/fixes.js';
import { nearNames } from '../src/engine/suggest.js';
import { proxyFacts, type MissingConfig } from '../src/analyze/proxy/index.js';
import { basename, dirname, normPath, volumeContents, type ContainerFile } from '../src/analyze/proxy/files.js';
import { readingTemplates } from '../src/graph/focus.js';

const PROXY_NAME = { haproxy: 'haproxy', nginx: 'nginx', envoy: 'Envoy' } as const;

const ticks = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');

/** How a mounted file got where it is: `ConfigMap \`x\` key \`k\``. */
function origin(f: ContainerFile): string {
  const e = f.entry;
  const kind = e.source === 'configMap' ? 'ConfigMap' : e.source === 'secret' ? 'Secret' : 'volume';
  return e.resource ? `${kind} \`${e.resource.name}\` key \`${e.key}\`` : `volume \`${e.volume.name}\``;
}

function volumeText(m: MissingConfig): string {
  const v = m.mount.volume;
  const s = v?.spec as any;
  const cm = s?.configMap?.name ?? s?.secret?.secretName;
  return `volume \`${m.mount.name}\`${cm ? ` (${s?.configMap ? 'ConfigMap' : 'Secret'} \`${cm}\`)` : ''}`;
}

/**
 * The command/args word of a container that names `path` (`-f PATH`, `-fPATH`,
 * `--config-path=PATH` ...), with whether the word is exactly the path (so a
 * fix can replace it). Undefined when the path comes from a script.
 */
function argvWord(c: MissingConfig['container'], path: string): { path: (string | number)[]; exact: boolean } | undefined {
  const spec = c.spec as any;
  for (const field of ['command', 'args'] as const) {
    const words = spec[field];
    if (!Array.isArray(words)) continue;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (typeof w !== 'string') continue;
      const v = w.trim();
      if (v === path || normPath(v) === path) return { path: [...c.path, field, i], exact: v === path };
      const eq = v.match(/^(?:-f|-c|--config-path)=?(.+)$/);
      if (eq && normPath(eq[1]!) === path) return { path: [...c.path, field, i], exact: false };
    }
  }
  return undefined;
}

/**
 * A proxy container (haproxy, nginx, Envoy) mounts a configuration volume
 * that does not supply the file the proxy reads: the ConfigMap has no such
 * key, `items` place it under another name, `subPath` names a missing key,
 * the file is mounted under another name or directory, or nginx's conf.d
 * holds no `*.conf` file.
 */
const rule: Rule = {
  meta: {
    id: 'proxy-config-missing',
    description: 'A haproxy, nginx or Envoy container mounts a config volume that does not supply the file the proxy reads (wrong key, items path, subPath or file name).',
    severity: 'error',
    fixable: true,
    category: 'patterns',
    docs: 'docs/rules/proxy-config-missing.md',
  },
  check(ctx) {
    const g = ctx.graph;
    const done = new Set<string>();
    for (const t of readingTemplates(g)) {
      for (const c of t.containers) {
        const facts = proxyFacts(g, c);
        if (!facts.run?.certain) continue;
        for (const m of facts.missing) {
          const r = build(m);
          if (!r) continue;
          const f = r.file ?? r.resource?.file;
          const key = `${f?.path}|${r.resource?.id}|${JSON.stringify(r.path ?? r.range)}|${r.message}`;
          if (done.has(key)) continue;
          done.add(key);
          ctx.report(r);
        }
      }
    }

    function build(m: MissingConfig): Report | undefined {
      const c = m.container;
      const proxy = PROXY_NAME[m.run.kind];
      const image = c.image ? ` (image \`${c.image}\`)` : '';
      const reads = `${proxy}${image} reads ${m.path}`;
      const who = `container \`${c.name}\` of ${c.template.label}`;
      const mountPath = [...m.mount.path, 'mountPath'];
      const rel = (dir: string) => (m.path.startsWith(dir + '/') ? m.path.slice(dir.length + 1) : basename(m.path));

      if (m.reason === 'subpath') {
        const v = m.mount.volume;
        const entries = v ? volumeContents(g, v).entries.map((e) => e.relPath) : [];
        const sub = normPath(m.mount.subPath ?? '').slice(1);
        const near = nearNames(sub, entries);
        const subPath = [...m.mount.path, 'subPath'];
        return {
          resource: m.mount.resource,
          path: subPath,
          message:
            `subPath \`${m.mount.subPath}\` of ${volumeText(m)} names no file of the volume, so ${who} gets no ${m.path} and ${proxy} cannot read its configuration` +
            `${entries.length ? ` (the volume has ${ticks(entries)})` : ''}.${near.length ? ` Did you mean ${ticks(near).replace(/, /g, ' or ')}?` : ' Use the ConfigMap key as subPath.'}`,
          fix: near.length === 1 ? replaceScalarFix(m.mount.resource, subPath, near[0]!) : undefined,
        };
      }

      if (m.reason === 'directory') {
        const names = m.siblings.map((s) => basename(s.path));
        const key = m.near ? (m.near.entry.itemPath ? m.near.entry.relPath : m.near.entry.key) : undefined;
        return {
          resource: m.mount.resource,
          path: mountPath,
          message:
            `${volumeText(m)} is mounted at ${m.path} without \`subPath\`, so ${m.path} is a directory (holding ${ticks(names)}) in ${who} and ${proxy} cannot read it as its configuration file.` +
            ` Add \`subPath: ${key ?? basename(m.path)}\` to the mount, or mount the volume at ${dirname(m.path)}.`,
        };
      }

      if (m.reason === 'extension') {
        const f = m.near;
        const names = m.siblings.map((s) => basename(s.path));
        const dir = m.path.replace(/\/\*\.conf$/, '');
        if (f) {
          const want = basename(f.path).replace(/\.[^.]*$/, '') + '.conf';
          return at(f, `${origin(f)} is mounted at ${f.path} in ${who}, but the image's nginx.conf only includes ${dir}/*.conf, so this configuration is never read. Did you mean \`${want}\`?`, want);
        }
        return {
          resource: m.mount.resource,
          path: mountPath,
          message: `${volumeText(m)} is mounted at ${dir} in ${who}, but none of its files (${ticks(names)}) ends in \`.conf\`: the image's nginx.conf only includes ${dir}/*.conf, so they are never read. Rename the keys to \`*.conf\`.`,
        };
      }

      if (m.reason === 'elsewhere') {
        const f = m.near!;
        const mp = normPath(f.mount.mountPath ?? '');
        // The file is mounted under another name (same directory) or in another directory.
        const fileMount = mp === f.path;
        const target = fileMount ? m.path : dirname(m.path);
        const sameDir = dirname(f.path) === dirname(m.path);
        const flag = m.run.kind === 'haproxy' ? `-f ${f.path}` : m.run.kind === 'envoy' ? `-c ${f.path}` : `-c ${f.path}`;
        const can = fileMount || (!sameDir && basename(f.path) === basename(m.path));
        return {
          resource: f.mount.resource,
          path: [...f.mount.path, 'mountPath'],
          message:
            `${origin(f)} is mounted at ${f.path} in ${who}, but ${reads}, so this configuration is never read.` +
            (can ? ` Did you mean mountPath \`${target}\`?` : '') +
            ` Mount it at ${m.path}${m.run.kind === 'nginx' ? '' : ` or pass \`${flag}\``}.`,
          fix: can && f.mount.mountPath !== target ? replaceScalarFix(f.mount.resource, [...f.mount.path, 'mountPath'], target) : undefined,
        };
      }

      // absent: a mount with known content covers the path but holds no such file.
      const f = m.near;
      const mdir = normPath(m.mount.mountPath ?? '/');
      const want = rel(mdir);
      // The path comes from the command line (`haproxy -f FILE`, `nginx -c FILE`, `envoy -c FILE`,
      // `--config-path FILE`): the finding points at that argument.
      const word = m.run.explicit ? argvWord(c, m.path) : undefined;
      if (word) {
        const names = m.siblings.map((s) => basename(s.path));
        const near = nearNames(basename(m.path), names);
        const suggestion = near.length === 1 ? `${dirname(m.path) === '/' ? '' : dirname(m.path)}/${near[0]}` : undefined;
        return {
          resource: c.resource,
          path: word.path,
          message:
            `${reads} (named here), which ${volumeText(m)} mounted at ${m.mount.mountPath} does not supply` +
            `${names.length ? ` (it holds ${ticks(names)})` : ''}, so ${proxy} cannot start.` +
            (suggestion ? ` Did you mean \`${suggestion}\`?` : ` Add the key \`${basename(m.path)}\` to the ${volumeText(m).includes('Secret') ? 'Secret' : 'ConfigMap'} or name a file the mount supplies.`),
          fix: suggestion && word.exact ? replaceScalarFix(c.resource, word.path, suggestion) : undefined,
        };
      }
      if (f) {
        if (f.mount === m.mount && dirname(f.path) === dirname(m.path)) {
          return at(f, `${origin(f)} is mounted at ${f.path} in ${who}, but ${reads}, which ${volumeText(m)} does not supply. Did you mean \`${f.entry.itemPath ? want : basename(m.path)}\`?`, want);
        }
      }
      const names = m.siblings.map((s) => basename(s.path));
      return {
        resource: m.mount.resource,
        path: mountPath,
        message:
          `${volumeText(m)} is mounted at ${m.mount.mountPath} in ${who}, but it does not supply \`${want}\`: ${reads}` +
          `${names.length ? ` (the mount holds ${ticks(names)})` : ' (the mount holds no file there)'}, and the mount hides the image's own files there.` +
          ` Add the key \`${basename(m.path)}\` to the ConfigMap or map an existing key to it with \`items\`.`,
      };
    }

    /**
     * Rename the ConfigMap key to `to`, when only this pod template uses the
     * ConfigMap (another consumer may rely on the old key) and the key is a
     * plain scalar.
     */
    function renameKeyFix(f: ContainerFile, to: string): Fix | undefined {
      const e = f.entry;
      if (!e.resource || !e.keyPath || e.source !== 'configMap' || to.includes('/')) return undefined;
      const users = g.edges.filter((x) => x.to === e.resource);
      if (users.some((x) => x.template !== f.mount.container.template)) return undefined;
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(to) || Object.prototype.hasOwnProperty.call(e.resource.obj.data ?? {}, to)) return undefined;
      const key = locate(e.resource.node, e.keyPath)?.pair?.key as Node | undefined;
      if (!key || !isScalar(key) || key.type !== 'PLAIN' || !key.range) return undefined;
      return { range: [key.range[0], key.range[1]], text: to };
    }

    /** Report at the ConfigMap key (or the items[].path that placed the file), with a fix for items paths. */
    function at(f: ContainerFile, message: string, want: string): Report {
      const e = f.entry;
      if (e.itemPath) {
        return { resource: f.mount.resource, path: e.itemPath, message, fix: replaceScalarFix(f.mount.resource, e.itemPath, want) };
      }
      if (e.resource && e.keyPath) return { resource: e.resource, path: e.keyPath, part: 'key', message, fix: renameKeyFix(f, want) };
      return { resource: f.mount.resource, path: [...f.mount.path, 'mountPath'], message };
    }
  },
};
export default rule;
