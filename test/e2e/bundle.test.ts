/**
 * The CLI runs from one bundled module (dist/podlint.mjs, scripts/bundle.mjs)
 * for a fast start; it must behave exactly like tsc's modules it is built from.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { podlint, ROOT } from '../helpers/cli.js';

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
    expect(existsSync(join(ROOT, 'dist', 'podlint.mjs'))).toBe(true);
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
