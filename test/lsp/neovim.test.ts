/**
 * A real editor: Neovim (Debian package `neovim`) headless attaches
 * `podlint lsp --stdio` to a buffer with its built-in LSP client and reads
 * back the diagnostics it shows. Skipped, saying why, where Neovim is absent.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { BIN, SEED } from '../helpers/cli.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
if (!hasNvim) console.log('skipping the Neovim end-to-end test: nvim is not installed (apt-get install neovim)');

const SCRIPT = `
local root = os.getenv('PODLINT_WS')
local id = vim.lsp.start_client({
  name = 'podlint',
  cmd = { os.getenv('PODLINT_NODE'), os.getenv('PODLINT_BIN'), 'lsp', '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
  init_options = { debounceMs = 20 },
})
vim.cmd('edit ' .. root .. '/sidecar.yaml')
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  table.insert(lines, string.format('%d:%d %d %s %s', d.lnum + 1, d.col + 1, d.severity, code, d.source or ''))
end
if not ok then table.insert(lines, 'TIMEOUT') end
table.sort(lines)
local f = io.open(os.getenv('PODLINT_OUT'), 'w'); f:write(table.concat(lines, '\\n') .. '\\n'); f:close()
vim.lsp.stop_client(id)
vim.cmd('qa!')
`;

describe.skipIf(!hasNvim)(`Neovim (${hasNvim ? nvim.stdout.split('\n')[0] : 'absent'}) with podlint lsp`, () => {
  it("shows the seed sidecar's diagnostics at podlint's lines", () => {
    const ws = mkdtempSync(join(tmpdir(), 'podlint-nvim-'));
    try {
      writeFileSync(join(ws, 'sidecar.yaml'), readFileSync(join(SEED, 'sidecar-emptydir.yaml'), 'utf8'));
      writeFileSync(join(ws, 'init.lua'), SCRIPT);
      const out = join(ws, 'out.txt');
      const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(ws, 'init.lua')}`], {
        cwd: ws,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, PODLINT_WS: ws, PODLINT_OUT: out, PODLINT_NODE: process.execPath, PODLINT_BIN: BIN },
      });
      expect(r.status, r.stderr).toBe(0);
      // severity 1 = error, 2 = warning (vim.diagnostic.severity)
      expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual(['21:5 1 misindented-field podlint', '9:62 2 mount-path-mismatch podlint']);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 90_000);
});
