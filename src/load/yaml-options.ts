/** The `yaml` package options podlint parses manifests with (shared by the full parser and the fast reader's scalar resolution). */
import type { DocumentOptions, ParseOptions, SchemaOptions, ScalarTag } from 'yaml';

/**
 * Plain scalars resolve as go-yaml v2 resolves them (resolve.go), the decoder
 * behind sigs.k8s.io/yaml that kubectl and the API server read manifests
 * with. It is YAML 1.1 with these differences from the `yaml` package's 1.1
 * schema (and from PyYAML's):
 * - floats: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` after
 *   removing `_` (a leading `.` takes no `_`): a bare `.`, `-.`, `e3`, `.e3`
 *   are strings (the `yaml` package made them NaN); `1e3` and `1.0e3` are
 *   numbers (PyYAML wants a dot and a signed exponent);
 * - integers: Go's base prefixes `0o17`, `0O17`, `0X1F`, `0B11` too;
 * - no sexagesimal numbers (`190:20:30`, `12:30` are strings; YAML 1.1 and
 *   PyYAML make them 685230 and 750) and no timestamps (go-yaml decodes
 *   them into strings, as written).
 */
const GO_FLOAT: ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]\.[0-9_]*[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?)$/,
  resolve: (s: string) => parseFloat(s.replace(/_/g, '')),
};

const GO_PREFIXED_INT: ScalarTag = {
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^[-+]?0(?:[oO][0-7_]*[0-7][0-7_]*|[xX][0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*|[bB][01_]*[01][01_]*)$/,
  resolve: (s: string) => {
    const t = s.replace(/_/g, '');
    const neg = t.startsWith('-');
    const body = t.replace(/^[-+]/, '');
    const radix = { o: 8, x: 16, b: 2 }[body[1]!.toLowerCase() as 'o' | 'x' | 'b'];
    const n = parseInt(body.slice(2), radix);
    return neg ? -n : n;
  },
};

function isDropped(t: { tag: string; test?: RegExp }): boolean {
  if (t.tag === 'tag:yaml.org,2002:timestamp') return true;
  if (t.tag === 'tag:yaml.org,2002:float' && t.test) return true; // replaced by GO_FLOAT (.nan/.inf kept below)
  // sexagesimal int/float (yaml's intTime/floatTime)
  return !!t.test && (t.tag === 'tag:yaml.org,2002:int' || t.tag === 'tag:yaml.org,2002:float') && t.test.source.includes('(?::');
}

export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  // Kubernetes decodes YAML with YAML 1.1 semantics (go-yaml v2): octal 0644,
  // yes/no booleans and merge keys; scalars resolved as go-yaml does (above).
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  logLevel: 'error',
  customTags: (tags) => {
    const out: typeof tags = [];
    for (const t of tags) {
      if (typeof t === 'string') {
        if (t !== 'timestamp') out.push(t);
        continue;
      }
      const tag = t as { tag: string; test?: RegExp };
      // keep .nan/.inf (the same in go-yaml), drop the other float patterns
      if (tag.tag === 'tag:yaml.org,2002:float' && tag.test && /nan/.test(tag.test.source)) out.push(t);
      else if (!isDropped(tag)) out.push(t);
      if (tag.tag === 'tag:yaml.org,2002:float' && tag.test && /nan/.test(tag.test.source)) out.push(GO_FLOAT, GO_PREFIXED_INT);
    }
    return out;
  },
};
