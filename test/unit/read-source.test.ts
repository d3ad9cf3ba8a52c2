import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSource } from '../../src/load/read.js';
import { tempTree } from '../helpers/cli.js';

// readSource is also reached for paths discovery saw as regular files: one may have been
// swapped for a FIFO or a folder since, and reading it must neither block nor throw.
describe('readSource on what is not a regular file', () => {
  it.skipIf(process.platform === 'win32')('a FIFO: reported at once, not opened for a blocking read', () => {
    const dir = tempTree({ 'ok.yaml': 'a: 1\n' });
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const o = readSource(fifo);
    expect(o.fatal?.message).toBe('not a regular file');
    expect(o.file.text).toBe('');
  });
  it('a folder, a missing path, and a regular file', () => {
    const dir = tempTree({ 'ok.yaml': 'a: 1\n' });
    mkdirSync(join(dir, 'sub.yaml'));
    expect(readSource(join(dir, 'sub.yaml')).fatal?.message).toBe('not a regular file');
    expect(readSource(join(dir, 'gone.yaml')).fatal?.message).toBe('cannot read file: ENOENT');
    const ok = readSource(join(dir, 'ok.yaml'));
    expect(ok.fatal).toBeUndefined();
    expect(ok.file.text).toBe('a: 1\n');
  });
});
