/** Shell builtins and programs that run other commands: `cd`, `source`, `eval`, `trap`, `su -c`, `watch`, `find`/`xargs`. */
import { parseOpts } from '../options.js';
import { normalizePath, joinPath } from '../paths.js';
import { nestedScript, runArgv } from '../run.js';
import { copyState } from '../state.js';
import { model, type Models } from './model.js';

export const BUILTINS: Models = {
  ...model(['cd'], (c) => {
    const { rest, st } = c;
    const d = rest.find((w) => w.value === undefined || !w.value.startsWith('-') || w.value === '-');
    if (!d || d.value === undefined || d.value === '-' || d.value.startsWith('~')) st.cwd = { kind: 'dynamic' };
    else if (d.value.startsWith('/')) st.cwd = { kind: 'script', dir: normalizePath(d.value) };
    else if (st.cwd.dir !== undefined && st.cwd.kind !== 'dynamic' && st.cwd.kind !== 'image') st.cwd = { kind: 'script', dir: joinPath(st.cwd.dir, d.value) };
    else st.cwd = { kind: 'dynamic' };
  }),
  ...model(['pushd', 'popd'], (c) => {
    const { st } = c;
    st.cwd = { kind: 'dynamic' };
  }),
  ...model(['source', '.'], (c) => {
    const { name, rest, col, read } = c;
    read(rest[0], name);
    col.unknown(name);
  }, { modelled: false }),
  ...model(['eval'], (c) => {
    const { col } = c;
    col.unknown('eval');
  }, { modelled: false }),
  ...model(['trap'], (c) => {
    const { rest, st, ctx } = c;
    const p = rest.filter((w) => w.value !== '--');
    if (p.length >= 2 && p[0]!.value !== '-' && !/^-[lp]$/.test(p[0]!.value ?? '')) nestedScript(p[0]!, copyState(st), ctx, []);
  }),
  ...model(['su', 'runuser'], (c) => {
    const { name, rest, st, ctx, col } = c;
    const p = parseOpts(rest, { s: 'cgGs', l: ['command', 'group', 'supp-group', 'shell', 'session-command'] });
    const script = p.get('c', 'command', 'session-command');
    if (script) nestedScript(script, st, ctx, []);
    else col.unknown(name);
  }, { modelled: false }),
  ...model(['watch'], (c) => {
    const { rest, st, ctx, background, range } = c;
    const p = parseOpts(rest, { s: 'nd', l: ['interval', 'differences'] });
    if (p.pos.length === 1 && p.pos[0]!.value !== undefined) nestedScript(p.pos[0]!, st, ctx, []);
    else if (p.pos.length) runArgv(p.pos, copyState(st), ctx, background, range);
  }),
  ...model(['xargs', 'find'], (c) => {
    const { name, rest, col } = c;
    const hasExec = rest.some((w) => w.value === undefined || /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/.test(w.value));
    if (name === 'xargs' || hasExec) col.unknown(name);
  }),
  // mktemp creates a file with a name podlint cannot know
  ...model(['mktemp']),
};
