/**
 * Configuration files: podlint.config.yaml (or .yml), .podlintrc.yaml (.yml)
 * and .podlintrc.json, found by walking up from the working directory or named
 * with --config; validated with ajv against schemas/config.schema.json. Every
 * problem becomes a ConfigError: `<file>: <JSON pointer> <reason>`, exit 2.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseDocument, isMap, isSeq, isScalar, type Node, type Document } from 'yaml';
import type { Rule, SeveritySetting } from '../engine/types.js';
import type { RuleSetting } from '../engine/lint.js';
import { nearNames } from '../engine/suggest.js';
import { packageRoot } from './package-root.js';
import { scalarOffset } from '../load/nodes.js';
import { CelCompileError } from '../policy/cel.js';
import { compileCustomRule, customRule, type CustomRuleSpec } from '../policy/custom.js';
import { pluginSpecs, type PluginSpec } from '../policy/plugins.js';

export const CONFIG_NAMES = ['podlint.config.yaml', 'podlint.config.yml', '.podlintrc.yaml', '.podlintrc.yml', '.podlintrc.json'] as const;

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly reason: string,
    readonly position?: { line: number; column: number },
  ) {
    super(`${file}: ${pointer ? pointer + ' ' : ''}${reason}${position ? ` (line ${position.line}, column ${position.column})` : ''}`);
  }
}

export interface ConfigOverride {
  files: string[];
  rules: Record<string, SeveritySetting>;
}

export interface LoadedConfig {
  /** Absolute path of the file. */
  path: string;
  /** Folder of the file: `ignore` and `overrides[].files` are relative to it. */
  dir: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  namespace?: string;
  kubernetesVersion?: string;
  /** `kustomize`: render kustomize trees (auto, required, off). */
  kustomize?: 'auto' | 'required' | 'off';
  /** `helm`: how charts are rendered (values files made absolute). */
  helm?: { mode?: 'auto' | 'required' | 'off'; values?: string[]; set?: string[]; release?: string; namespace?: string };
  overrides: ConfigOverride[];
  /** `customRules`, compiled (ids custom/<id>). */
  customRules: Rule[];
  /** `plugins`, not loaded yet (src/policy/plugins.ts loads them). */
  plugins: PluginSpec[];
  /** Rule ids of plugins named in `rules`/`overrides`, checked once the plugins are loaded. */
  pluginRuleIds: { id: string; pointer: string; position?: { line: number; column: number } }[];
}

/** The nearest configuration file at or above `cwd` (the first name of CONFIG_NAMES wins within a folder). */
export function findConfig(cwd: string): { path?: string; alsoFound: string[] } {
  let dir = resolve(cwd);
  for (let i = 0; i < 256; i++) {
    const here = CONFIG_NAMES.map((n) => join(dir, n)).filter((p) => isFile(p));
    if (here.length) return { path: here[0], alsoFound: here.slice(1) };
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return { alsoFound: [] };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function normalizeSeverity(v: unknown): SeveritySetting {
  if (v === 0 || v === 'off') return 'off';
  if (v === 1 || v === 'warn' || v === 'warning') return 'warn';
  return 'error';
}

let validator: ((data: unknown) => boolean) & { errors?: AjvError[] | null } = undefined as any;
let ajvInstance: any;

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, any>;
  parentSchema?: any;
}

function getAjv(): any {
  if (ajvInstance) return ajvInstance;
  // ajv is CommonJS; load it only when a configuration file exists.
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv');
  const AjvClass = Ajv.default ?? Ajv;
  ajvInstance = new AjvClass({ allErrors: false, verbose: true, strictTuples: false, allowUnionTypes: true });
  return ajvInstance;
}

function getValidator() {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'config.schema.json'), 'utf8'));
  validator = getAjv().compile(schema);
  return validator;
}

