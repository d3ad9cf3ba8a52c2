/**
 * Load the validator of one apiVersion/kind, lazily and at most once:
 * - normally the ajv standalone module built by scripts/build-validators.mjs
 *   (dist/validators/v<version>/<kind>.cjs), required synchronously the first
 *   time the kind is seen, so linting one Pod loads one module and never ajv;
 * - when those modules are missing (running from a source checkout that was
 *   never built), the kind's schema from schemas/kubernetes/ compiled with ajv
 *   at run time (slower, same result).
 * The JSON definitions are read only when a finding needs them (field-name
 * suggestions and mis-indentation analysis).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS } from './formats.js';
import { requireWithCodeCache } from './code-cache.js';

export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, any>;
}

export interface Validator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

const require = createRequire(import.meta.url);

let rootDir: string | undefined;
/** podlint's package folder (holds schemas/ and dist/), from source or from dist/. */
export function packageDir(): string {
  if (rootDir) return rootDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'schemas', 'kubernetes'))) return (rootDir = dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (rootDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
}

export interface KindEntry {
  /** Schema file in schemas/kubernetes/v<version>/. */
  file: string;
  /** Definition name in _definitions.json. */
  definition: string;
}

export interface Definitions {
  definitions: Record<string, any>;
}

/** One shipped schema set (one Kubernetes minor version). */
export class SchemaSet {
  readonly version: string;
  private readonly schemaDir: string;
  private readonly distDir: string;
  private kindsIndex?: Record<string, KindEntry>;
  private modules?: Record<string, string> | null;
  /** Content hash of each module (index.json), the key of its code cache. */
  private hashes: Record<string, string> = {};
  private readonly validators = new Map<string, Validator | null>();
  private defs?: Definitions;
  private ajv?: any;

  constructor(version: string, base = packageDir()) {
    this.version = version;
    this.schemaDir = join(base, 'schemas', 'kubernetes', `v${version}`);
    this.distDir = join(base, 'dist', 'validators', `v${version}`);
  }

  /** apiVersion/kind -> schema file and definition. */
  kinds(): Record<string, KindEntry> {
    if (!this.kindsIndex) {
      try {
        this.kindsIndex = JSON.parse(readFileSync(join(this.schemaDir, 'index.json'), 'utf8')).kinds as Record<string, KindEntry>;
      } catch {
        this.kindsIndex = {};
      }
    }
    return this.kindsIndex;
  }

  has(apiVersion: string, kind: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.kinds(), `${apiVersion}/${kind}`);
  }

  entry(apiVersion: string, kind: string): KindEntry | undefined {
    return this.has(apiVersion, kind) ? this.kinds()[`${apiVersion}/${kind}`] : undefined;
  }

  /** The validator of a kind, or undefined when the set has no schema for it. */
  validator(apiVersion: string, kind: string): Validator | undefined {
    const key = `${apiVersion}/${kind}`;
    const cached = this.validators.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const entry = this.entry(apiVersion, kind);
    let v: Validator | null = null;
    if (entry) v = this.prebuilt(key) ?? this.compile(entry) ?? null;
    this.validators.set(key, v);
    return v ?? undefined;
  }

  private prebuilt(key: string): Validator | undefined {
    if (this.modules === undefined) {
      try {
        const index = JSON.parse(readFileSync(join(this.distDir, 'index.json'), 'utf8'));
        this.modules = index.kinds as Record<string, string>;
        this.hashes = (index.hashes ?? {}) as Record<string, string>;
      } catch {
        this.modules = null;
      }
    }
    const mod = this.modules?.[key];
    if (!mod) return undefined;
    try {
      const exports = requireWithCodeCache(join(this.distDir, mod), this.hashes[mod]) as Record<string, Validator>;
      return typeof exports[key] === 'function' ? exports[key] : undefined;
    } catch {
      return undefined;
    }
  }

  private compile(entry: KindEntry): Validator | undefined {
    const ajv = this.runtimeAjv();
    const schema = JSON.parse(readFileSync(join(this.schemaDir, entry.file), 'utf8'));
    const existing = ajv.getSchema(schema.$id);
    return (existing ?? ajv.compile(schema)) as Validator;
  }

  private runtimeAjv(): any {
    if (!this.ajv) {
      this.ajv = newAjv();
      this.ajv.addSchema(JSON.parse(readFileSync(join(this.schemaDir, '_definitions.json'), 'utf8')));
    }
    return this.ajv;
  }

  /** The definitions (for suggestions and structure analysis); read on first use. */
  definitions(): Definitions {
    if (!this.defs) {
      try {
        this.defs = JSON.parse(readFileSync(join(this.schemaDir, '_definitions.json'), 'utf8')) as Definitions;
      } catch {
        this.defs = { definitions: {} };
      }
    }
    return this.defs;
  }
}

/** A fresh ajv instance with podlint's options and formats (loaded on first use). */
export function newAjv(): any {
  const mod = require('ajv');
  const Ajv = mod.default ?? mod;
  const ajv = new Ajv({ allErrors: true, strict: false, messages: false, logger: false });
  for (const [name, def] of Object.entries(FORMATS)) ajv.addFormat(name, def);
  return ajv;
}

const sets = new Map<string, SchemaSet>();
export function schemaSet(version: string): SchemaSet {
  let s = sets.get(version);
  if (!s) sets.set(version, (s = new SchemaSet(version)));
  return s;
}
