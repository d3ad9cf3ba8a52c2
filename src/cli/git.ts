/**
 * Siblings as they will be committed: for `--with-siblings --staged`
 * (the pre-commit hook), the other manifests in the folders of the given
 * files are read from the git index, not from the disk, so an untracked
 * neighbour (never `git add`ed) is not taken for a committed one, and a
 * neighbour's unstaged edits are not seen.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { statSync } from 'node:fs';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

export function stagedSiblings(
  paths: string[],
  cwd: string,
  ignored?: (abs: string, isDir: boolean) => boolean,
): { texts: { path: string; text: string }[] } | { error: string } {
  const dirs = new Set<string>();
  for (const p of paths) if (p !== '-' && isFile(resolve(cwd, p))) dirs.add(dirname(p));
  if (dirs.size === 0) return { texts: [] };
  const given = new Set(paths.map((p) => resolve(cwd, p)));
  // Paths in ls-files output are relative to cwd; -z keeps odd names intact.
  const ls = spawnSync('git', ['ls-files', '--stage', '-z', '--', ...[...dirs].map((d) => (d === '.' ? '.' : d))], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (ls.error || ls.status !== 0) return { error: `--staged: cannot list the git index (${(ls.stderr || ls.error?.message || '').trim() || `git exited with ${ls.status}`})` };
  const wanted: { path: string; sha: string }[] = [];
  for (const entry of ls.stdout.split('\0')) {
    const m = /^(\d{6}) ([0-9a-f]{40,64}) (\d)\t(.*)$/s.exec(entry);
    if (!m) continue;
    const [, mode, sha, stage, path] = m;
    if (mode !== '100644' && mode !== '100755') continue; // symlinks, submodules
    if (stage !== '0' && stage !== '2') continue; // during a merge conflict: "ours"
    if (!MANIFEST_EXT.test(path!) || !dirs.has(dirname(path!))) continue; // direct children only
    const abs = resolve(cwd, path!);
    if (given.has(abs) || ignored?.(abs, false)) continue;
    wanted.push({ path: path!, sha: sha! });
  }
  if (wanted.length === 0) return { texts: [] };
  const cat = spawnSync('git', ['cat-file', '--batch'], { cwd, input: wanted.map((w) => w.sha).join('\n') + '\n', maxBuffer: 1 << 30 });
  if (cat.error || cat.status !== 0) return { error: `--staged: cannot read the git index (${String(cat.stderr || cat.error?.message).trim()})` };
  const out = cat.stdout as Buffer;
  const texts: { path: string; text: string }[] = [];
  let off = 0;
  for (const w of wanted) {
    const nl = out.indexOf(10, off);
    const header = out.subarray(off, nl).toString('latin1');
    const m = /^\S+ blob (\d+)$/.exec(header);
    if (!m) return { error: `--staged: unexpected git cat-file output for ${w.path}` };
    const size = Number(m[1]);
    texts.push({ path: w.path, text: out.subarray(nl + 1, nl + 1 + size).toString('utf8') });
    off = nl + 1 + size + 1;
  }
  return { texts };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
