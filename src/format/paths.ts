import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A finding's path for CI tools: relative to the working directory (the
 * repository root in a CI job) with forward slashes, or absolute when the
 * file lies outside it. `<stdin>` stays as is.
 */
export function ciPath(path: string, cwd: string): { rel: string; inside: boolean } {
  if (path === '<stdin>') return { rel: path, inside: false };
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return { rel: abs.split(sep).join('/'), inside: false };
  return { rel: rel.split(sep).join('/'), inside: true };
}

/** A relative path as a URI reference (segments percent-encoded). */
export function relUri(rel: string): string {
  return rel
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

export function fileUri(absPath: string): string {
  return pathToFileURL(absPath).href;
}
