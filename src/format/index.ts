import type { Formatter } from './types.js';
import { formatStylish } from './stylish.js';
import { formatJson } from './json.js';

/** Formatters by name. Each is small; heavier ones are loaded on demand. */
export const formatters: Record<string, () => Promise<Formatter>> = {
  stylish: async () => formatStylish,
  json: async () => formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => (await import('./github.js')).formatGithub,
  junit: async () => (await import('./junit.js')).formatJunit,
};

export const formatNames = () => Object.keys(formatters);

/** Formats read by programs: no progress line, no extra output on stderr beyond notices. */
export const MACHINE_FORMATS: ReadonlySet<string> = new Set(['json', 'sarif', 'github', 'junit']);
