/**
 * Kubernetes versions: the schema sets podlint ships and how a requested
 * `--kubernetes-version` maps onto them.
 */

/** Minor versions of Kubernetes whose schemas ship in schemas/kubernetes/ (newest last). */
export const SHIPPED_VERSIONS = ['1.36'] as const;
export const DEFAULT_VERSION = SHIPPED_VERSIONS[SHIPPED_VERSIONS.length - 1]!;

export interface KubeVersion {
  major: number;
  minor: number;
}

/** "1.29", "v1.29", "1.29.3", "v1.29.0-rc.1" -> {1, 29}; undefined when unparseable. */
export function parseVersion(v: string | undefined): KubeVersion | undefined {
  if (!v) return undefined;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(v.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function compareVersions(a: KubeVersion, b: KubeVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function formatVersion(v: KubeVersion): string {
  return `${v.major}.${v.minor}`;
}

export interface ResolvedVersion {
  /** The version rules reason about (deprecations): the requested one, or the default. */
  target: KubeVersion;
  /** The shipped schema set used for validation. */
  schemaVersion: string;
  /** Set when the schema set differs from the requested version (or the request is unreadable). */
  notice?: string;
}

/** Map a requested version to the target and the nearest shipped schema set. */
export function resolveVersion(requested: string | undefined): ResolvedVersion {
  const def = parseVersion(DEFAULT_VERSION)!;
  if (requested === undefined || requested === '') return { target: def, schemaVersion: DEFAULT_VERSION };
  const want = parseVersion(requested);
  if (!want) {
    return {
      target: def,
      schemaVersion: DEFAULT_VERSION,
      notice: `unknown Kubernetes version "${requested}" (expected e.g. 1.36); using ${DEFAULT_VERSION}`,
    };
  }
  let best: string = DEFAULT_VERSION;
  let bestDist = Infinity;
  for (const s of SHIPPED_VERSIONS) {
    const sv = parseVersion(s)!;
    const d = Math.abs((sv.major - want.major) * 1000 + (sv.minor - want.minor));
    if (d < bestDist) {
      bestDist = d;
      best = s;
    }
  }
  const res: ResolvedVersion = { target: want, schemaVersion: best };
  if (formatVersion(want) !== best) {
    res.notice = `schemas for Kubernetes ${formatVersion(want)} are not shipped; validating with the nearest shipped set (${best}). Shipped: ${SHIPPED_VERSIONS.join(', ')}`;
  }
  return res;
}
