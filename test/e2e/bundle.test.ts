/**
 * The CLI runs from one bundled module (dist/podlint.cjs, scripts/bundle.mjs)
 * for a fast start; it must behave exactly like tsc's modules it is built from.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { podlint, ROOT } from '../helpers/cli.js';
import { LONG_RUN_CHARS, shortRunApplies } from '../../src/tiering.js';

function viaModules(args: string[]) {
  const main = pathToFileURL(join(ROOT, 'dist', 'src', 'cli', 'main.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { main } from ${JSON.stringify(main)}; process.exitCode = await main(${JSON.stringify(args)});`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined } as NodeJS.ProcessEnv,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('bundled CLI', () => {
  it('is built, and bin/podlint.js runs it', () => {
    expect(existsSync(join(ROOT, 'dist', 'podlint.cjs'))).toBe(true);
  });

  it.each([
    [['-f', 'json', 'examples', 'test/fixtures']],
    [['examples']],
    [['-f', 'sarif', 'examples']],
    [['--fix-dry-run', '-f', 'json', 'examples']],
    [['explain', 'mount-path-mismatch']],
    [['--list-rules']],
  ])('gives the same output as the modules: %j', (args) => {
    const a = podlint(args);
    const b = viaModules(args);
    expect(a.code).toBe(b.code);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toBe(b.stderr);
  });
});

describe('code cache of the bundle (bin/podlint.js)', () => {
  // A copy of the built tree, so that this test can spoil its cache without touching dist/.
  function copyTree() {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-ccache-'));
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true, filter: (src) => !src.startsWith(join(ROOT, 'dist', 'src')) && !src.startsWith(join(ROOT, 'dist', 'rules')) });
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    symlinkSync(join(ROOT, 'schemas'), join(dir, 'schemas'));
    return dir;
  }
  const run = (dir: string, args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'podlint.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...env } as NodeJS.ProcessEnv,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const args = ['-f', 'json', 'examples', 'test/fixtures'];

  it('is built with the bundle (and for the validators examples/ loads), keyed on the content', () => {
    const id = /\n\/\/# podlintBuild=(\w+)\n$/.exec(readFileSync(join(ROOT, 'dist', 'podlint.cjs'), 'utf8'))?.[1];
    expect(id).toBeTruthy();
    const head = readFileSync(join(ROOT, 'dist', 'podlint.cjs.cache')).subarray(0, 60).toString('latin1');
    expect(head.startsWith(`podlint-code-cache ${id}\n`)).toBe(true);
    const index = JSON.parse(readFileSync(join(ROOT, 'dist', 'validators', 'v1.36', 'index.json'), 'utf8'));
    const vhead = readFileSync(join(ROOT, 'dist', 'validators', 'v1.36', 'workloads.cjs.cache')).subarray(0, 60).toString('latin1');
    expect(vhead.startsWith(`podlint-code-cache ${index.hashes['workloads.cjs']}\n`)).toBe(true);
  });

  it('a missing, foreign or rejected cache gives the same output and is written afresh', () => {
    const dir = copyTree();
    try {
      // the bundle's cache, and that of the validators of the pod-embedding kinds (src/schema/code-cache.ts)
      for (const cache of [join(dir, 'dist', 'podlint.cjs.cache'), join(dir, 'dist', 'validators', 'v1.36', 'workloads.cjs.cache')]) {
        const plain = run(dir, args, { PODLINT_COMPILE_CACHE: '0' });
        const good = readFileSync(cache);
        const header = good.subarray(0, good.indexOf(10) + 1);
        expect(header.toString().startsWith('podlint-code-cache ')).toBe(true);
        const variants: [string, Buffer | undefined][] = [
          ['missing', undefined],
          ['another build', Buffer.concat([Buffer.from('podlint-code-cache 0123456789abcdef0123\n'), good.subarray(header.length)])],
          ['not V8 data', Buffer.concat([header, Buffer.from('not a code cache')])],
          ['truncated', good.subarray(0, good.length >> 1)],
        ];
        for (const [what, data] of variants) {
          rmSync(cache, { force: true });
          if (data) writeFileSync(cache, data);
          const r = run(dir, args);
          expect({ cache, what, ...r }).toEqual({ cache, what, ...plain });
          const written = readFileSync(cache);
          expect(written.subarray(0, header.length).equals(header) && written.length > 10_000).toBe(true);
          // and the cache it wrote works
          expect({ cache, what, ...run(dir, args) }).toEqual({ cache, what, ...plain });
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays valid from run to run, short or long (src/tiering.ts: caches are read and made under V8 defaults)', () => {
    const dir = copyTree();
    try {
      const caches = [join(dir, 'dist', 'podlint.cjs.cache'), join(dir, 'dist', 'validators', 'v1.36', 'workloads.cjs.cache')];
      run(dir, args);
      const before = caches.map((c) => readFileSync(c));
      // a long run: more input than LONG_RUN_CHARS (comments, and a Deployment to lint)
      const big = join(dir, 'big.yaml');
      const line = '# ' + 'x'.repeat(97) + '\n';
      writeFileSync(big, line.repeat(Math.ceil((LONG_RUN_CHARS + 1000) / line.length)) + readFileSync(join(ROOT, 'examples', 'sidecar-emptydir.yaml'), 'utf8'));
      const long = run(dir, ['-f', 'json', big], { PODLINT_TRACE: '1' });
      // (V8 11, Node 20, only: elsewhere V8's own tiering is left alone)
      if (shortRunApplies()) expect(long.stderr).toMatch(/a long run: V8's default interrupt budget from here on/);
      const short = run(dir, args, { PODLINT_TRACE: '1' });
      expect(short.stderr).not.toMatch(/a long run/);
      // neither run found a cache it rejected (a rejected cache is written afresh, with other bytes)
      caches.forEach((c, i) => expect({ c, same: readFileSync(c).equals(before[i]!) }).toEqual({ c, same: true }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
