/**
 * The language server re-lints one file against only the workspace files
 * that can change its findings (src/lsp/workspace.ts related()). That must
 * give exactly the findings the CLI gives when it lints the whole folder:
 * checked for every file of the real-world corpus, each corpus folder a
 * workspace.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Workspace } from '../../src/lsp/workspace.js';
import { lintPaths } from '../../src/engine/lint.js';
import { ROOT } from '../helpers/cli.js';

const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const key = (f: { ruleId: string | null; line: number; column: number; message: string }) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`;

const folders = existsSync(CORPUS)
  ? readdirSync(CORPUS, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => (d.name === 'apps' ? readdirSync(join(CORPUS, 'apps')).map((a) => join('apps', a)) : [d.name]))
  : [];

describe.skipIf(folders.length === 0)('workspace re-lint equals the CLI on the whole folder (../shared/corpus)', () => {
  for (const folder of folders) {
    it(folder, () => {
      const root = resolve(CORPUS, folder);
      const ws = new Workspace(root);
      ws.index();
      const full = lintPaths([root], ws.lintOptions() as any);
      let compared = 0;
      for (const r of full.results) {
        const path = resolve(r.file.path);
        if (!ws.has(path)) continue;
        const one = ws.lint(path)!;
        expect(one.findings.map(key), path).toEqual(r.findings.map(key));
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    }, 300_000);
  }
});
