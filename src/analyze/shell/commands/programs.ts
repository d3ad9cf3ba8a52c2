/** Archivers, `openssl`, `kubectl`, `git`. */
import { parseOpts } from '../options.js';
import { base, trimSlashes } from '../paths.js';
import { sub, derived, type W } from '../state.js';
import { model, type Models } from './model.js';

export const PROGRAMS: Models = {
  ...model(['tar'], (c) => {
    const { rest, st, col, read, write } = c;
    // tar xzf a.tgz -C /dir, tar -xf a.tar, tar -czf out.tgz dir
    let flags = '';
    const f: W[] = [];
    let cdir: W | undefined;
    const pos: W[] = [];
    for (let k = 0; k < rest.length; k++) {
      const v = rest[k]!.value;
      if (v === undefined) {
        pos.push(rest[k]!);
        continue;
      }
      if (k === 0 && !v.startsWith('-') && /^[A-Za-z]+$/.test(v)) {
        flags += v;
        if (v.includes('f') && rest[k + 1]) f.push(rest[++k]!);
        continue;
      }
      if (v === '-C' || v === '--directory') {
        cdir = rest[++k];
        continue;
      }
      if (v.startsWith('--directory=')) {
        cdir = sub(rest[k]!, 12, v.length);
        continue;
      }
      if (v === '--file' || v === '-f') {
        if (rest[k + 1]) f.push(rest[++k]!);
        flags += 'f';
        continue;
      }
      if (v.startsWith('--file=')) {
        f.push(sub(rest[k]!, 7, v.length));
        continue;
      }
      if (/^-[A-Za-z]+$/.test(v)) {
        flags += v.slice(1);
        if (v.endsWith('f') && rest[k + 1]) f.push(rest[++k]!);
        continue;
      }
      if (v === '--extract' || v === '--get') flags += 'x';
      else if (v === '--create') flags += 'c';
      else if (v.startsWith('-')) continue;
      else pos.push(rest[k]!);
    }
    if (flags.includes('x')) {
      for (const w of f) read(w, 'tar');
      if (cdir) write(cdir, 'tar', { dir: true, any: true });
      else col.access('write', derived(rest[0]!, '.'), st, 'tar', { dir: true, any: true });
    } else if (flags.includes('c')) {
      for (const w of f) write(w, 'tar');
      for (const w of pos) read(w, 'tar', { dir: true });
    } else if (!flags.includes('t')) col.unknown('tar');
  }),
  ...model(['unzip'], (c) => {
    const { rest, st, col, read, write } = c;
    const p = parseOpts(rest, { s: 'dxP' });
    read(p.pos[0], 'unzip');
    const d = p.get('d');
    if (d) write(d, 'unzip', { dir: true, any: true });
    else if (!p.has('l', 'p', 't', 'v', 'Z')) col.access('write', derived(rest[0]!, '.'), st, 'unzip', { dir: true, any: true });
  }),
  ...model(['gzip', 'gunzip'], (c) => {
    const { name, rest, st, col, read, write } = c;
    const p = parseOpts(rest, { s: 'S', l: ['suffix'] });
    const decompress = name === 'gunzip' || p.has('d', 'decompress');
    if (p.has('c', 'stdout', 'l', 'list', 't', 'test')) {
      for (const w of p.pos) read(w, name);
      return;
    }
    for (const w of p.pos) {
      read(w, name);
      if (w.value === undefined) continue;
      const out = decompress ? w.value.replace(/\.(gz|z|tgz)$/i, '') : `${w.value}.gz`;
      col.access('write', derived(w, out), st, name);
    }
  }),
  ...model(['openssl'], (c) => {
    const { name, rest, col, read, write } = c;
    const p = parseOpts(rest.slice(1), { d: ['in', 'out', 'key', 'keyout', 'CA', 'CAkey', 'config', 'extfile', 'signkey', 'cert', 'CAfile', 'inkey', 'passin', 'passout', 'subj', 'days', 'newkey', 'extensions', 'reqexts', 'set_serial', 'name', 'connect', 'servername', 'password'], s: '' });
    for (const o of p.opts) {
      if (!o.arg) continue;
      if (o.name === 'out' || o.name === 'keyout') write(o.arg, 'openssl');
      else if (['in', 'key', 'CA', 'CAkey', 'config', 'extfile', 'signkey', 'cert', 'CAfile', 'inkey'].includes(o.name)) read(o.arg, 'openssl');
      else if (o.name === 'connect') col.endpoint(o.arg, 'openssl', { bare: true });
    }
  }),
  ...model(['kubectl'], (c) => {
    const { rest, col, read } = c;
    const p = parseOpts(rest, { s: 'fnolc', l: ['filename', 'namespace', 'output', 'selector', 'kubeconfig', 'context', 'server', 'container', 'template', 'token'] });
    for (const f of p.all('f', 'filename')) read(f, 'kubectl');
    read(p.get('kubeconfig'), 'kubectl');
    if (p.pos[0]?.value === 'cp' || p.pos[0]?.value === 'port-forward') col.unknown('kubectl ' + p.pos[0]!.value);
  }),
  ...model(['git'], (c) => {
    const { rest, st, col, write } = c;
    const sub0 = rest.findIndex((w) => w.value === undefined || !w.value.startsWith('-'));
    const cmd = rest[sub0]?.value;
    if (cmd === 'clone') {
      const p = parseOpts(rest.slice(sub0 + 1), { s: 'obcju', l: ['origin', 'branch', 'config', 'depth', 'reference', 'separate-git-dir', 'template', 'upload-pack', 'jobs', 'filter', 'shallow-since', 'shallow-exclude', 'server-option'] });
      if (p.pos[0]) col.endpoint(p.pos[0], 'git');
      const url = p.pos[0]?.value;
      if (p.pos[1]) write(p.pos[1], 'git', { dir: true, any: true });
      else if (url !== undefined) col.access('write', derived(p.pos[0]!, base(trimSlashes(url)).replace(/\.git$/, '') || '.'), st, 'git', { dir: true, any: true });
    } else col.unknown('git');
  }),
};
