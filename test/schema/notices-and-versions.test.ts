import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';
import { resolveVersion, parseVersion } from '../../src/schema/versions.js';
import { allDeprecations, deprecationOf, statusAt } from '../../src/schema/deprecations.js';
import { schemaSet } from '../../src/schema/load.js';

const SCHEMA_RULES = ['schema', 'unknown-field', 'misindented-field', 'deprecated-api-version'];

describe('kinds without a schema', () => {
  it('get one notice per kind, never a finding; Kustomize files are skipped silently', () => {
    const text = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: ServiceMonitor',
      'metadata: {name: a}',
      'spec: {bogus: 1}',
      '---',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: ServiceMonitor',
      'metadata: {name: b}',
      '---',
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources: [x.yaml]',
      '---',
      'apiVersion: kustomize.config.k8s.io/v1alpha1',
      'kind: Component',
      '',
    ].join('\n');
    const res = lintTexts([{ path: 'm.yaml', text }], { only: SCHEMA_RULES });
    expect(res.results.flatMap((r) => r.findings)).toEqual([]);
    expect(res.notices).toEqual(['no schema for kind ServiceMonitor (apiVersion monitoring.coreos.com/v1); skipped']);
  });

  it('a CRD that does not serve the requested version says so', () => {
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: things.example.com}',
      'spec:',
      '  group: example.com',
      '  scope: Namespaced',
      '  names: {kind: Thing, plural: things}',
      '  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]',
      '',
    ].join('\n');
    const res = lintTexts(
      [
        { path: 'crd.yaml', text: crd },
        { path: 't.yaml', text: 'apiVersion: example.com/v2\nkind: Thing\nmetadata: {name: t}\n' },
      ],
      { only: SCHEMA_RULES },
    );
    expect(res.notices).toEqual(['no schema for kind Thing (apiVersion example.com/v2): its CustomResourceDefinition does not serve that version; skipped']);
  });
});

describe('--kubernetes-version', () => {
  it('parses the usual spellings', () => {
    expect(parseVersion('1.29')).toEqual({ major: 1, minor: 29 });
    expect(parseVersion('v1.29.3')).toEqual({ major: 1, minor: 29 });
    expect(parseVersion('1.30.0-rc.1')).toEqual({ major: 1, minor: 30 });
    expect(parseVersion('latest')).toBeUndefined();
  });
  it('the shipped version (default) needs no notice', () => {
    expect(resolveVersion(undefined)).toEqual({ target: { major: 1, minor: 36 }, schemaVersion: '1.36' });
    expect(resolveVersion('1.36.2').notice).toBeUndefined();
  });
  it('another version validates with the nearest shipped set, with one notice, and still drives deprecations', () => {
    const text = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: b\n    imagePullPolicy: sometimes\n';
    const res = lintTexts([{ path: 'x.yaml', text }], { only: SCHEMA_RULES, kubernetesVersion: '1.22' });
    expect(res.notices).toEqual(['schemas for Kubernetes 1.22 are not shipped; validating with the nearest shipped set (1.36). Shipped: 1.36']);
    const fs = res.results.flatMap((r) => r.findings).map((f) => `${f.ruleId} ${f.severity}`);
    expect(fs).toEqual(['deprecated-api-version 1', 'schema 2']);
  });
  it('an unreadable version falls back to the shipped one with a notice', () => {
    expect(resolveVersion('banana').notice).toBe('unknown Kubernetes version "banana" (expected e.g. 1.36); using 1.36');
  });
});

describe('deprecation table', () => {
  it('every entry is consistent: removal after deprecation, replacements served by the shipped schemas', () => {
    const set = schemaSet('1.36');
    for (const d of allDeprecations()) {
      if (d.deprecated && d.removed) expect(parseVersion(d.removed)!.minor, `${d.apiVersion} ${d.kind}`).toBeGreaterThan(parseVersion(d.deprecated)!.minor);
      if (d.replacement) expect(set.has(d.replacement, d.replacementKind ?? d.kind), `${d.apiVersion} ${d.kind} -> ${d.replacement}`).toBe(true);
      // removed before 1.36 <=> not in the 1.36 schemas
      const removed = statusAt(d, { major: 1, minor: 36 }) === 'removed';
      expect(set.has(d.apiVersion, d.kind), `${d.apiVersion} ${d.kind}`).toBe(!removed);
    }
  });
  it('knows the examples of the issue', () => {
    expect(deprecationOf('extensions/v1beta1', 'Deployment')).toMatchObject({ removed: '1.16', replacement: 'apps/v1' });
    expect(deprecationOf('apps/v1', 'Deployment')).toBeUndefined();
  });
});

describe('kustomize folders', () => {
  it('missing required fields are not reported next to a kustomization (transformers may add them); other errors are', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-kustomize-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [statefulset.yaml]\ncommonLabels: {app: db}\n');
    const text = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  replicas: "2"\n  template:\n    spec:\n      containers: [{name: db, image: postgres}]\n';
    const inside = lintTexts([{ path: join(dir, 'statefulset.yaml'), text }], { only: SCHEMA_RULES });
    expect(inside.results.flatMap((r) => r.findings).map((f) => f.message)).toEqual(['spec.replicas must be an integer, got "2". Remove the quotes.']);
    const outside = lintTexts([{ path: 'statefulset.yaml', text }], { only: SCHEMA_RULES });
    expect(outside.results.flatMap((r) => r.findings).map((f) => f.message)).toContain('spec.selector is required; add `selector` to spec.');
  });
});
