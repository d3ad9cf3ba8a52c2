/**
 * A progress line on stderr for long runs: only on a TTY, only for human
 * formats, only past a few hundred files. One line, rewritten with `\r`,
 * cleared before the report is printed.
 */
import { MACHINE_FORMATS } from '../format/index.js';

export const PROGRESS_MIN_FILES = 300;

export interface ProgressDecision {
  stderrIsTTY: boolean;
  format: string;
  /** Total files to read (known once discovery ran). */
  files: number;
  /** --no-progress */
  disabled?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function shouldShowProgress(d: ProgressDecision): boolean {
  if (d.disabled || !d.stderrIsTTY) return false;
  if (MACHINE_FORMATS.has(d.format)) return false;
  if (d.env && (d.env.CI === 'true' || d.env.TERM === 'dumb')) return false;
  return d.files > PROGRESS_MIN_FILES;
}

/** A throttled single-line progress display. `write` is stderr. */
export class ProgressLine {
  private last = 0;
  private shown = false;
  private width = 0;
  constructor(
    private readonly write: (s: string) => void,
    private readonly now: () => number = () => Date.now(),
    private readonly intervalMs = 80,
  ) {}

  update(done: number, total: number, force = false): void {
    const t = this.now();
    if (!force && this.shown && t - this.last < this.intervalMs && done < total) return;
    this.last = t;
    const pct = total ? Math.floor((done / total) * 100) : 100;
    this.show(`podlint: reading ${done}/${total} files (${pct}%)`);
  }

  show(text: string): void {
    const pad = this.width > text.length ? ' '.repeat(this.width - text.length) : '';
    this.write(`\r${text}${pad}`);
    this.width = text.length;
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.write(`\r${' '.repeat(this.width)}\r`);
    this.shown = false;
    this.width = 0;
  }
}
