import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/cli/diff.js';
import { ProgressLine, shouldShowProgress, PROGRESS_MIN_FILES } from '../../src/cli/progress.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', 'a', 'b')).toBe('');
  });
  it('shows one changed line with three lines of context', () => {
    const old = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n') + '\n';
    const neu = old.replace('5\n', 'five\n');
    expect(unifiedDiff(old, neu, 'a/x', 'b/x')).toBe('--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n');
  });
  it('separate hunks for distant changes, one hunk for near ones', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `l${i + 1}`);
    const old = lines.join('\n') + '\n';
    const far = old.replace('l2\n', 'L2\n').replace('l25\n', 'L25\n');
    expect(unifiedDiff(old, far, 'a', 'b').match(/^@@/gm)).toHaveLength(2);
    const near = old.replace('l10\n', 'L10\n').replace('l14\n', 'L14\n');
    expect(unifiedDiff(old, near, 'a', 'b').match(/^@@/gm)).toHaveLength(1);
  });
  it('insertions and deletions', () => {
    expect(unifiedDiff('a\nb\n', 'a\nx\nb\n', 'o', 'n')).toBe('--- o\n+++ n\n@@ -1,2 +1,3 @@\n a\n+x\n b\n');
    expect(unifiedDiff('a\nx\nb\n', 'a\nb\n', 'o', 'n')).toBe('--- o\n+++ n\n@@ -1,3 +1,2 @@\n a\n-x\n b\n');
  });
});

describe('progress', () => {
  const base = { stderrIsTTY: true, format: 'stylish', files: PROGRESS_MIN_FILES + 1, env: {} };
  it('shows only on a TTY, for human formats, past the threshold', () => {
    expect(shouldShowProgress(base)).toBe(true);
    expect(shouldShowProgress({ ...base, files: PROGRESS_MIN_FILES })).toBe(false);
    expect(shouldShowProgress({ ...base, stderrIsTTY: false })).toBe(false);
    for (const format of ['json', 'sarif', 'github', 'junit']) expect(shouldShowProgress({ ...base, format })).toBe(false);
    expect(shouldShowProgress({ ...base, disabled: true })).toBe(false);
    expect(shouldShowProgress({ ...base, env: { CI: 'true' } })).toBe(false);
    expect(shouldShowProgress({ ...base, env: { TERM: 'dumb' } })).toBe(false);
  });
  it('one line rewritten in place, throttled, and cleared at the end', () => {
    let out = '';
    let t = 0;
    const p = new ProgressLine((s) => (out += s), () => t, 100);
    p.update(1, 500);
    t = 50;
    p.update(2, 500); // throttled
    t = 200;
    p.update(300, 500);
    p.clear();
    expect(out).toBe('\rpodlint: reading 1/500 files (0%)\rpodlint: reading 300/500 files (60%)\r' + ' '.repeat(36) + '\r');
    expect(out).not.toContain('\n');
  });
});
