/**
 * The corpus's kustomize trees (../shared/corpus: argo-cd, microservices-demo),
 * rendered with the real renderer: no new false error, and the warnings are
 * the ones file-by-file linting gives (issue 20). argo-cd's copy leaves out
 * `manifests/crds/` (SOURCES.md), so the two trees that include it cannot
 * build: that is one error each, at the `../crds` entry, and nothing else.
 * (The full upstream tree renders with no error: docs/kustomize-helm.md.)
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { lintPaths } from '../../src/engine/lint.js';
import { findKustomizeRenderer } from '../../src/render/kustomize/run.js';

const APPS = join(ROOT, '..', 'shared', 'corpus', 'apps');
const why = !existsSync(APPS) ? '../shared/corpus is absent' : !findKustomizeRenderer() ? 'neither kustomize nor kubectl is on PATH' : undefined;
if (why) console.log(`test/render/corpus.test.ts: skipped: ${why}`);

const lines = (res: ReturnType<typeof lintPaths>, sev: number) =>
  res.results.flatMap((r) => r.findings.filter((f) => f.severity === sev).map((f) => `${relative(APPS, r.file.path)}:${f.line} ${f.ruleId}`)).sort();

describe.skipIf(!!why)('corpus kustomize trees, rendered', () => {
  it('argo-cd: only the copy gap (crds/ left out) as errors; the same warnings as file by file', () => {
    const tree = join(APPS, 'argo-cd');
    const rendered = lintPaths([tree], { workers: false });
    const plain = lintPaths([tree], { workers: false, kustomize: 'off' });
    expect(lines(rendered, 2)).toEqual(['argo-cd/manifests/cluster-install/kustomization.yaml:7 null', 'argo-cd/manifests/ha/cluster-install/kustomization.yaml:7 null']);
    for (const r of rendered.results) for (const f of r.findings) if (f.severity === 2) expect(f.message).toMatch(/`\.\.\/(\.\.\/)?crds` does not exist/);
    expect(lines(plain, 2)).toEqual([]);
    expect(lines(rendered, 1)).toEqual(lines(plain, 1));
    expect(rendered.notices.filter((n) => n.includes('internal error'))).toEqual([]);
  }, 120_000);

  it('microservices-demo: base, components and test overlays render clean', () => {
    const tree = join(APPS, 'microservices-demo');
    const rendered = lintPaths([tree], { workers: false });
    expect(rendered.rendered).toBe(true);
    expect([...lines(rendered, 2), ...lines(rendered, 1)]).toEqual([]);
    expect(rendered.notices.filter((n) => n.includes('internal error'))).toEqual([]);
  }, 120_000);
});
