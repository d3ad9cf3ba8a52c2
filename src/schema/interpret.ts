/**
 * A small JSON Schema interpreter for CRD schemas (after convertCrdSchema).
 * CRD schemas are large (a Prometheus CRD embeds whole pod specs) while a
 * manifest holds a handful of their objects, so walking the schema alongside
 * the data costs far less than compiling it (ajv needs about a second for the
 * biggest CRDs of the corpus). Errors have ajv's shape (instancePath, keyword,
 * params, schemaPath) so the rest of the pipeline treats both alike.
 *
 * Supported: type, enum, format (src/schema/formats), pattern (RE2, as the API
 * server: src/schema/re2.ts; a pattern RE2 rejects is skipped here and
 * reported on the CRD by src/schema/crd-patterns.ts),
 * minimum/maximum (and exclusive), multipleOf, min/maxLength, min/maxItems,
 * uniqueItems, min/maxProperties, required, properties, additionalProperties,
 * items, allOf, anyOf, oneOf, not; and NO_FIELDS (src/schema/navigate.ts), a value
 * the API server prunes without a schema.
 */
import type { AjvError, Validator } from './load.js';
import { NO_FIELDS, type JsonSchema } from './navigate.js';
import { FORMATS } from './formats.js';
import { compilePattern } from './re2.js';

function typeMatches(t: string, v: unknown): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return true;
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** A value pruned without a schema (NO_FIELDS): every field of every mapping inside is unknown. */
function noFields(v: unknown, ip: string, sp: string, out: AjvError[], depth: number): void {
  if (depth > 200 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => noFields(x, `${ip}/${i}`, sp, out, depth + 1));
    return;
  }
  for (const k of Object.keys(v)) out.push({ instancePath: ip, schemaPath: `${sp}/additionalProperties`, keyword: 'additionalProperties', params: { additionalProperty: k } });
}

function check(s: JsonSchema, v: unknown, ip: string, sp: string, out: AjvError[], depth: number): void {
  if (!s || typeof s !== 'object' || depth > 200) return;
  if (s[NO_FIELDS] === true) return noFields(v, ip, sp, out, depth);
  const err = (keyword: string, params: Record<string, unknown>, at = ip) => out.push({ instancePath: at, schemaPath: `${sp}/${keyword}`, keyword, params });
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(t, v))) {
      err('type', { type: Array.isArray(s.type) ? s.type.join(',') : s.type });
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => equal(e, v))) err('enum', { allowedValues: s.enum });
  if (typeof s.format === 'string') {
    const f = FORMATS[s.format];
    if (f && (f.type === 'number' ? typeof v === 'number' : typeof v === 'string') && !f.validate(v)) err('format', { format: s.format });
  }
  if (typeof v === 'string') {
    if (typeof s.pattern === 'string') {
      const c = compilePattern(s.pattern);
      if (c.ok && !c.re.test(v)) err('pattern', { pattern: s.pattern });
    }
    if (typeof s.minLength === 'number' || typeof s.maxLength === 'number') {
      const len = [...v].length;
      if (typeof s.minLength === 'number' && len < s.minLength) err('minLength', { limit: s.minLength });
      if (typeof s.maxLength === 'number' && len > s.maxLength) err('maxLength', { limit: s.maxLength });
    }
  }
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) err('minimum', { limit: s.minimum, comparison: '>=' });
    if (typeof s.maximum === 'number' && v > s.maximum) err('maximum', { limit: s.maximum, comparison: '<=' });
    if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) err('exclusiveMinimum', { limit: s.exclusiveMinimum, comparison: '>' });
    if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) err('exclusiveMaximum', { limit: s.exclusiveMaximum, comparison: '<' });
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const q = v / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) err('multipleOf', { multipleOf: s.multipleOf });
    }
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) err('minItems', { limit: s.minItems });
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) err('maxItems', { limit: s.maxItems });
    if (s.uniqueItems === true) {
      // as ajv: from the end, report the first item seen again later ({i: earlier, j: later})
      const seen = new Map<string, number>();
      for (let i = v.length - 1; i >= 0; i--) {
        const k = JSON.stringify(v[i]);
        const j = seen.get(k);
        if (j !== undefined) {
          err('uniqueItems', { i, j });
          break;
        }
        seen.set(k, i);
      }
    }
    if (s.items && typeof s.items === 'object') for (let i = 0; i < v.length; i++) check(s.items, v[i], `${ip}/${i}`, `${sp}/items`, out, depth + 1);
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) err('minProperties', { limit: s.minProperties });
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) err('maxProperties', { limit: s.maxProperties });
    if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string' && o[r] === undefined) err('required', { missingProperty: r });
    const props = s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, JsonSchema>) : undefined;
    for (const k of keys) {
      if (props && Object.prototype.hasOwnProperty.call(props, k)) check(props[k]!, o[k], `${ip}/${esc(k)}`, `${sp}/properties/${esc(k)}`, out, depth + 1);
      else if (s.additionalProperties === false) err('additionalProperties', { additionalProperty: k });
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(s.additionalProperties, o[k], `${ip}/${esc(k)}`, `${sp}/additionalProperties`, out, depth + 1);
    }
  }
  if (Array.isArray(s.allOf)) s.allOf.forEach((x: JsonSchema, i: number) => check(x, v, ip, `${sp}/allOf/${i}`, out, depth + 1));
  const passes = (x: JsonSchema) => {
    const e: AjvError[] = [];
    check(x, v, ip, sp, e, depth + 1);
    return e.length === 0;
  };
  if (Array.isArray(s.anyOf) && s.anyOf.length && !s.anyOf.some(passes)) err('anyOf', {});
  if (Array.isArray(s.oneOf) && s.oneOf.length) {
    const passing = s.oneOf.map((x: JsonSchema, i: number) => (passes(x) ? i : -1)).filter((i: number) => i >= 0);
    if (passing.length !== 1) err('oneOf', { passingSchemas: passing.length ? passing : null });
  }
  if (s.not && typeof s.not === 'object' && passes(s.not)) err('not', {});
}

/** A validator function (ajv's calling convention) interpreting `schema`. */
export function interpreter(schema: JsonSchema): Validator {
  const fn = ((data: unknown) => {
    const out: AjvError[] = [];
    check(schema, data, '', '#', out, 0);
    fn.errors = out.length ? out : null;
    return out.length === 0;
  }) as Validator;
  fn.errors = null;
  return fn;
}
