/** The manifest texts tests check the readers against: examples, fixtures, rule-doc examples and the real-world corpus. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** ../shared/corpus beside the clone (absent on some machines: tests skip it then). */
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');

/** Every .yaml/.yml/.json file below `dir`, with its text (a leading BOM removed, as podlint reads it). */
export function manifestFiles(dir: string, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) manifestFiles(p, out);
    else if (/\.(ya?ml|json)$/.test(e.name)) {
      const text = readFileSync(p, 'utf8');
      out.push({ path: p, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
    }
  }
  return out;
}

/** Every YAML example of the rule docs; `name` is `<rule>-<n>`. */
export function ruleDocExamples(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of readdirSync(join(ROOT, 'docs', 'rules'))) {
    let i = 0;
    for (const m of readFileSync(join(ROOT, 'docs', 'rules', f), 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)) out.push({ name: `${f.replace(/\.md$/, '')}-${i++}`, text: m[1]! });
  }
  return out;
}
