import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { generateCorpus, parseSize, sizeLabel } from '../../bench/gen-synthetic.mjs';

const digest = (files: { path: string; text: string }[]) => {
  const h = createHash('sha256');
  for (const f of files) h.update(f.path).update('\0').update(f.text).update('\0');
  return h.digest('hex');
};

describe('bench/gen-synthetic', () => {
  it('is deterministic: the same seed gives the same bytes', () => {
    const a = generateCorpus({ resources: 300, seed: 'unit' });
    const b = generateCorpus({ resources: 300, seed: 'unit' });
    expect(b.files.map((f) => f.path)).toEqual(a.files.map((f) => f.path));
    expect(digest(b.files)).toBe(digest(a.files));
  });

  it('gives different corpora for different seeds', () => {
    const a = generateCorpus({ resources: 300, seed: 'unit' });
    const b = generateCorpus({ resources: 300, seed: 'other' });
    expect(digest(b.files)).not.toBe(digest(a.files));
  });

  it('writes exactly the requested number of resources, as valid YAML/JSON spread over many files', () => {
    for (const n of [1, 17, 450]) {
      const { files, stats } = generateCorpus({ resources: n, seed: 'unit' });
      let resources = 0;
      const kinds = new Set<string>();
      for (const f of files) {
        for (const doc of parseAllDocuments(f.text, { version: '1.1', merge: true })) {
          expect(doc.errors, `${f.path}: ${doc.errors.map((e) => e.message).join('; ')}`).toEqual([]);
          const o = doc.toJS() as { kind?: string; apiVersion?: string } | null;
          if (o && o.kind && o.apiVersion) {
            resources++;
            kinds.add(o.kind);
          }
        }
      }
      expect(resources).toBe(n);
      expect(stats.resources).toBe(n);
      if (n === 450) for (const k of ['Deployment', 'Service', 'ConfigMap', 'Secret', 'Namespace']) expect(kinds).toContain(k);
    }
  });

  it('mixes layouts: multi-document and single-object files, folders, a few JSON files', () => {
    const { files, stats } = generateCorpus({ resources: 3000, seed: 'unit' });
    const perFile = stats.resources / files.length;
    expect(perFile).toBeGreaterThanOrEqual(3);
    expect(perFile).toBeLessThanOrEqual(10);
    const json = files.filter((f) => f.path.endsWith('.json'));
    expect(json.length).toBeGreaterThan(0);
    for (const f of json) expect(JSON.parse(f.text).kind).toEqual(expect.any(String));
    expect(files.some((f) => f.path.split('/').length > 2)).toBe(true);
    expect(files.some((f) => f.text.split('\n---\n').length > 5)).toBe(true);
    expect(stats.byKind.StatefulSet).toBeGreaterThan(0);
    expect(stats.byKind.CronJob).toBeGreaterThan(0);
  });

  it('parses sizes', () => {
    expect(parseSize('1k')).toBe(1000);
    expect(parseSize('50k')).toBe(50000);
    expect(parseSize('2.5k')).toBe(2500);
    expect(parseSize('300')).toBe(300);
    expect(() => parseSize('ten')).toThrow(/bad size/);
    expect(sizeLabel(10000)).toBe('10k');
    expect(sizeLabel(300)).toBe('300');
  });
});
