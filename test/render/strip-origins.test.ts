/** Origin annotations cut out of a render (src/render/kustomize/run.ts stripOrigins). */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { stripOrigins } from '../../src/render/kustomize/run.js';

const KYAML = `apiVersion: v1
data:
  a: "1"
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      configuredIn: ../base/kustomization.yaml
      configuredBy:
        apiVersion: builtin
        kind: ConfigMapGenerator
  name: cfg-h4sh
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../base/svc.yaml
    team: web
  name: web
spec:
  ports:
  - port: 80
`;

describe('stripOrigins', () => {
  it('cuts the annotation (and an annotations map it empties) out of kustomize’s text, keeps every other byte', () => {
    const r = stripOrigins(KYAML, '/w/wrap');
    expect(r.origins).toEqual([{ configuredIn: '/w/base/kustomization.yaml', generator: 'ConfigMapGenerator' }, { path: '/w/base/svc.yaml' }]);
    expect(r.text).not.toContain('config.kubernetes.io/origin');
    const docs = parseAllDocuments(r.text).map((d) => d.toJS());
    expect(docs[0]).toEqual({ apiVersion: 'v1', data: { a: '1' }, kind: 'ConfigMap', metadata: { name: 'cfg-h4sh' } });
    expect(docs[1].metadata).toEqual({ annotations: { team: 'web' }, name: 'web' });
    expect(r.starts).toEqual([0, r.text.indexOf('apiVersion: v1\nkind: Service')]);
    // the rest is the renderer's text as it was
    expect(r.text.split('\n').every((l) => KYAML.split('\n').includes(l) || l === '')).toBe(true);
  });

  it('another layout (flow style, quoted): read through the yaml AST instead', () => {
    const r = stripOrigins('apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {"config.kubernetes.io/origin": "path: pod.yaml\\n"}}\n', '/w/wrap');
    expect(r.origins).toEqual([{ path: '/w/wrap/pod.yaml' }]);
    expect(parseAllDocuments(r.text)[0]!.toJS()).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
  });

  it('documents without an origin pass through', () => {
    const r = stripOrigins('a: 1\n---\nb: 2\n', '/w');
    expect(r.origins).toEqual([undefined, undefined]);
    expect(r.text).toBe('a: 1\n---\nb: 2\n');
    expect(r.starts).toEqual([0, 9]);
  });
});
