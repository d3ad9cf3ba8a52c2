/**
 * CRD schemas: the conversion (API server semantics) and the interpreter that
 * validates custom resources agree with ajv on the converted schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { convertCrdSchema } from '../../src/schema/crd.js';
import { interpreter } from '../../src/schema/interpret.js';
import { compilePattern } from '../../src/schema/re2.js';
import { newAjv } from '../../src/schema/load.js';
import { lintPaths } from '../../src/engine/lint.js';

const schema = convertCrdSchema(
  {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-zA-Z]+$' },
          replicas: { type: 'integer', format: 'int32', minimum: 0, exclusiveMaximum: true, maximum: 10 },
          ratio: { type: 'number', multipleOf: 0.5 },
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, uniqueItems: true, maxItems: 2 },
          labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2 },
          free: { 'x-kubernetes-preserve-unknown-fields': true },
          open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'boolean' } } },
          nested: { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } },
          choice: { type: 'object', properties: { x: { type: 'string' }, y: { type: 'string' } }, oneOf: [{ required: ['x'] }, { required: ['y'] }] },
          embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
        },
      },
    },
  },
  true,
);

const samples: unknown[] = [
  { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', anything: 1 }, spec: { name: 'AbC' }, status: { whatever: true } },
  { spec: { name: 'a1', replicas: 10, ratio: 0.3, port: true, tags: ['a', 'a', 'c'], labels: { a: '1', b: 2, c: '3' } } },
  { spec: { replicas: -1, ratio: 1.5, port: 'http', free: { x: [1, { y: 2 }] }, open: { known: 'no', other: 1 }, bogus: 1 } },
  { spec: { name: 'abcdef', nested: { a: { b: 1, c: 2 } }, choice: { x: 'a', y: 'b' }, embedded: { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { z: 1 }, extra: 1 } } },
  { spec: { name: 'ok', choice: {}, replicas: 3000000000 } },
  { spec: 'not an object', extra: {} },
];

const key = (e: { instancePath: string; keyword: string; params: Record<string, unknown> }) => {
  const p = { ...e.params };
  if (e.keyword === 'type' && Array.isArray(p.type)) p.type = (p.type as string[]).join(',');
  delete p.comparison;
  return `${e.instancePath} ${e.keyword} ${JSON.stringify(p)}`;
};

describe('CRD schemas', () => {
  it('the interpreter reports what ajv reports on the converted schema', () => {
    const ajv = newAjv();
    const compiled = ajv.compile(schema);
    const interp = interpreter(schema);
    for (const s of samples) {
      compiled(s);
      interp(s);
      const a = (compiled.errors ?? []).filter((e: any) => !/\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath)).map(key).sort();
      const b = (interp.errors ?? []).map(key).sort();
      expect(b, JSON.stringify(s)).toEqual(a);
    }
  });

  it('follows the API server: strict fields, preserve-unknown-fields, embedded resources, int-or-string', () => {
    const v = interpreter(schema);
    expect(v(samples[0])).toBe(true);
    v(samples[2]);
    expect(v.errors!.map(key)).toEqual([
      '/spec required {"missingProperty":"name"}',
      '/spec/replicas minimum {"limit":0}',
      '/spec/open/known type {"type":"boolean"}',
      '/spec additionalProperties {"additionalProperty":"bogus"}',
    ]);
  });

  it('evaluates patterns with RE2 semantics (inline flags, no lookarounds or backreferences)', () => {
    const t = (p: string, v: string) => {
      const c = compilePattern(p);
      if (!c.ok) throw new Error(c.error);
      return c.re.test(v);
    };
    expect(t('^(?i)(abort|warn)?$', 'WARN')).toBe(true); // kube-prometheus PrometheusRule
    expect(t('(?i)^(abort|warn)?$', 'Abort')).toBe(true);
    expect(t('^(abort|warn)?$', 'WARN')).toBe(false);
    expect(t('^[a-z]+$', 'abc')).toBe(true);
    expect(t('^[[:alpha:]]+\\z', 'abc')).toBe(true); // RE2-only syntax
    expect(t('\\pL', 'é')).toBe(true);
    for (const bad of ['[', '(?=a)b', '(a)\\1', '(?<!a)b', 'a{1001}', 'a**']) expect(compilePattern(bad).ok, bad).toBe(false);
    expect(compilePattern('(?=a)').ok === false && (compilePattern('(?=a)') as { error: string }).error).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
  });

  const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'apps', 'kube-prometheus', 'manifests');
  it.skipIf(!existsSync(corpus))('kube-prometheus custom resources are valid under their CRDs', () => {
    const res = lintPaths([corpus], { only: ['schema', 'unknown-field', 'misindented-field'] });
    expect(res.results.flatMap((r) => r.findings).map((f) => `${f.file.path}:${f.line} ${f.message}`)).toEqual([]);
    expect(res.notices.filter((n) => n.startsWith('no schema'))).toEqual([]);
    const crs = res.graph.resources.filter((r) => r.apiVersion === 'monitoring.coreos.com/v1');
    expect(crs.length).toBeGreaterThan(20);
    const d = parse(readFileSync(join(corpus, 'setup', '0prometheusruleCustomResourceDefinition.yaml'), 'utf8'));
    expect(JSON.stringify(d)).toContain('^(?i)');
  });
});
