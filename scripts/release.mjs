// Make a release tree: what the GitHub Action and the pre-commit hook need at
// a tag, built, with nothing to install. `node scripts/release.mjs --out DIR`
// writes it to DIR; `--tag v0.2.0` also commits it (a commit whose parent is
// HEAD, on no branch) and tags it in this repository, without touching the
// working tree or the index (`--repo DIR`: in that repository instead). Run
// `npm run build` first.
//
// The tree: bin/, dist/ (the bundle, the schema validators, and dist/vendor/:
// podlint's lazily required CommonJS dependencies — ajv, re2js, ignore,
// picomatch — bundled by esbuild, found through bin/podlint.js), schemas/,
// docs/, action.yml, action/, .pre-commit-hooks.yaml, README.md and a
// package.json without dependencies or scripts. So the Action runs at once
// (no npm ci, no build), and pre-commit's npm install / npm pack / npm install -g
// fetch nothing and build nothing.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string' }, tag: { type: 'string' }, message: { type: 'string' }, repo: { type: 'string' } } });
if (!values.out && !values.tag) {
  console.error('usage: node scripts/release.mjs (--out DIR | --tag vX.Y.Z [--message TEXT])');
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'podlint.cjs'))) {
  console.error('release: dist/podlint.cjs is missing; run npm run build first');
  process.exit(2);
}
const out = values.out ?? mkdtempSync(join(tmpdir(), 'podlint-release-'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const copy = (rel, filter) => cpSync(join(root, rel), join(out, rel), { recursive: true, filter: filter ? (src) => filter(src.slice(root.length + 1)) : undefined });
copy('bin');
// dist/src (tsc's modules) is only the fallback when the bundle is missing; the release has the bundle.
copy('dist', (rel) => !rel.startsWith(join('dist', 'src')) && !rel.startsWith(join('dist', 'rules')));
for (const rel of ['schemas', 'docs', 'action', 'action.yml', '.pre-commit-hooks.yaml', 'README.md']) if (existsSync(join(root, rel))) copy(rel);

// The dependencies the bundle leaves out (lazily required CommonJS), bundled one file each.
const require = createRequire(join(root, 'package.json'));
const vendor = join(out, 'dist', 'vendor');
mkdirSync(vendor, { recursive: true });
writeFileSync(join(vendor, 'package.json'), '{"type":"commonjs"}\n');
for (const name of ['ajv', 're2js', 'ignore', 'picomatch']) {
  await build({
    entryPoints: [require.resolve(name)],
    outfile: join(vendor, `${name}.js`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifyWhitespace: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const deps = Object.fromEntries(Object.keys(pkg.dependencies ?? {}).map((n) => [n, JSON.parse(readFileSync(join(root, 'node_modules', n, 'package.json'), 'utf8')).version]));
const rel = {
  name: pkg.name,
  version: pkg.version,
  description: pkg.description,
  type: pkg.type,
  license: pkg.license,
  bin: pkg.bin,
  engines: pkg.engines,
  files: ['bin', 'dist', 'schemas', 'docs'],
  // what dist/ was built with (bundled or vendored): informational, nothing to install
  podlintBuiltWith: deps,
};
writeFileSync(join(out, 'package.json'), JSON.stringify(rel, null, 2) + '\n');
console.error(`release: tree in ${out}`);

if (values.tag) {
  const git = (args, opts = {}) => {
    const r = spawnSync('git', args, { cwd: values.repo ?? root, encoding: 'utf8', ...opts });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const index = join(mkdtempSync(join(tmpdir(), 'podlint-index-')), 'index');
  const env = { ...process.env, GIT_INDEX_FILE: index };
  git(['--work-tree', out, 'add', '-A', '-f', '.'], { env });
  const tree = git(['write-tree'], { env });
  const head = git(['rev-parse', 'HEAD']);
  const commit = git(['commit-tree', tree, '-p', head, '-m', values.message ?? `podlint ${values.tag}: release build of ${head.slice(0, 12)}`]);
  git(['tag', values.tag, commit]);
  console.error(`release: tagged ${values.tag} at ${commit}`);
}
