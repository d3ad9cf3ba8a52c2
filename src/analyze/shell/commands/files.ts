/** Programs that read and write files: text tools, `tee`, `cp`/`mv`/`install`, `touch`, `mkdir`, `ln`, `dd`. */
import { parseOpts, type OptSpec } from '../options.js';
import { GLOB_RE, base, trimSlashes } from '../paths.js';
import { sub, derived, type W } from '../state.js';
import { model, type Models } from './model.js';

export const FILES: Models = {
  ...model(['cat', 'tac', 'rev', 'nl', 'od', 'xxd', 'hexdump', 'md5sum', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'cksum', 'base64', 'base32', 'strings', 'paste', 'fold', 'cmp', 'diff', 'comm', 'file', 'less', 'more', 'zcat', 'gzcat', 'bzcat', 'xzcat', 'expand', 'unexpand', 'column', 'shuf', 'tsort'], (c) => {
    const { name, rest, read, write } = c;
    const p = parseOpts(rest, { s: name === 'od' || name === 'xxd' || name === 'hexdump' ? 'AjNtswcnoCl' : name === 'fold' ? 'w' : name === 'paste' ? 'd' : name === 'base64' || name === 'base32' ? 'w' : name === 'shuf' ? 'nio' : name === 'column' ? 'csotR' : '' });
    for (const w of p.pos) read(w);
    if (name === 'shuf') write(p.get('o'));
  }),
  ...model(['head', 'tail'], (c) => {
    const { rest, read } = c;
    const p = parseOpts(rest.filter((w) => !(w.value && /^[-+]\d+$/.test(w.value))), { s: 'ncsq', l: ['lines', 'bytes', 'pid', 'sleep-interval', 'max-unchanged-stats'] });
    for (const w of p.pos) read(w);
  }),
  ...model(['wc', 'uniq', 'cut', 'sort', 'split', 'join'], (c) => {
    const { name, rest, col, read, write } = c;
    const spec: OptSpec =
      name === 'cut' ? { s: 'bcdf', l: ['bytes', 'characters', 'delimiter', 'fields', 'output-delimiter'] }
      : name === 'sort' ? { s: 'ktoSTy', l: ['key', 'field-separator', 'output', 'buffer-size', 'temporary-directory', 'parallel', 'files0-from'] }
      : name === 'uniq' ? { s: 'fsw', l: ['skip-fields', 'skip-chars', 'check-chars'] }
      : name === 'split' ? { s: 'abClnt', l: ['suffix-length', 'bytes', 'line-bytes', 'lines', 'number'] }
      : name === 'join' ? { s: 'aejotv12' }
      : { l: ['files0-from'] };
    const p = parseOpts(rest, spec);
    if (name === 'uniq') {
      read(p.pos[0]);
      write(p.pos[1]);
    } else if (name === 'split') {
      read(p.pos[0]);
      col.unknown('split');
    } else {
      for (const w of p.pos) read(w);
      if (name === 'sort') write(p.get('o', 'output'));
    }
  }),
  ...model(['grep', 'egrep', 'fgrep', 'zgrep', 'rgrep'], (c) => {
    const { name, rest, read } = c;
    const p = parseOpts(rest, { s: 'efmABCdD', l: ['regexp', 'file', 'max-count', 'after-context', 'before-context', 'context', 'include', 'exclude', 'exclude-dir', 'label', 'color', 'colour', 'binary-files', 'devices', 'directories'] });
    for (const f of p.all('f', 'file')) read(f);
    const files = p.has('e', 'regexp', 'f', 'file') ? p.pos : p.pos.slice(1);
    const recursive = p.has('r', 'R', 'recursive', 'dereference-recursive') || name === 'rgrep';
    for (const w of files) read(w, name, recursive ? { dir: true } : {});
  }),
  ...model(['sed'], (c) => {
    const { rest, col, read, write } = c;
    const p = parseOpts(rest, { s: 'efl', l: ['expression', 'file', 'line-length'] });
    for (const f of p.all('f', 'file')) read(f);
    const files = p.has('e', 'expression', 'f', 'file') ? p.pos : p.pos.slice(1);
    const scripts = p.has('e', 'expression') ? p.all('e', 'expression') : p.has('f', 'file') ? [] : p.pos.slice(0, 1);
    // `w FILE` / `s/a/b/w FILE` write files; a script file may do anything.
    if (p.has('f', 'file') || scripts.some((w) => w.value === undefined || /(^|[;{}\n][ \t\r\f\v]*|\/[gpIiMme0-9]*)w\s/.test(w.value))) col.unknown('sed');
    const inPlace = p.opts.some((o) => o.name === 'i' || o.name === 'in-place' || o.name.startsWith('in-place'));
    for (const w of files) {
      read(w);
      if (inPlace) write(w, 'sed -i');
    }
  }),
  ...model(['awk', 'gawk', 'mawk', 'nawk'], (c) => {
    const { name, rest, col, read } = c;
    const p = parseOpts(rest, { s: 'Ffv', l: ['field-separator', 'file', 'assign', 'include', 'load'] });
    for (const f of p.all('f', 'file')) read(f);
    const files = p.has('f', 'file') ? p.pos : p.pos.slice(1);
    for (const w of files) if (!(w.value && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value))) read(w);
    // print > "file", print | "cmd", system(): effects podlint does not follow.
    const prog = p.has('f', 'file') ? undefined : p.pos[0];
    if (!prog || prog.value === undefined || /[>|]|system\s*\(|getline/.test(prog.value)) col.unknown(name);
  }),
  ...model(['jq'], (c) => {
    const { rest, read } = c;
    // --arg NAME VALUE, --argjson NAME VALUE, --slurpfile NAME FILE, --rawfile NAME FILE
    const files: W[] = [];
    const pos: W[] = [];
    let fromFile = false;
    for (let k = 0; k < rest.length; k++) {
      const v = rest[k]!.value;
      if (v === '--arg' || v === '--argjson') k += 2;
      else if (v === '--slurpfile' || v === '--rawfile') {
        if (rest[k + 2]) files.push(rest[k + 2]!);
        k += 2;
      } else if (v === '--indent' || v === '--tab-width') k += 1;
      else if (v === '-f' || v === '--from-file') {
        fromFile = true;
        if (rest[k + 1]) files.push(rest[k + 1]!);
        k += 1;
      } else if (v === '--args' || v === '--jsonargs') break;
      else if (v !== undefined && v.startsWith('-') && v !== '-') continue;
      else pos.push(rest[k]!);
    }
    for (const f of files) read(f);
    for (const w of fromFile ? pos : pos.slice(1)) read(w);
  }),
  ...model(['tee'], (c) => {
    const { rest, write } = c;
    const p = parseOpts(rest, { l: ['output-error'] });
    for (const w of p.pos) write(w, 'tee');
  }),
  ...model(['touch'], (c) => {
    const { rest, read, write } = c;
    const p = parseOpts(rest, { s: 'drt', l: ['date', 'reference', 'time'] });
    if (p.has('c', 'no-create')) return;
    read(p.get('r', 'reference'));
    for (const w of p.pos) write(w);
  }),
  ...model(['mkdir'], (c) => {
    const { rest, write } = c;
    const p = parseOpts(rest, { s: 'mZ', l: ['mode', 'context'] });
    for (const w of p.pos) write(w, 'mkdir', { dir: true });
  }),
  ...model(['mkfifo', 'truncate'], (c) => {
    const { name, rest, write } = c;
    const p = parseOpts(rest, { s: name === 'truncate' ? 'sr' : 'mZ', l: ['size', 'reference', 'mode'] });
    for (const w of p.pos) write(w);
  }),
  ...model(['cp', 'mv', 'install', 'rsync'], (c) => {
    const { name, rest, st, col, read, write } = c;
    const p = parseOpts(rest, name === 'install' ? { s: 'gmotSZ', l: ['group', 'mode', 'owner', 'target-directory', 'suffix', 'context'] } : name === 'rsync' ? { s: 'efB', l: ['exclude', 'include', 'filter', 'rsh', 'chmod', 'chown', 'exclude-from', 'include-from', 'files-from', 'password-file', 'rsync-path', 'temp-dir', 'backup-dir', 'suffix', 'log-file'] } : { s: 'tSZ', l: ['target-directory', 'suffix', 'backup', 'reflink', 'sparse', 'preserve', 'no-preserve', 'context'] });
    if (name === 'install' && p.has('d', 'directory')) {
      for (const w of p.pos) write(w, 'install', { dir: true });
      return;
    }
    const target = p.get('t', 'target-directory');
    const recursive = p.has('r', 'R', 'a', 'recursive', 'archive') || name === 'mv' || name === 'rsync';
    const sources = target ? p.pos : p.pos.slice(0, -1);
    const dest = target ?? p.pos[p.pos.length - 1];
    if (!dest || sources.length === 0) return;
    const into = target !== undefined || p.has('t') || sources.length > 1 || (dest.value !== undefined && dest.value.endsWith('/'));
    const noTarget = p.has('T', 'no-target-directory');
    for (const s of sources) read(s, name);
    const anySource = sources.some((s) => s.value === undefined || GLOB_RE.test(s.value) || s.glob);
    if (anySource || (recursive && sources.some((s) => s.value !== undefined && !/\.[A-Za-z0-9]{1,6}$/.test(s.value)))) {
      write(dest, name, { dir: true, any: true });
      return;
    }
    for (const s of sources) {
      const b = s.value !== undefined ? base(trimSlashes(s.value)) : undefined;
      if (into && !noTarget && b && dest.value !== undefined) {
        const d = sub(dest, 0, dest.value.length);
        col.access('write', derived(dest, `${trimSlashes(dest.value)}/${b}`), st, name);
      } else write(dest, name, b && !noTarget ? { into: b } : {});
    }
  }),
  ...model(['ln'], (c) => {
    const { rest, st, col, write } = c;
    const p = parseOpts(rest, { s: 'St', l: ['suffix', 'target-directory'] });
    if (p.pos.length >= 2) write(p.pos[p.pos.length - 1], 'ln', { into: p.pos[0]!.value ? base(p.pos[0]!.value) : undefined });
    else if (p.pos.length === 1 && p.pos[0]!.value) col.access('write', derived(p.pos[0]!, base(p.pos[0]!.value)), st, 'ln');
  }),
  ...model(['dd'], (c) => {
    const { rest, read, write } = c;
    for (const w of rest) {
      const v = w.value;
      if (v?.startsWith('if=')) read(sub(w, 3, v.length), 'dd');
      else if (v?.startsWith('of=')) write(sub(w, 3, v.length), 'dd');
    }
  }),
};
