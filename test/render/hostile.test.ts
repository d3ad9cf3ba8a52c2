/**
 * Kustomizations that are wrong in every way a file can be: podlint never
 * crashes, reports no internal error, and still lints the other paths.
 */
import { describe, expect, it } from 'vitest';
import { podlint, tempTree } from '../helpers/cli.js';
import { findKustomizeRenderer } from '../../src/render/kustomize/run.js';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    volumeMounts:\n    - name: nope\n      mountPath: /x\n';
const HOSTILE: Record<string, string> = {
  'scalar/kustomization.yaml': '5\n',
  'list/kustomization.yaml': '- a\n- b\n',
  'types/kustomization.yaml': 'resources: 5\npatches: "x"\nconfigMapGenerator: [null, {name: {}}, {name: g, files: [7, {a: 1}]}]\ncomponents: {a: b}\n',
  'self/kustomization.yaml': 'resources:\n- .\n',
  'cycle-a/kustomization.yaml': 'resources:\n- ../cycle-b\n',
  'cycle-b/kustomization.yaml': 'resources:\n- ../cycle-a\n',
  'outside/kustomization.yaml': 'resources:\n- ../../../../../../../../etc\n',
  'multiline/kustomization.yaml': 'resources:\n- "a\\nb"\npatchesStrategicMerge:\n- |\n  not: [yaml\n',
  'binary/kustomization.yaml': '\u0000\u0001\u0002resources:\n',
  'deep/kustomization.yaml': `resources: ${'['.repeat(200)}${']'.repeat(200)}\n`,
  'alias/kustomization.yaml': 'a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nresources: [*c, *c]\n',
  'plain/pod.yaml': POD,
};

describe.skipIf(!findKustomizeRenderer())('hostile kustomizations', () => {
  it('no crash, no internal error, the plain file still linted', () => {
    const dir = tempTree(HOSTILE);
    const r = podlint(['--format', 'json', '.'], { cwd: dir });
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).not.toMatch(/internal error|TypeError|RangeError|at .*podlint/);
    const res = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null }[] }[];
    expect(res.find((x) => x.filePath.endsWith('plain/pod.yaml'))!.messages.map((m) => m.ruleId)).toContain('volume-mount-missing-volume');
    // cycles are said as cycles, at the entry, once per cycle
    const cycles = res.flatMap((x) => x.messages.filter((m) => /a cycle/.test((m as any).message)).map((m) => `${x.filePath.slice(dir.length + 1)}:${(m as any).line}`));
    expect(cycles.sort()).toEqual(['cycle-a/kustomization.yaml:2', 'self/kustomization.yaml:2']);
  }, 120_000);
});
