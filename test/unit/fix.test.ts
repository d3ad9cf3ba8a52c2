import { describe, expect, it } from 'vitest';
import { chmodSync, linkSync, readFileSync, statSync, symlinkSync, writeFileSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lintAndFix, writeAtomically, writeInPlace, MAX_FIX_PASSES } from '../../src/engine/fix.js';
import type { Rule } from '../../src/engine/types.js';
import { locate } from '../../src/load/nodes.js';
import { tempTree } from '../helpers/cli.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c   # keep me\ndata:\n  a: "1"\n  b: "2"\n';

/** A test rule offering a fix for data.a (replace the value) and data.b. */
function rule(id: string, fixFor: (key: string) => string | undefined): Rule {
  return {
    meta: { id, description: 'test', severity: 'error', category: 'meta', docs: `docs/rules/${id}.md`, fixable: true },
    check(ctx) {
      for (const r of ctx.graph.resources) {
        for (const key of ['a', 'b']) {
          const n = locate(r.node, ['data', key])?.node;
          const text = fixFor(key);
          if (n?.range && text !== undefined && String(r.obj.data?.[key]) !== text.replace(/"/g, '')) {
            ctx.report({ resource: r, path: ['data', key], message: `fix ${key}`, fix: { range: [n.range[0], n.range[1]], text } });
          }
        }
      }
    },
  };
}

const run = (dir: string, rules: Rule[], dryRun = false) =>
  lintAndFix([dir], { only: rules.map((r) => r.meta.id), extraRules: rules }, { dryRun });

describe('--fix engine', () => {
  it('applies fixes, keeps everything else byte for byte, and writes the file', () => {
    const dir = tempTree({ 'cm.yaml': CM });
    const out = run(dir, [rule('t-fix', (k) => (k === 'a' ? '"one"' : undefined))]);
    expect(readFileSync(join(dir, 'cm.yaml'), 'utf8')).toBe(CM.replace('a: "1"', 'a: "one"'));
    expect(out.written).toEqual([join(dir, 'cm.yaml')]);
    expect(out.result.results[0]!.findings).toEqual([]);
    expect(out.result.results[0]!.output).toBe(CM.replace('a: "1"', 'a: "one"'));
    // no temp files left behind
    expect(readdirSync(dir)).toEqual(['cm.yaml']);
  });

  it('dry-run computes the output without writing', () => {
    const dir = tempTree({ 'cm.yaml': CM });
    const out = run(dir, [rule('t-fix', (k) => (k === 'a' ? '"one"' : undefined))], true);
    expect(readFileSync(join(dir, 'cm.yaml'), 'utf8')).toBe(CM);
    expect(out.written).toEqual([]);
    expect(out.result.results[0]!.output).toBe(CM.replace('a: "1"', 'a: "one"'));
  });

  it('never writes a file that no longer parses: a breaking fix is dropped, a good one kept', () => {
    const dir = tempTree({ 'cm.yaml': CM });
    const out = run(dir, [rule('t-mixed', (k) => (k === 'a' ? '[unclosed' : '"two"'))]);
    const text = readFileSync(join(dir, 'cm.yaml'), 'utf8');
    expect(text).toBe(CM.replace('b: "2"', 'b: "two"'));
    expect(out.result.results[0]!.findings.map((f) => f.message)).toEqual(['fix a']);

    const only = tempTree({ 'cm.yaml': CM });
    const o2 = run(only, [rule('t-break', (k) => (k === 'a' ? '{: [' : undefined))]);
    expect(readFileSync(join(only, 'cm.yaml'), 'utf8')).toBe(CM);
    expect(o2.written).toEqual([]);
  });

  it('reruns until stable, at most MAX_FIX_PASSES passes', () => {
    const dir = tempTree({ 'cm.yaml': CM });
    let n = 100;
    // a fix that always offers another one (a different value each pass)
    const endless: Rule = {
      meta: { id: 't-endless', description: 'test', severity: 'error', category: 'meta', docs: 'docs/rules/t-endless.md', fixable: true },
      check(ctx) {
        for (const r of ctx.graph.resources) {
          const node = locate(r.node, ['data', 'a'])?.node;
          if (node?.range) ctx.report({ resource: r, path: ['data', 'a'], message: 'again', fix: { range: [node.range[0], node.range[1]], text: `"${++n}"` } });
        }
      },
    };
    const out = run(dir, [endless]);
    expect(out.passes).toBe(MAX_FIX_PASSES);
    expect(readFileSync(join(dir, 'cm.yaml'), 'utf8')).toMatch(/a: "\d+"/);
  });

  it('keeps a UTF-8 BOM, CRLF line ends and the file mode; writes through a symlink', () => {
    const crlf = CM.replace(/\n/g, '\r\n');
    const dir = tempTree({ 'real.yaml': '\ufeff' + crlf });
    chmodSync(join(dir, 'real.yaml'), 0o640);
    symlinkSync(join(dir, 'real.yaml'), join(dir, 'link.yaml'));
    const out = lintAndFix([join(dir, 'link.yaml')], { only: ['t-fix'], extraRules: [rule('t-fix', (k) => (k === 'a' ? '"one"' : undefined))] }, { dryRun: false });
    expect(out.problems).toEqual([]);
    const bytes = readFileSync(join(dir, 'real.yaml'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe('\ufeff' + crlf.replace('a: "1"', 'a: "one"'));
    expect(statSync(join(dir, 'real.yaml')).mode & 0o777).toBe(0o640);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
  });

  it('refuses to overwrite a file that changed on disk since it was read', () => {
    const dir = tempTree({ 'cm.yaml': CM });
    const p = join(dir, 'cm.yaml');
    writeFileSync(p, CM + '# edited meanwhile\n');
    expect(writeAtomically(p, CM, 'new')).toBe('not fixed: the file changed on disk while podlint ran');
    expect(readFileSync(p, 'utf8')).toBe(CM + '# edited meanwhile\n');
    expect(writeAtomically(p, CM + '# edited meanwhile\n', 'new')).toBeUndefined();
    expect(readFileSync(p, 'utf8')).toBe('new');
  });

  it('writes a file with several hard links in place: every name sees the fix, one inode, no temp file left', () => {
    const dir = tempTree({ 'cm.yaml': CM });
    const p = join(dir, 'cm.yaml');
    linkSync(p, join(dir, 'other-name.yaml'));
    chmodSync(p, 0o640);
    const ino = statSync(p).ino;
    const out = run(p, [rule('t-fix', (k) => (k === 'a' ? '"one"' : undefined))]);
    expect(out.problems).toEqual([]);
    const fixed = CM.replace('a: "1"', 'a: "one"');
    expect(readFileSync(p, 'utf8')).toBe(fixed);
    expect(readFileSync(join(dir, 'other-name.yaml'), 'utf8')).toBe(fixed);
    expect(statSync(p).ino).toBe(ino);
    expect(statSync(p).nlink).toBe(2);
    expect(statSync(p).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['cm.yaml', 'other-name.yaml']);
  });

  it('in place: a shorter text truncates; a write that does not read back restores the original', () => {
    const dir = tempTree({ 'a.yaml': CM + '# a long tail\n'.repeat(50) });
    const p = join(dir, 'a.yaml');
    linkSync(p, join(dir, 'b.yaml'));
    expect(writeInPlace(p, readFileSync(p, 'utf8'), 'short: 1\n')).toBeUndefined();
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toBe('short: 1\n');
    // a lone surrogate cannot be written as UTF-8: the read-back differs, so the original comes back
    const err = writeInPlace(p, 'short: 1\n', 'x: "\ud800"\n' + 'y: 2\n'.repeat(100));
    expect(err).toMatch(/^not fixed: cannot write the file in place \(EIO\); its original text was restored$/);
    expect(readFileSync(p, 'utf8')).toBe('short: 1\n');
    expect(readdirSync(dir).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('does not fix files only read as context', () => {
    const dir = tempTree({ 'main/cm.yaml': CM, 'other/cm2.yaml': CM.replace('name: c ', 'name: d ') });
    const r = rule('t-fix', (k) => (k === 'a' ? '"one"' : undefined));
    lintAndFix([join(dir, 'main')], { only: ['t-fix'], extraRules: [r], contextPaths: [join(dir, 'other')] }, { dryRun: false });
    expect(readFileSync(join(dir, 'main/cm.yaml'), 'utf8')).toContain('a: "one"');
    expect(readFileSync(join(dir, 'other/cm2.yaml'), 'utf8')).toContain('a: "1"');
  });
});
