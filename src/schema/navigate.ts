/**
 * Walk a JSON Schema along an instance path: which schema applies at
 * `spec.template.spec.volumes[0]`, which field names it allows, and what its
 * definition is called. Works on podlint's generated schemas (`$ref`s into
 * `definitions`) and on converted CRD schemas (inline).
 */
import type { Path } from '../load/nodes.js';

export type JsonSchema = Record<string, any>;

/**
 * Marks a value the API server prunes with no schema at all (the values of a
 * CRD's `additionalProperties: true`): scalars and lists stay, every field of
 * a mapping anywhere inside is unknown. Interpreted by src/schema/interpret.ts.
 */
export const NO_FIELDS = 'x-podlint-no-fields';

export interface SchemaCursor {
  schema: JsonSchema;
  /** Name of the last definition entered (e.g. `io.k8s.api.core.v1.Volume`). */
  definition?: string;
}

export interface SchemaSource {
  definitions: Record<string, any>;
}

function deref(c: SchemaCursor, src: SchemaSource | undefined): SchemaCursor {
  let cur = c;
  for (let i = 0; i < 32 && cur.schema && typeof cur.schema.$ref === 'string'; i++) {
    const ref: string = cur.schema.$ref;
    const at = ref.lastIndexOf('/definitions/');
    if (at < 0 || !src) return { schema: {} };
    const name = ref.slice(at + '/definitions/'.length);
    const s = src.definitions[name];
    if (!s) return { schema: {} };
    cur = { schema: s, definition: name };
  }
  return cur;
}

export function root(schema: JsonSchema, definition: string | undefined, src: SchemaSource | undefined): SchemaCursor {
  return deref({ schema, definition }, src);
}

/** The schema one step down, or undefined when `seg` is not allowed there. */
export function child(c: SchemaCursor, seg: string | number, src: SchemaSource | undefined): SchemaCursor | undefined {
  const s = c.schema;
  if (!s || typeof s !== 'object') return undefined;
  if (s[NO_FIELDS] === true) return typeof seg === 'number' ? c : undefined;
  if (typeof seg === 'number') {
    if (s.items && typeof s.items === 'object') return deref({ schema: s.items, definition: undefined }, src);
    return isOpen(s) ? { schema: {} } : undefined;
  }
  if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, seg)) return deref({ schema: s.properties[seg], definition: undefined }, src);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return deref({ schema: s.additionalProperties, definition: undefined }, src);
  if (s.additionalProperties === false) return undefined;
  return { schema: {} };
}

export function at(c: SchemaCursor, path: Path, src: SchemaSource | undefined): SchemaCursor | undefined {
  let cur: SchemaCursor | undefined = c;
  for (const seg of path) {
    if (!cur) return undefined;
    cur = child(cur, seg, src);
  }
  return cur;
}

/** Schema without structure: anything goes. */
function isOpen(s: JsonSchema): boolean {
  return !s.type && !s.properties && !s.items && s.additionalProperties === undefined;
}

/** Does the schema accept a field named `key` (known or through additionalProperties)? */
export function allowsKey(c: SchemaCursor, key: string): boolean {
  const s = c.schema;
  if (!s || typeof s !== 'object') return false;
  if (!isObjectSchema(s)) return false;
  if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, key)) return true;
  return s.additionalProperties !== false && !!(s.additionalProperties || !s.properties);
}

/** Does the schema name `key` as one of its own fields (not merely allow unknown ones)? */
export function definesKey(c: SchemaCursor, key: string): boolean {
  const s = c.schema;
  return !!(s && s.properties && Object.prototype.hasOwnProperty.call(s.properties, key));
}

export function isObjectSchema(s: JsonSchema): boolean {
  if (!s || typeof s !== 'object') return false;
  const t = s.type;
  if (t === undefined) return !!s.properties || s.additionalProperties !== undefined || isOpen(s);
  return t === 'object' || (Array.isArray(t) && t.includes('object'));
}

export function fieldNames(c: SchemaCursor): string[] {
  return c.schema?.properties ? Object.keys(c.schema.properties) : [];
}

/** Short type name for messages: `Container`, `PodSpec`, `ObjectMeta`. */
export function typeName(c: SchemaCursor): string | undefined {
  if (!c.definition) return undefined;
  return c.definition.slice(c.definition.lastIndexOf('.') + 1);
}