/** Read, parse and validate a configuration file. Throws ConfigError. */
export function loadConfig(path: string, rules: readonly Rule[]): LoadedConfig {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new ConfigError(path, '', 'no such file');
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new ConfigError(path, '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'silent' });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
    throw new ConfigError(path, '', `is not valid ${abs.endsWith('.json') ? 'JSON' : 'YAML'}: ${msg}`, pos ? { line: pos.line, column: pos.col } : undefined);
  }
  let data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) data = {};
  const where = (pointer: string) => positionOf(doc, text, pointer);

  const validate = getValidator();
  if (!validate(data)) {
    const { pointer, reason } = describeError(validate.errors ?? []);
    throw new ConfigError(path, pointer, reason, where(pointer));
  }
  const cfg = data as Record<string, any>;
  const customRules = loadCustomRules(path, cfg.customRules ?? [], doc, text, where);
  const plugins = pluginSpecs(cfg.plugins, dirname(abs));
  const pluginRuleIds: LoadedConfig['pluginRuleIds'] = [];
  const byId = new Map([...rules, ...customRules].map((r) => [r.meta.id, r]));
  const known = [...byId.keys()];
  const checkId = (id: string, pointer: string) => {
    if (byId.has(id)) return;
    const slash = id.indexOf('/');
    if (slash > 0 && plugins.some((p) => p.name === id.slice(0, slash))) {
      pluginRuleIds.push({ id, pointer, position: where(pointer) });
      return;
    }
    const near = nearNames(id, known);
    throw new ConfigError(path, pointer, `unknown rule "${id}"${near.length ? ` (did you mean "${near.join('" or "')}"?)` : ''}; see podlint --list-rules`, where(pointer));
  };
  const out: LoadedConfig = { path: abs, dir: dirname(abs), rules: {}, ignore: cfg.ignore ?? [], overrides: [], customRules, plugins, pluginRuleIds };
  for (const [id, v] of Object.entries<unknown>(cfg.rules ?? {})) {
    const pointer = `/rules/${escapePointer(id)}`;
    checkId(id, pointer);
    if (Array.isArray(v)) {
      const sev = normalizeSeverity(v[0]);
      const options = (v[1] ?? {}) as Record<string, unknown>;
      const rule = byId.get(id);
      if (v.length > 1 && rule) checkOptions(path, rule, options, `${pointer}/1`, where);
      out.rules[id] = v.length > 1 ? [sev, options] : sev;
    } else out.rules[id] = normalizeSeverity(v);
  }
  (cfg.overrides ?? []).forEach((o: any, i: number) => {
    const rulesOut: Record<string, SeveritySetting> = {};
    for (const [id, v] of Object.entries<unknown>(o.rules)) {
      checkId(id, `/overrides/${i}/rules/${escapePointer(id)}`);
      rulesOut[id] = normalizeSeverity(v);
    }
    out.overrides.push({ files: o.files, rules: rulesOut });
  });
  if (cfg.namespace !== undefined) out.namespace = cfg.namespace;
  if (cfg.kubernetesVersion !== undefined) out.kubernetesVersion = String(cfg.kubernetesVersion).replace(/^v/, '');
  if (cfg.kustomize !== undefined) out.kustomize = cfg.kustomize;
  if (cfg.helm !== undefined) out.helm = { ...cfg.helm, ...(cfg.helm.values ? { values: cfg.helm.values.map((v: string) => resolve(dirname(path), v)) } : {}) };
  return out;
}

/** Compile `customRules` (CEL); a syntax or type error names the rule, the file, the line of the expression and the column inside it. */
function loadCustomRules(path: string, specs: any[], doc: Document, text: string, where: (p: string) => { line: number; column: number } | undefined): Rule[] {
  const out: Rule[] = [];
  const seen = new Set<string>();
  specs.forEach((raw, i) => {
    const spec: CustomRuleSpec = { ...raw, severity: raw.severity === undefined ? undefined : normalizeSeverity(raw.severity) };
    if (seen.has(spec.id)) throw new ConfigError(path, `/customRules/${i}/id`, `custom rule "${spec.id}" is defined twice`, where(`/customRules/${i}/id`));
    seen.add(spec.id);
    if (spec.message !== undefined && spec.messageExpression !== undefined)
      throw new ConfigError(path, `/customRules/${i}`, `custom rule "${spec.id}": set message or messageExpression, not both`, where(`/customRules/${i}/messageExpression`));
    try {
      out.push(customRule(compileCustomRule(spec), path));
    } catch (e) {
      if (!(e instanceof CelCompileError)) throw e;
      const field = (e as any).field ?? 'expression';
      const pointer = `/customRules/${i}/${field}`;
      const node = doc.getIn(['customRules', i, field], true) as Node | undefined;
      let position = where(pointer);
      if (node?.range) position = lineColumn(text, scalarOffset(text, node, e.start));
      throw new ConfigError(path, pointer, `custom rule "${spec.id}": invalid CEL ${field} at column ${e.start + 1} of the expression: ${e.message}`, position);
    }
  });
  return out;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { line, column: col };
}

/**
 * Once the plugins are loaded: every plugin rule id the configuration names
 * exists, and its options (`[severity, options]` in `rules`) fit the rule's
 * meta.schema. Throws ConfigError.
 */
