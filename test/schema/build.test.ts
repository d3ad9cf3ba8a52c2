/**
 * The schema pipeline: the generator's conversions, the committed schemas
 * being current (when the OpenAPI spec is available), the formats shared by
 * the prebuilt and run-time validators, and the prebuilt modules being loaded
 * lazily (one module for one Pod, never ajv).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { generate, QUANTITY_PATTERN } from '../../scripts/gen-schemas.mjs';
// @ts-expect-error plain ESM script without types
import { FORMATS_SOURCE } from '../../scripts/build-validators.mjs';
import { FORMATS } from '../../src/schema/formats.js';
import { SchemaSet } from '../../src/schema/load.js';

const root = join(import.meta.dirname, '..', '..');
const schemaDir = join(root, 'schemas', 'kubernetes', 'v1.36');
const spec = join(root, '..', 'shared', 'k8s-openapi', 'swagger-v1.36.json.gz');

const tinySpec = {
  definitions: {
    'io.k8s.api.core.v1.Pod': {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        spec: { $ref: '#/definitions/io.k8s.api.core.v1.PodSpec', description: 'x' },
        status: { $ref: '#/definitions/io.k8s.api.core.v1.PodStatus' },
      },
      'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Pod' }],
    },
    'io.k8s.api.core.v1.PodList': { type: 'object', properties: { items: { type: 'array' } }, 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'PodList' }] },
    'io.k8s.api.core.v1.PodSpec': {
      type: 'object',
      required: ['containers'],
      properties: {
        containers: { type: 'array', items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' }, 'x-kubernetes-list-type': 'map' },
        restartPolicy: { type: 'string' },
        dnsPolicy: { type: 'string' },
        preemptionPolicy: { type: 'string' },
        overhead: { type: 'object', additionalProperties: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' } },
      },
    },
    'io.k8s.api.core.v1.PodStatus': { type: 'object', properties: { phase: { type: 'string' } } },
    'io.k8s.api.core.v1.Container': {
      type: 'object',
      properties: {
        name: { type: 'string' },
        port: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
        raw: { $ref: '#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension' },
        imagePullPolicy: { type: 'string' },
        terminationMessagePolicy: { type: 'string' },
        restartPolicy: { type: 'string' },
      },
    },
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
    'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
    'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
    'io.k8s.unused.Thing': { type: 'object', properties: { a: { type: 'string' } } },
  },
};

describe('gen-schemas', () => {
  it('adds strictness, int-or-string, quantities and enums; opens status; drops lists, unused definitions (status types too) and descriptions', () => {
    const files = generate(tinySpec, '9.99', { 'io.k8s.api.core.v1.PodSpec': { restartPolicy: ['Always', 'Never'] } });
    expect(Object.keys(files).sort()).toEqual(['_definitions.json', 'index.json', 'pod-v1.json']);
    expect(files['index.json'].kinds).toEqual({ 'v1/Pod': { file: 'pod-v1.json', definition: 'io.k8s.api.core.v1.Pod' } });
    expect(files['pod-v1.json'].$ref).toBe('_definitions.json#/definitions/io.k8s.api.core.v1.Pod');
    const d = files['_definitions.json'].definitions;
    expect(Object.keys(d).sort()).toEqual([
      'io.k8s.api.core.v1.Container',
      'io.k8s.api.core.v1.Pod',
      'io.k8s.api.core.v1.PodSpec',
      'io.k8s.apimachinery.pkg.api.resource.Quantity',
      'io.k8s.apimachinery.pkg.runtime.RawExtension',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    ]);
    expect(d['io.k8s.api.core.v1.Pod']).toEqual({
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, spec: { $ref: '#/definitions/io.k8s.api.core.v1.PodSpec' }, status: {} },
      additionalProperties: false,
    });
    expect(d['io.k8s.api.core.v1.PodSpec'].required).toEqual(['containers']);
    expect(d['io.k8s.api.core.v1.PodSpec'].properties.restartPolicy).toEqual({ type: 'string', enum: ['Always', 'Never'] });
    expect(d['io.k8s.api.core.v1.PodSpec'].properties.containers).toEqual({ type: 'array', items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' } });
    expect(d['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({ type: ['integer', 'string'] });
    expect(d['io.k8s.apimachinery.pkg.api.resource.Quantity']).toEqual({ type: ['string', 'number'], pattern: QUANTITY_PATTERN });
    expect(d['io.k8s.apimachinery.pkg.runtime.RawExtension']).toEqual({ type: 'object' });
    // the shipped enum table names definitions this tiny spec lacks: generating must fail loudly
    expect(() => generate(tinySpec, '9.99')).toThrow(/enum table: no definition/);
  });

  it.skipIf(!existsSync(spec))('the committed schemas are what the generator makes of the Kubernetes spec', () => {
    const files = generate(JSON.parse(gunzipSync(readFileSync(spec)).toString('utf8')), '1.36');
    const committed = readdirSync(schemaDir).filter((f) => f.endsWith('.json')).sort();
    expect(committed).toEqual(Object.keys(files).sort());
    const defs = JSON.parse(readFileSync(join(schemaDir, '_definitions.json'), 'utf8'));
    expect(defs).toEqual(files['_definitions.json']);
    const index = JSON.parse(readFileSync(join(schemaDir, 'index.json'), 'utf8'));
    expect(index.kinds).toEqual(files['index.json'].kinds);
  });

  it('the committed schemas carry the conversions', () => {
    const defs = JSON.parse(readFileSync(join(schemaDir, '_definitions.json'), 'utf8')).definitions;
    expect(defs['io.k8s.api.core.v1.Container'].additionalProperties).toBe(false);
    expect(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({ type: ['integer', 'string'] });
    expect(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']).toEqual({ type: ['string', 'number'], pattern: QUANTITY_PATTERN });
    expect(defs['io.k8s.api.core.v1.PodSpec'].properties.restartPolicy.enum).toEqual(['Always', 'OnFailure', 'Never']);
    expect(defs['io.k8s.api.core.v1.Pod'].properties.status).toEqual({});
    expect(defs['io.k8s.api.core.v1.PodList']).toBeUndefined();
    expect(defs['io.k8s.api.core.v1.Container'].description).toBeUndefined();
    expect(defs['io.k8s.api.core.v1.PodSpec'].properties.containers.description).toBeUndefined();
    // the whole set stays small
    const bytes = readdirSync(schemaDir).reduce((n, f) => n + readFileSync(join(schemaDir, f)).length, 0);
    expect(bytes).toBeLessThan(400_000);
  });
});

describe('formats', () => {
  const inlined = new Function(`return ${FORMATS_SOURCE}`)() as Record<string, { type: string; validate: (x: any) => boolean }>;
  const samples: Record<string, unknown[]> = {
    int32: [0, 1, -1, 2147483647, 2147483648, -2147483648, -2147483649, 1.5],
    int64: [0, 9007199254740991, 1e19, -1e19, 2.5],
    byte: ['', 'YQ==', 'YWI=', 'YWJj', 'YWJj\nZGVm', 'YWJj\r\nZGVm', 'abc', 'hunter2!', 'YQ', '===='],
    'date-time': ['2024-01-31T12:00:00Z', '2024-01-31T12:00:00.123+01:00', '2024-01-31', 'yesterday', '2024-01-31 12:00:00Z', ''],
  };
  it('the prebuilt (inlined) and run-time definitions agree', () => {
    expect(Object.keys(inlined).sort()).toEqual(Object.keys(FORMATS).sort());
    for (const [name, values] of Object.entries(samples)) {
      expect(inlined[name]!.type).toBe(FORMATS[name]!.type);
      for (const v of values) expect(inlined[name]!.validate(v), `${name} ${JSON.stringify(v)}`).toBe(FORMATS[name]!.validate(v));
    }
  });
  it('accept what the API server accepts', () => {
    expect(samples.byte!.filter((v) => FORMATS.byte!.validate(v))).toEqual(['', 'YQ==', 'YWI=', 'YWJj', 'YWJj\nZGVm', 'YWJj\r\nZGVm']);
    expect(samples['date-time']!.filter((v) => FORMATS['date-time']!.validate(v))).toEqual(['2024-01-31T12:00:00Z', '2024-01-31T12:00:00.123+01:00']);
    expect(samples.int32!.filter((v) => FORMATS.int32!.validate(v))).toEqual([0, 1, -1, 2147483647, -2147483648]);
  });
});

const built = existsSync(join(root, 'dist', 'validators', 'v1.36', 'index.json')) && existsSync(join(root, 'dist', 'src', 'engine', 'lint.js'));

describe('validators', () => {
  const docs: [string, string, unknown][] = [
    ['v1', 'Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 1 } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: '80' }], bogus: 1 }] } }],
    ['v1', 'Pod', { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', resources: { limits: { cpu: '1x' } } }], restartPolicy: 'Sometimes' } }],
    ['apps/v1', 'Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: { containers: [{ image: 1 }] } } } }],
    ['v1', 'Secret', { apiVersion: 'v1', kind: 'Secret', data: { a: 'not base64' }, metadata: { creationTimestamp: 'today' } }],
  ];
  it.skipIf(!built)('prebuilt modules and run-time compilation report the same errors', () => {
    const prebuilt = new SchemaSet('1.36', root);
    const runtime = new SchemaSet('1.36', root);
    (runtime as any).prebuilt = () => undefined;
    for (const [av, kind, doc] of docs) {
      const a = prebuilt.validator(av, kind)!;
      const b = runtime.validator(av, kind)!;
      expect(a(doc)).toBe(false);
      expect(b(doc)).toBe(false);
      expect(a.errors).toEqual(b.errors);
    }
  });

  it.skipIf(!built)('linting one Pod loads one validator module (the workloads one) and not ajv', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { lintTexts } = await import(${JSON.stringify(join(root, 'dist', 'src', 'engine', 'lint.js'))});
      lintTexts([{ path: 'p.yaml', text: 'apiVersion: v1\\nkind: Pod\\nmetadata: {name: p}\\nspec:\\n  containers: [{name: a, image: b, bogus: 1}]\\n' }],
        { only: ['schema', 'unknown-field', 'misindented-field', 'deprecated-api-version'] });
      const keys = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(keys.filter((k) => /[\\\\/](ajv|validators)[\\\\/]/.test(k)).map((k) => k.split(/[\\\\/]/).slice(-2).join('/'))));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['v1.36/workloads.cjs']);
  });
});
