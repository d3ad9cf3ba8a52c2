/**
 * Plugins: rules written in JavaScript, for what CEL cannot say. The
 * configuration's `plugins:` names ESM modules (paths relative to the
 * configuration file) or npm packages (resolved from the configuration's
 * folder) that export `{ rules: { name: Rule } }`, Rule being the built-in
 * `{ meta, check }` shape (src/engine/types.ts). Their ids are
 * `<plugin>/<name>`. Code is loaded only when the configuration file names it
 * (never from a manifest, never without a configuration file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../engine/types.js';

export interface PluginSpec {
  /** Id prefix of its rules. */
  name: string;
  /** As written in the configuration. */
  specifier: string;
  /** Folder of the configuration file (relative specifiers and packages resolve from there). */
  dir: string;
}

export class PluginError extends Error {}

const isPath = (s: string) => s.startsWith('.') || isAbsolute(s) || /^[A-Za-z]:[\\/]/.test(s);

/** The plugin name a specifier gives: `./rules/team.mjs` -> team, `podlint-plugin-acme` -> acme, `@acme/podlint-plugin` -> acme. */
export function pluginName(specifier: string): string {
  let n: string;
  if (isPath(specifier)) n = basename(specifier, extname(specifier));
  else {
    const parts = specifier.split('/');
    n = specifier.startsWith('@') ? (parts[1] === 'podlint-plugin' ? parts[0]!.slice(1) : parts[1] ?? '') : parts[0]!;
  }
  return n
    .replace(/^podlint-plugin-/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function pluginSpecs(raw: unknown, dir: string): PluginSpec[] {
  if (!raw) return [];
  if (Array.isArray(raw)) return raw.map((s: string) => ({ name: pluginName(s), specifier: s, dir }));
  return Object.entries(raw as Record<string, string>).map(([name, specifier]) => ({ name, specifier, dir }));
}

function resolveSpecifier(p: PluginSpec): string {
  if (isPath(p.specifier)) {
    const abs = resolve(p.dir, p.specifier);
    if (!existsSync(abs)) throw new PluginError(`plugin "${p.name}": no such file ${p.specifier}`);
    return pathToFileURL(abs).href;
  }
  // An npm package, from the configuration's folder: its package.json `exports` (import/default), `module` or `main`.
  const req = createRequire(join(p.dir, 'podlint.config.yaml'));
  try {
    return pathToFileURL(req.resolve(p.specifier)).href;
  } catch {
    /* ESM-only packages have no `require` export: read package.json */
  }
  for (let d = p.dir; ; d = dirname(d)) {
    const pj = join(d, 'node_modules', p.specifier, 'package.json');
    if (existsSync(pj)) {
      const pkg = JSON.parse(readFileSync(pj, 'utf8'));
      const e = pkg.exports;
      const dot = typeof e === 'string' ? e : (e?.['.'] ?? e);
      const entry = typeof dot === 'string' ? dot : (dot?.import ?? dot?.default ?? pkg.module ?? pkg.main ?? 'index.js');
      return pathToFileURL(join(dirname(pj), typeof entry === 'string' ? entry : 'index.js')).href;
    }
    if (dirname(d) === d) break;
  }
  throw new PluginError(`plugin "${p.name}": cannot find the package ${p.specifier} (install it next to the configuration file)`);
}

// The CLI bundle runs compiled from V8's code cache (bin/podlint.js, vm.Script), where import() has no
// module loader behind it: bin/podlint.js hands its own import() in as this parameter of the bundle's wrapper.
declare const __podlintImport: ((url: string) => Promise<unknown>) | undefined;
const importModule = (url: string): Promise<unknown> => (typeof __podlintImport === 'function' ? __podlintImport(url) : import(url));

/** Import the plugins and return their rules with ids `<plugin>/<name>`. Throws PluginError. */
export async function loadPlugins(specs: PluginSpec[]): Promise<Rule[]> {
  const out: Rule[] = [];
  const names = new Set<string>();
  for (const p of specs) {
    if (!p.name) throw new PluginError(`plugin ${p.specifier}: cannot derive a plugin name; use the map form (plugins: {name: module})`);
    if (names.has(p.name)) throw new PluginError(`plugin "${p.name}" is named twice`);
    names.add(p.name);
    let mod: any;
    try {
      mod = await importModule(resolveSpecifier(p));
    } catch (e) {
      if (e instanceof PluginError) throw e;
      throw new PluginError(`plugin "${p.name}" (${p.specifier}) failed to load: ${(e as Error).message}`);
    }
    const rules = mod?.rules ?? mod?.default?.rules;
    if (!rules || typeof rules !== 'object') throw new PluginError(`plugin "${p.name}" (${p.specifier}) exports no \`rules\` object ({ rules: { name: { meta, check } } })`);
    for (const [name, rule] of Object.entries<any>(rules)) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new PluginError(`plugin "${p.name}": rule name "${name}" must be lower-case words joined by -`);
      if (!rule || typeof rule.check !== 'function') throw new PluginError(`plugin "${p.name}": rule "${name}" has no check(context) function`);
      const meta = rule.meta ?? {};
      const severity = meta.severity === 'warn' || meta.severity === 'warning' ? 'warn' : 'error';
      out.push({
        meta: {
          ...meta,
          id: `${p.name}/${name}`,
          description: typeof meta.description === 'string' ? meta.description : `${p.name}/${name}`,
          severity,
          category: meta.category ?? 'patterns',
          docs: typeof meta.docs === 'string' ? meta.docs : p.specifier,
        },
        check: (ctx) => rule.check(ctx),
      });
    }
  }
  return out;
}