export function checkPluginRules(cfg: LoadedConfig, pluginRules: readonly Rule[]): void {
  const byId = new Map(pluginRules.map((r) => [r.meta.id, r]));
  for (const u of cfg.pluginRuleIds) {
    const rule = byId.get(u.id);
    if (!rule) {
      const near = nearNames(u.id, [...byId.keys()]);
      throw new ConfigError(cfg.path, u.pointer, `unknown rule "${u.id}"${near.length ? ` (did you mean "${near.join('" or "')}"?)` : ''}; see podlint --list-rules`, u.position);
    }
    const setting = cfg.rules[u.id];
    if (Array.isArray(setting) && setting[1] && u.pointer.startsWith('/rules/')) checkOptions(cfg.path, rule, setting[1], `${u.pointer}/1`, () => u.position);
  }
}

function checkOptions(path: string, rule: Rule, options: Record<string, unknown>, pointer: string, where: (p: string) => { line: number; column: number } | undefined) {
  const schema = rule.meta.schema;
  if (!schema) {
    if (Object.keys(options).length) throw new ConfigError(path, pointer, `rule "${rule.meta.id}" takes no options`, where(pointer));
    return;
  }
  let v: any;
  try {
    v = getAjv().compile(schema as object);
  } catch (e) {
    throw new ConfigError(path, pointer, `cannot check the options of "${rule.meta.id}": ${(e as Error).message}`);
  }
  if (!v(options)) {
    const { pointer: p, reason } = describeError(v.errors ?? []);
    throw new ConfigError(path, pointer + (p === '/' ? '' : p), reason, where(pointer + (p === '/' ? '' : p)));
  }
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** Turn ajv's first error into `<pointer>` and a sentence. */
export function describeError(errors: AjvError[]): { pointer: string; reason: string } {
  if (!errors.length) return { pointer: '/', reason: 'is invalid' };
  // With allErrors off, an anyOf failure lists its branches' errors first and
  // the anyOf error last: describe it with the schema's description.
  const last = errors[errors.length - 1]!;
  let e = last.keyword === 'anyOf' || last.keyword === 'oneOf' ? last : errors[0]!;
  const at = e.instancePath || '';
  const show = (p: string) => p || '/';
  switch (e.keyword) {
    case 'anyOf':
    case 'oneOf':
      return { pointer: show(at), reason: `must be ${e.parentSchema?.description ?? 'valid'}` };
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys(e.parentSchema?.properties ?? {}).filter((k) => k !== '$schema');
      const near = nearNames(key, allowed);
      return {
        pointer: `${at}/${escapePointer(key)}`,
        reason: `is not a known setting${near.length ? ` (did you mean "${near[0]}"?)` : ''}; allowed: ${allowed.join(', ')}`,
      };
    }
    case 'enum':
      return { pointer: show(at), reason: `must be ${e.parentSchema?.description ?? 'one of ' + (e.params.allowedValues ?? []).join(', ')}` };
    case 'propertyNames':
    case 'pattern':
      if (e.keyword === 'pattern' && errors.some((x) => x.keyword === 'propertyNames')) {
        const name = errors.find((x) => x.keyword === 'propertyNames')!.params.propertyName;
        return { pointer: `${at}/${escapePointer(String(name))}`, reason: 'is not a valid rule id (lower-case words joined by -)' };
      }
      if (e.keyword === 'propertyNames') return { pointer: `${at}/${escapePointer(String(e.params.propertyName))}`, reason: 'is not a valid rule id (lower-case words joined by -)' };
      return { pointer: show(at), reason: `${e.message}${e.parentSchema?.description ? ` (${e.parentSchema.description})` : ''}` };
    case 'type':
      return { pointer: show(at), reason: `must be ${/^[aeiou]/.test(String(e.params.type)) ? 'an' : 'a'} ${e.params.type}${e.parentSchema?.description ? ` (${e.parentSchema.description})` : ''}` };
    case 'required':
      return { pointer: show(at), reason: `must have the setting "${e.params.missingProperty}"` };
    default:
      return { pointer: show(at), reason: e.message ?? 'is invalid' };
  }
}

/** Line/column of the node a JSON pointer names, for error messages. */
function positionOf(doc: Document, text: string, pointer: string): { line: number; column: number } | undefined {
  if (!pointer || pointer === '/') return undefined;
  const segs = pointer.split('/').slice(1).map(unescapePointer);
  let node: Node | null | undefined = doc.contents as Node | null;
  let keyNode: Node | undefined;
  for (const seg of segs) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)] as Node | null;
    } else break;
  }
  const r = (keyNode ?? node)?.range;
  if (!r) return undefined;
  let line = 1;
  let col = 1;
  for (let i = 0; i < r[0] && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { line, column: col };
}
