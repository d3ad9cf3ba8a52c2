import { describe, expect, it } from 'vitest';
import { filesAt, landsOn, mountFor, resolvePath, sharedVolume, volumeContents, volumeType } from '../../src/analyze/fsview.js';
import { lintTexts } from '../../src/engine/lint.js';
import { y } from '../helpers/rule-tester.js';

const text = y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: app-config}
  data:
    app.conf: "a=1"
    log.conf: "b=2"
  ---
  apiVersion: v1
  kind: Secret
  metadata: {name: tls}
  stringData: {tls.crt: x, tls.key: y}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    template:
      spec:
        initContainers:
        - name: init
          image: busybox
          volumeMounts:
          - {name: shared, mountPath: /work/}
        containers:
        - name: app
          image: app
          workingDir: /srv
          volumeMounts:
          - {name: shared, mountPath: /data}
          - {name: shared, mountPath: /data/cache, subPath: cache}
          - {name: config, mountPath: /etc/app}
          - {name: config, mountPath: /etc/single.conf, subPath: app.conf}
          - {name: picked, mountPath: /etc/picked}
          - {name: all, mountPath: /etc/all}
          - {name: external, mountPath: /etc/ext}
        - name: sidecar
          image: busybox
          volumeMounts:
          - {name: config, mountPath: /cfg, readOnly: true}
        volumes:
        - {name: shared, emptyDir: {}}
        - name: config
          configMap: {name: app-config}
        - name: picked
          configMap:
            name: app-config
            items: [{key: app.conf, path: conf/app.yaml}]
        - name: all
          projected:
            sources:
            - configMap: {name: app-config, items: [{key: log.conf, path: log.conf}]}
            - secret: {name: tls}
            - serviceAccountToken: {path: token}
            - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
        - name: external
          configMap: {name: not-in-the-set}
        - name: unset
`;
const g = lintTexts([{ path: 't.yaml', text }], { only: [] }).graph;
const t = g.templates[0]!;
const init = t.containers.find((c) => c.name === 'init')!;
const app = t.containers.find((c) => c.name === 'app')!;
const sidecar = t.containers.find((c) => c.name === 'sidecar')!;
const vol = (n: string) => t.volumes.find((v) => v.name === n)!;

describe('mountFor', () => {
  it('longest mount path wins; subPath prefixes the path inside the volume; trailing slashes are ignored', () => {
    expect(mountFor(app, '/data/x/y.txt')).toMatchObject({ mountPath: '/data', rel: 'x/y.txt' });
    expect(mountFor(app, '/data/cache/z')).toMatchObject({ mountPath: '/data/cache', rel: 'cache/z' });
    expect(mountFor(app, '/data')).toMatchObject({ mountPath: '/data', rel: '' });
    expect(mountFor(init, '/work/a')).toMatchObject({ mountPath: '/work', rel: 'a' });
    expect(mountFor(app, '/data2/x')).toBeUndefined();
    expect(mountFor(app, 'relative/x')).toBeUndefined();
    expect(mountFor(app, '/data/../etc/app/app.conf')?.mountPath).toBe('/etc/app');
  });
});

describe('resolvePath', () => {
  it('relative paths use cwd, then workingDir; unknown WORKDIR otherwise', () => {
    expect(resolvePath(app, 'out/x')).toEqual({ abs: '/srv/out/x', unknownWorkdir: false });
    expect(resolvePath(app, 'x', '/tmp')).toEqual({ abs: '/tmp/x', unknownWorkdir: false });
    expect(resolvePath(sidecar, 'out/x')).toEqual({ unknownWorkdir: true });
    expect(resolvePath(sidecar, '/a//b/./c')).toEqual({ abs: '/a/b/c', unknownWorkdir: false });
  });
});

describe('volumes', () => {
  it('sharedVolume and volumeType (an unset source is an emptyDir)', () => {
    expect(sharedVolume(vol('shared'))).toBe(true);
    expect(sharedVolume(vol('config'))).toBe(true);
    expect(sharedVolume(vol('picked'))).toBe(false);
    expect(volumeType(vol('unset'))).toBe('emptyDir');
    expect(volumeType(vol('picked'))).toBe('configMap');
  });
  it('volumeContents: keys, items, projected sources; unknown objects are incomplete', () => {
    expect(volumeContents(g, vol('config'))).toMatchObject({ complete: true, files: [{ rel: 'app.conf', key: 'app.conf' }, { rel: 'log.conf', key: 'log.conf' }] });
    expect(volumeContents(g, vol('picked'))).toMatchObject({ complete: true, files: [{ rel: 'conf/app.yaml', key: 'app.conf' }] });
    expect(volumeContents(g, vol('all'))!.files.map((f) => `${f.source.kind}:${f.rel}`)).toEqual(['ConfigMap:log.conf', 'Secret:tls.crt', 'Secret:tls.key', 'serviceAccountToken:token', 'downwardAPI:labels']);
    expect(volumeContents(g, vol('external'))).toEqual({ files: [], complete: false });
    expect(volumeContents(g, vol('shared'))).toBeUndefined();
  });
});

describe('landsOn', () => {
  it('names the volume and the key a path lands on', () => {
    expect(landsOn(g, app, '/etc/app/app.conf')).toMatchObject({ rel: 'app.conf', known: true, file: { key: 'app.conf', source: { kind: 'ConfigMap', name: 'app-config' } } });
    expect(landsOn(g, app, '/etc/single.conf')).toMatchObject({ rel: 'app.conf', file: { key: 'app.conf' } });
    expect(landsOn(g, app, '/etc/picked/conf/app.yaml')).toMatchObject({ file: { key: 'app.conf' } });
    const missing = landsOn(g, app, '/etc/app/nope.conf')!;
    expect(missing.file).toBeUndefined();
    expect(missing.known).toBe(true);
    expect(landsOn(g, app, '/etc/ext/x')).toMatchObject({ known: false });
    expect(landsOn(g, app, '/data/a')).toMatchObject({ known: false, volume: { name: 'shared' } });
    expect(landsOn(g, sidecar, '/etc/app/app.conf')).toBeUndefined();
  });
});

describe('filesAt', () => {
  it('lists the files a container sees in a directory of a known volume', () => {
    expect(filesAt(g, app, '/etc/app')!.map((e) => e.name)).toEqual(['app.conf', 'log.conf']);
    expect(filesAt(g, app, '/etc/picked')!.map((e) => `${e.name}${e.dir ? '/' : ''}`)).toEqual(['conf/']);
    expect(filesAt(g, app, '/etc/picked/conf')!.map((e) => e.name)).toEqual(['app.yaml']);
    expect(filesAt(g, sidecar, '/cfg/')!.map((e) => e.name)).toEqual(['app.conf', 'log.conf']);
  });
  it('is undefined where podlint cannot know (emptyDir, objects outside the set, no mount)', () => {
    expect(filesAt(g, app, '/data')).toBeUndefined();
    expect(filesAt(g, app, '/etc/ext')).toBeUndefined();
    expect(filesAt(g, app, '/usr/bin')).toBeUndefined();
  });
});
