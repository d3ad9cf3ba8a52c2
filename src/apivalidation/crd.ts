/**
 * CustomResourceDefinition checks (apiextensions-apiserver
 * pkg/apis/apiextensions/validation: ValidateCustomResourceDefinition,
 * ValidateCustomResourceDefinitionNames, ValidateCustomResourceDefinitionOpenAPISchema
 * and the structural-schema rules of pkg/apiserver/schema).
 */
import type { ObjectCheck, CheckContext } from './check.js';
import { isObj, list, str } from './check.js';
import { isDNS1035Label, isDNS1123Subdomain } from './names.js';
import { nearNames } from '../engine/suggest.js';
import type { Path } from '../load/nodes.js';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const LIST_TYPES = ['atomic', 'set', 'map'];
const FORBIDDEN: [string, string][] = [
  ['$ref', '$ref is not supported'],
  ['patternProperties', 'patternProperties is not supported'],
  ['additionalItems', 'additionalItems is not supported'],
  ['dependencies', 'dependencies is not supported'],
  ['definitions', 'definitions is not supported'],
  ['id', 'id is not supported'],
];

function schemaChecks(c: CheckContext, s: unknown, at: Path, isRoot: boolean, depth: number) {
  if (!isObj(s) || depth > 64) return;
  const t = s.type;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (typeof t === 'string' && !TYPES.includes(t)) {
    const near = nearNames(t, TYPES);
    c.report([...at, 'type'], `type \`${t}\` is not a schema type: supported values are ${TYPES.map((x) => '`' + x + '`').join(', ')} (ValidateCustomResourceDefinitionOpenAPISchema).${near.length === 1 ? ` Did you mean \`${near[0]}\`?` : ''}`);
  } else if (isRoot && t !== 'object') {
    c.report(typeof t === 'string' ? [...at, 'type'] : at, `the root of openAPIV3Schema must have \`type: object\` (structural schema).`, typeof t === 'string' ? 'value' : 'key');
  } else if ((t === undefined || t === '') && !intOrString && !preserve && !embedded) {
    c.report(at, `this schema has no \`type\`; a structural schema needs one on every field (unless \`x-kubernetes-int-or-string\` or \`x-kubernetes-preserve-unknown-fields\` is set) (structural schema). Add \`type:\`.`, 'key');
  }
  if (intOrString && typeof t === 'string' && t !== '') {
    c.report([...at, 'type'], `\`type\` must be empty when \`x-kubernetes-int-or-string: true\` (structural schema). Remove it.`, 'key');
  }
  if (t === 'array' && !isObj(s.items)) c.report(at, `an array schema needs \`items\` (structural schema). Add \`items:\` with the type of its entries.`, 'key');
  if (isObj(s.properties) && s.additionalProperties !== undefined && s.additionalProperties !== null && s.additionalProperties !== false) {
    c.report([...at, 'additionalProperties'], `\`additionalProperties\` and \`properties\` are mutually exclusive (ValidateCustomResourceDefinitionOpenAPISchema). Keep one.`, 'key');
  }
  if (s.uniqueItems === true) c.report([...at, 'uniqueItems'], `\`uniqueItems: true\` is forbidden (its cost is quadratic); use \`x-kubernetes-list-type: set\` (ValidateCustomResourceDefinitionOpenAPISchema).`, 'key');
  for (const [k, why] of FORBIDDEN) if (s[k] !== undefined && s[k] !== null) c.report([...at, k], `\`${k}\` is forbidden: ${why} in CRD schemas (ValidateCustomResourceDefinitionOpenAPISchema).`, 'key');
  const lt = s['x-kubernetes-list-type'];
  if (typeof lt === 'string' && !LIST_TYPES.includes(lt)) {
    c.report([...at, 'x-kubernetes-list-type'], `x-kubernetes-list-type \`${lt}\` is not supported: use \`atomic\`, \`set\` or \`map\` (ValidateCustomResourceDefinitionOpenAPISchema).`);
  }
  const keys = s['x-kubernetes-list-map-keys'];
  if (keys !== undefined && keys !== null && lt !== 'map') {
    c.report([...at, 'x-kubernetes-list-map-keys'], `x-kubernetes-list-map-keys may only be set with \`x-kubernetes-list-type: map\` (ValidateCustomResourceDefinitionOpenAPISchema).`, 'key');
  }
  if (lt === 'map') {
    const items = s.items;
    if (!Array.isArray(keys) || keys.length === 0) {
      c.report(at, `\`x-kubernetes-list-type: map\` needs \`x-kubernetes-list-map-keys\` (ValidateCustomResourceDefinitionOpenAPISchema).`, 'key');
    } else if (isObj(items)) {
      if (items.type !== 'object') c.report([...at, 'items'], `the items of an \`x-kubernetes-list-type: map\` list must be of type object (ValidateCustomResourceDefinitionOpenAPISchema).`, 'key');
      const props = isObj(items.properties) ? items.properties : {};
      const required = new Set(list(items.required));
      keys.forEach((k: unknown, i: number) => {
        if (typeof k !== 'string') return;
        const p = props[k];
        if (!isObj(p)) {
          c.report([...at, 'x-kubernetes-list-map-keys', i], `map key \`${k}\` is not a property of the list's items (ValidateCustomResourceDefinitionOpenAPISchema).`);
        } else if (!required.has(k) && p.default === undefined) {
          c.report([...at, 'x-kubernetes-list-map-keys', i], `map key \`${k}\` must be a required property of the items or have a default (ValidateCustomResourceDefinitionOpenAPISchema). Add it to \`items.required\`, or give it a \`default\`.`);
        }
      });
    }
  }
  if (isRoot && isObj(s.properties) && isObj(s.properties.metadata)) {
    const md = s.properties.metadata;
    if (md.type !== undefined && md.type !== 'object') c.report([...at, 'properties', 'metadata', 'type'], `metadata must be of type object (structural schema).`);
    if (isObj(md.properties)) {
      for (const k of Object.keys(md.properties)) {
        if (k !== 'name' && k !== 'generateName') c.report([...at, 'properties', 'metadata', 'properties', k], `the schema of metadata may only constrain \`name\` and \`generateName\` (structural schema); \`${k}\` is validated by the API server itself. Remove it.`, 'key');
      }
    }
  }
  if (isObj(s.properties)) for (const [k, p] of Object.entries(s.properties)) {
    if (isRoot && k === 'metadata') continue;
    schemaChecks(c, p, [...at, 'properties', k], false, depth + 1);
  }
  if (isObj(s.items)) schemaChecks(c, s.items, [...at, 'items'], false, depth + 1);
  if (isObj(s.additionalProperties)) schemaChecks(c, s.additionalProperties, [...at, 'additionalProperties'], false, depth + 1);
}

