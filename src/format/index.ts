import type { Formatter } from './types.js';
import { formatStylish } from './stylish.js';
import { formatJson } from './json.js';

/** Formatters by name. Each is small; heavier ones are loaded on demand. */
export const formatters: Record<string, () => Promise<Formatter>> = {
  stylish: async () => formatStylish,
  json: async () => formatJson,
};

export const formatNames = () => Object.keys(formatters);
