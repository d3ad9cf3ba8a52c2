// The manifest files below a folder, in sorted order, with podlint's
// extensions and skipped folders (as src/load/discover.ts walks them): shared
// by the parse floor and the peer runners, so every figure reads the same files.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const EXT = /\.(ya?ml|json)$/i;
export const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export function walk(dir, out) {
  const entries = readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, out);
    } else if (e.isFile() && EXT.test(e.name)) out.push(p);
  }
}