function namesCheck(c: CheckContext, names: Record<string, any>) {
  for (const f of ['plural', 'singular'] as const) {
    const v = str(names[f]);
    if (!v) continue;
    const why = isDNS1035Label(v);
    if (why) c.report(['spec', 'names', f], `names.${f} \`${v}\` ${why} (ValidateCustomResourceDefinitionNames).${v !== v.toLowerCase() && !isDNS1035Label(v.toLowerCase()) ? ` Did you mean \`${v.toLowerCase()}\`?` : ''}`);
  }
  for (const f of ['kind', 'listKind'] as const) {
    const v = str(names[f]);
    if (v && isDNS1035Label(v.toLowerCase())) c.report(['spec', 'names', f], `names.${f} \`${v}\` must be a letter followed by letters, digits or '-' (ValidateCustomResourceDefinitionNames).`);
  }
  list(names.shortNames).forEach((v, i) => {
    if (typeof v !== 'string') return;
    const why = isDNS1035Label(v);
    if (why) c.report(['spec', 'names', 'shortNames', i], `short name \`${v}\` ${why} (ValidateCustomResourceDefinitionNames).`);
  });
}

export const CRD_CHECKS: ObjectCheck[] = [
  {
    id: 'crd-name',
    follows: 'ValidateCustomResourceDefinition (name = <plural>.<group>, group with a dot)',
    kinds: ['CustomResourceDefinition'],
    run(c, obj) {
      const spec = obj.spec;
      if (!isObj(spec)) return;
      const group = str(spec.group);
      const plural = str(spec.names?.plural);
      const name = str(obj.metadata?.name);
      if (group) {
        const why = isDNS1123Subdomain(group);
        if (why) c.report(['spec', 'group'], `group \`${group}\` ${why} (ValidateCustomResourceDefinitionSpec).`);
        else if (!group.includes('.')) c.report(['spec', 'group'], `group \`${group}\` must be a domain with at least one dot, such as \`${group}.example.com\` (ValidateCustomResourceDefinitionSpec).`);
      }
      if (group && plural && name && name !== `${plural}.${group}`) {
        c.report(['metadata', 'name'], `CustomResourceDefinition name \`${name}\` must be \`<spec.names.plural>.<spec.group>\` (ValidateCustomResourceDefinition). Did you mean \`${plural}.${group}\`?`);
      }
      if (isObj(spec.names)) namesCheck(c, spec.names);
    },
  },
  {
    id: 'crd-versions',
    follows: 'ValidateCustomResourceDefinitionSpec (versions, storage, schemas)',
    kinds: ['CustomResourceDefinition'],
    run(c, obj) {
      const spec = obj.spec;
      if (!isObj(spec) || !Array.isArray(spec.versions)) return;
      const storage: number[] = [];
      const names = new Map<string, number>();
      spec.versions.forEach((v: unknown, i: number) => {
        if (!isObj(v)) return;
        if (v.storage === true) storage.push(i);
        const n = str(v.name);
        if (n) {
          const why = isDNS1035Label(n);
          if (why) c.report(['spec', 'versions', i, 'name'], `version name \`${n}\` ${why} (ValidateCustomResourceDefinitionSpec).`);
          else if (names.has(n)) c.report(['spec', 'versions', i, 'name'], `version \`${n}\` is listed twice (first at versions[${names.get(n)}]) (ValidateCustomResourceDefinitionSpec).`);
          else names.set(n, i);
        }
        const schema = v.schema?.openAPIV3Schema;
        if (!isObj(schema)) {
          if (!isObj(spec.validation?.openAPIV3Schema)) c.report(['spec', 'versions', i], `version \`${n ?? i}\` has no \`schema.openAPIV3Schema\`; apiextensions.k8s.io/v1 requires a structural schema for every version (ValidateCustomResourceDefinitionSpec).`, 'key');
        } else schemaChecks(c, schema, ['spec', 'versions', i, 'schema', 'openAPIV3Schema'], true, 0);
      });
      if (storage.length !== 1 && spec.versions.length > 0) {
        c.report(storage.length > 1 ? ['spec', 'versions', storage[1]!, 'storage'] : ['spec', 'versions'], storage.length > 1
          ? `more than one version is marked \`storage: true\`; a CustomResourceDefinition must have exactly one storage version (ValidateCustomResourceDefinitionSpec).`
          : `no version is marked \`storage: true\`; a CustomResourceDefinition must have exactly one storage version (ValidateCustomResourceDefinitionSpec). Add \`storage: true\` to one version.`, storage.length > 1 ? 'value' : 'key');
      }
      if (spec.preserveUnknownFields === true) {
        c.report(['spec', 'preserveUnknownFields'], `preserveUnknownFields: true is not allowed in apiextensions.k8s.io/v1; set \`x-kubernetes-preserve-unknown-fields: true\` in the version schemas instead (ValidateCustomResourceDefinitionSpec).`);
      }
    },
  },
];
