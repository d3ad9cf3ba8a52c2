/**
 * resource.Quantity as a number, for comparing two quantities (requests <=
 * limits): `1Gi` equals `1024Mi`, `500m` is 0.5. The grammar is the schema's
 * (signed decimal, then a binary suffix Ki..Ei, a decimal suffix n..E, or an
 * exponent); the schema rule reports malformed values, so this returns
 * undefined for them and callers skip the comparison.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|([KMGTPE]i)|([numkMGTPE]))?$/;

export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return Number(m[1] + m[2]);
  if (m[3]) return n * BINARY[m[3]]!;
  return n * DECIMAL[m[4] ?? '']!;
}

/** a <= b, with a relative tolerance for the float products of suffixes. */
export function quantityLE(a: number, b: number): boolean {
  return a <= b || Math.abs(a - b) <= Math.abs(b) * 1e-12;
}
