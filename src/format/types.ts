import type { FileResult } from '../engine/lint.js';
import type { Rule } from '../engine/types.js';

export interface FormatContext {
  color: boolean;
  cwd: string;
  /** Rules that ran (metadata for SARIF and links). */
  rules: Rule[];
  /** podlint's version (SARIF tool.driver.version). */
  version?: string;
}

export type Formatter = (results: FileResult[], ctx: FormatContext) => string;
