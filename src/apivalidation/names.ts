/**
 * The name and value formats of k8s.io/apimachinery/pkg/util/validation (and
 * the name functions of apimachinery's api/validation and path packages), as
 * small predicates. Each returns undefined when the value is valid, else the
 * API server's reason in plain words.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;
/** Wildcard DNS-1123 subdomain (IsWildcardDNS1123Subdomain): `*.` then a subdomain. */
const WILDCARD_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export type NameCheck = (value: string) => string | undefined;

const tooLong = (max: number) => `must be no more than ${max} characters`;

/** IsDNS1123Label: lowercase alphanumerics and '-', alphanumeric at both ends, at most 63. */
export const isDNS1123Label: NameCheck = (v) => {
  if (v.length > 63) return tooLong(63);
  if (!DNS1123_LABEL.test(v)) return `must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name' or '123-abc')`;
  return undefined;
};

/** IsDNS1123Subdomain: dot-separated DNS-1123 labels, at most 253 in all. */
export const isDNS1123Subdomain: NameCheck = (v) => {
  if (v.length > 253) return tooLong(253);
  if (!DNS1123_SUBDOMAIN.test(v)) return `must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. 'example.com')`;
  return undefined;
};

/** IsDNS1035Label: like a DNS-1123 label, but starting with a letter. */
export const isDNS1035Label: NameCheck = (v) => {
  if (v.length > 63) return tooLong(63);
  if (!DNS1035_LABEL.test(v)) return `must be an RFC 1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'my-name' or 'abc-123')`;
  return undefined;
};

/** path.IsValidPathSegmentName (RBAC object names): anything but `.`, `..`, and names holding `/` or `%`. */
export const isPathSegmentName: NameCheck = (v) => {
  if (v === '.' || v === '..') return `may not be '${v}'`;
  if (v.includes('/')) return `may not contain '/'`;
  if (v.includes('%')) return `may not contain '%'`;
  return undefined;
};

// Label and annotation keys repeat across a run's objects (`app`, `app.kubernetes.io/name`…): each key is checked once.
const qualifiedSeen = new Map<string, string | undefined>();
/** IsQualifiedName (label and annotation keys): `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63. */
export const isQualifiedName: NameCheck = (v) => {
  const hit = qualifiedSeen.get(v);
  if (hit !== undefined || qualifiedSeen.has(v)) return hit;
  const r = qualifiedName(v);
  if (qualifiedSeen.size >= 4096) qualifiedSeen.clear();
  qualifiedSeen.set(v, r);
  return r;
};
function qualifiedName(v: string): string | undefined {
  const parts = v.split('/');
  let name = v;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    const n = parts[1]!;
    if (prefix.length === 0) return `has an empty prefix before '/'`;
    const p = isDNS1123Subdomain(prefix);
    if (p) return `has a prefix (before '/') that ${p}`;
    name = n;
  } else if (parts.length > 2) {
    return `may contain at most one '/' (an optional DNS subdomain prefix, then a name)`;
  }
  if (name.length === 0) return `must have a name (after the optional 'prefix/')`;
  if (name.length > 63) return `has a name part (after the optional 'prefix/') longer than 63 characters`;
  if (!QUALIFIED_NAME.test(name)) return `must be a qualified name: letters, digits, '-', '_' or '.', starting and ending with a letter or digit, with an optional DNS subdomain prefix and '/' (e.g. 'MyName', 'my.name' or 'example.com/MyName')`;
  return undefined;
}

/** IsValidLabelValue: empty, or at most 63 letters, digits, '-', '_', '.', alphanumeric at both ends. */
export const isValidLabelValue: NameCheck = (v) => {
  if (v.length > 63) return tooLong(63);
  if (!LABEL_VALUE.test(v)) return `must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. 'MyValue', 'my_value' or '12345')`;
  return undefined;
};

/** IsValidPortName: an IANA service name: at most 15 lowercase letters, digits and '-', at least one letter, no '--', no '-' at either end. */
export const isValidPortName: NameCheck = (v) => {
  if (v.length > 15) return tooLong(15);
  if (!IANA_SVC_NAME.test(v)) return `must contain only lowercase letters, digits and '-'`;
  if (!HAS_LETTER.test(v)) return `must contain at least one letter`;
  if (v.includes('--')) return `must not contain consecutive hyphens`;
  if (v.startsWith('-') || v.endsWith('-')) return `must not begin or end with a hyphen`;
  return undefined;
};

/** IsWildcardDNS1123Subdomain, for Ingress hosts. */
export const isWildcardDNS1123Subdomain: NameCheck = (v) => {
  if (v.length > 253) return tooLong(253);
  if (!WILDCARD_SUBDOMAIN.test(v)) return `must be a wildcard DNS-1123 subdomain: '*.' followed by a lowercase subdomain (e.g. '*.example.com')`;
  return undefined;
};

/** A name check used as a `generateName` prefix: a trailing '-' is fine (apimachinery masks it before checking). */
export function asPrefix(check: NameCheck): NameCheck {
  return (v) => check(v.endsWith('-') ? v.slice(0, -1) + 'a' : v);
}

/** A valid lowercase version of `v` under `check`, if one simple rewrite makes it valid (for "did you mean"). */
export function nearValid(v: string, check: NameCheck): string | undefined {
  const candidates = [
    v.toLowerCase(),
    v.toLowerCase().replace(/[_ ]/g, '-'),
    v.toLowerCase().replace(/[^-a-z0-9.]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, ''),
    v.toLowerCase().replace(/[^-a-z0-9]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, ''),
  ];
  for (const c of candidates) if (c && c !== v && !check(c)) return c;
  return undefined;
}
