import type { Node } from 'yaml';
import type { Graph, GResource } from '../graph/model.js';
import type { Path } from '../load/nodes.js';
import type { SourceFile } from '../load/source.js';

export type Severity = 'error' | 'warn';
export type SeveritySetting = Severity | 'off';

/** A text edit in ESLint's format: replace `range` (offsets into the file text) by `text`. */
export interface Fix {
  range: [number, number];
  text: string;
}

export interface Suggestion {
  desc: string;
  fix: Fix;
}

export interface RuleMeta {
  /** Public rule id (kebab-case). */
  id: string;
  /** One sentence: what the rule reports. */
  description: string;
  /** Default severity. */
  severity: Severity;
  /** Whether findings may carry an automatic fix. */
  fixable?: boolean;
  /** Category for docs and --list-rules. */
  category: 'syntax' | 'schema' | 'pod' | 'references' | 'patterns' | 'meta';
  /** Path of the documentation page, relative to the repo root. */
  docs: string;
  /** JSON Schema of the rule's options, if it has any. */
  schema?: unknown;
  /**
   * `after-rules`: the engine runs the rule once every other rule has run (and
   * before suppressions apply), so it can report what their analyses noted
   * whatever order rules are listed in (analysis-limit).
   */
  phase?: 'after-rules';
  /**
   * True when the rule's findings on a file depend only on that file's text and
   * the configuration (never on other files): `--cache` may then reuse them for
   * an unchanged file. Absent means cross-file (the safe default).
   */
  fileLocal?: boolean;
}

/**
 * What a rule reports. Point at the node at fault with one of:
 * - `resource` + `path` (+ `part`): a node of a resource (default: the value, else the key);
 * - `file` + `range`: explicit offsets (e.g. a line inside an embedded config);
 * - `file` + `node`: a YAML node.
 */
export interface Report {
  message: string;
  resource?: GResource;
  path?: Path;
  part?: 'key' | 'value' | 'pair';
  file?: SourceFile;
  node?: Node;
  range?: [number, number];
  fix?: Fix;
  suggestions?: Suggestion[];
  /** Overrides the rule's severity for this finding (e.g. warning vs error variants of one rule). */
  severity?: Severity;
}

/** Run-wide settings every rule may read. */
export interface LintSettings {
  /** Target Kubernetes version, e.g. "1.36" (schemas, deprecations). Undefined: the shipped default. */
  kubernetesVersion?: string;
}

export interface RuleContext {
  graph: Graph;
  settings: LintSettings;
  /** Options from the configuration (`[severity, options]`). */
  options: Record<string, unknown>;
  report(r: Report): void;
  /** Drop other rules' findings that start inside [start, end) of `file` (follow-on errors of one root cause). */
  suppressWithin(file: SourceFile, start: number, end: number): void;
  /** A one-line notice for stderr (deduplicated), e.g. "unknown kind skipped". */
  notice(message: string): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/** A finding with resolved positions, ready for the formatters. */
export interface Finding {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  file: SourceFile;
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: Fix;
  suggestions?: Suggestion[];
  /** Resource the finding belongs to, if any (for annotations-based suppressions). */
  resource?: GResource;
}
