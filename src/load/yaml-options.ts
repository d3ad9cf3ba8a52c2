/** The `yaml` package options podlint parses manifests with (shared by the full parser and the fast reader's scalar resolution). */
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  // Kubernetes decodes YAML with YAML 1.1 semantics (go-yaml): octal 0644,
  // yes/no booleans and merge keys. Timestamps stay strings, as in go-yaml
  // when decoding into interface{}.
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  logLevel: 'error',
  customTags: (tags) => tags.filter((t) => (typeof t === 'string' ? t !== 'timestamp' : t.tag !== 'tag:yaml.org,2002:timestamp')),
};
