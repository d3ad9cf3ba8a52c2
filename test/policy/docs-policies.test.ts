/**
 * docs/policies.md: each "### Example" section has a `yaml config` block (a
 * podlint.config.yaml), `yaml incorrect` blocks its custom rules report and
 * `yaml correct` blocks they do not.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { loadConfig } from '../../src/config/load.js';
import { lintTexts } from '../../src/engine/lint.js';

const md = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'policies.md'), 'utf8');

interface Example {
  title: string;
  config?: string;
  incorrect: string[];
  correct: string[];
}
const examples: Example[] = [];
for (const section of md.split(/^### /m).slice(1)) {
  const ex: Example = { title: section.split('\n')[0]!, incorrect: [], correct: [] };
  const re = /^```yaml (config|incorrect|correct)\n([\s\S]*?)^```/gm;
  for (let m; (m = re.exec(section)); ) {
    if (m[1] === 'config') ex.config = m[2];
    else ex[m[1] as 'incorrect' | 'correct'].push(m[2]!);
  }
  if (ex.config) examples.push(ex);
}

describe('docs/policies.md examples', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(3));
  for (const ex of examples) {
    describe(ex.title, () => {
      const dir = mkdtempSync(join(tmpdir(), 'podlint-policies-doc-'));
      const path = join(dir, 'podlint.config.yaml');
      writeFileSync(path, ex.config!);
      const cfg = loadConfig(path, allRules);
      const ids = cfg.customRules.map((r) => r.meta.id);
      const lint = (code: string) =>
        lintTexts([{ path: 'example.yaml', text: code }], { only: ids, extraRules: cfg.customRules })
          .results.flatMap((r) => r.findings)
          .filter((f) => ids.includes(f.ruleId ?? ''));
      it('has a failing and a passing example', () => {
        expect(ex.incorrect.length).toBeGreaterThan(0);
        expect(ex.correct.length).toBeGreaterThan(0);
      });
      ex.incorrect.forEach((code, i) =>
        it(`incorrect example ${i + 1} is reported`, () => {
          const fs = lint(code);
          expect(fs.length).toBeGreaterThan(0);
          // The registry example says where: the image of the second container.
          if (code.includes('docker.io/envoyproxy')) expect(code.split('\n')[fs[0]!.line - 1]).toContain('docker.io/envoyproxy');
        }),
      );
      ex.correct.forEach((code, i) => it(`correct example ${i + 1} is clean`, () => expect(lint(code).map((f) => f.message)).toEqual([])));
    });
  }
});
