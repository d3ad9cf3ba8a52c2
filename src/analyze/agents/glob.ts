/**
 * Glob matching for agents' paths, with picomatch (loaded on first use: only
 * pods running a log agent need it). Agents' globs follow the usual rules:
 * `*` and `?` within a path segment, `**` across segments, `{a,b}`, `[ab]`.
 */
import { createRequire } from 'node:module';

type Matcher = (s: string) => boolean;
interface Picomatch {
  (pattern: string, opts?: Record<string, unknown>): Matcher;
  scan(pattern: string): { base: string; isGlob: boolean };
}
const req = createRequire(import.meta.url);
let pm: Picomatch | undefined;
const lib = (): Picomatch => (pm ??= req('picomatch') as Picomatch);

const matchers = new Map<string, Matcher>();
export function globMatch(glob: string, path: string): boolean {
  let m = matchers.get(glob);
  if (!m) matchers.set(glob, (m = lib()(glob, { dot: true })));
  return m(path);
}

/** The static directory part of a glob (`/var/log/app` for `/var/log/app/*.log`); the path itself when it is no glob. */
export function globBase(glob: string): { base: string; isGlob: boolean } {
  const s = lib().scan(glob);
  return { base: s.base || '/', isGlob: s.isGlob };
}

/**
 * Can the glob match a path at or under directory `dir` (which lies below the
 * glob's static base)? Segment by segment: a `**` matches the rest.
 */
export function globReachesUnder(glob: string, dir: string): boolean {
  const gs = glob.split('/').filter(Boolean);
  const ds = dir.split('/').filter(Boolean);
  for (let i = 0; i < ds.length; i++) {
    const g = gs[i];
    if (g === undefined) return false;
    if (g === '**') return true;
    if (!globMatch(g, ds[i]!)) return false;
  }
  return gs.length > ds.length;
}
