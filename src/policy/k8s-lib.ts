/**
 * The Kubernetes CEL libraries (k8s.io/apiserver/pkg/cel/library) and the
 * cel-go extensions Kubernetes enables, on top of what @marcbachmann/cel-js
 * ships (the standard library, `matches`, lowerAscii, split, trim, join,
 * indexOf, optional types, cel.bind):
 * - strings: charAt, replace, reverse, upperAscii, quote, format, split with a limit;
 * - lists: isSorted, sum, min, max, indexOf, lastIndexOf, slice, flatten, distinct, reverse, sort;
 * - regex: find, findAll;
 * - url: url(), isURL, getScheme/getHost/getHostname/getPort/getEscapedPath/getQuery;
 * - ip / cidr: ip(), isIP, family, isLoopback ..., cidr(), isCIDR, containsIP, containsCIDR, prefixLength, masked;
 * - quantity: quantity(), isQuantity, sign, isInteger, asInteger, asApproximateFloat, add, sub, compareTo, isGreaterThan, isLessThan.
 * Regular expressions are RE2 in Kubernetes; JavaScript's engine accepts the
 * same syntax for what policies use, and a leading `(?i)` (`(?s)`, `(?m)`)
 * becomes a flag, in matches, find and findAll.
 */
import { isIP } from 'node:net';

type Env = {
  registerFunction(sig: string, fn: (...a: any[]) => unknown): unknown;
  registerOperator(sig: string, fn: (...a: any[]) => unknown): unknown;
  registerType(name: string, ctor: unknown): unknown;
};

class EvalFailure extends Error {}
const fail = (m: string): never => {
  throw new EvalFailure(m);
};

// ---- regex ----
const regexCache = new Map<string, RegExp>();
export function re2(pattern: string, global = false): RegExp {
  const key = (global ? 'g' : '') + pattern;
  let r = regexCache.get(key);
  if (!r) {
    let flags = global ? 'gu' : 'u';
    let p = pattern;
    const m = /^\(\?([imsU]+)\)/.exec(p);
    if (m) {
      p = p.slice(m[0].length);
      if (m[1]!.includes('i')) flags += 'i';
      if (m[1]!.includes('s')) flags += 's';
      if (m[1]!.includes('m')) flags += 'm';
    }
    try {
      r = new RegExp(p, flags);
    } catch {
      try {
        r = new RegExp(p, flags.replace('u', ''));
      } catch (e) {
        fail(`invalid regex '${pattern}': ${(e as Error).message}`);
      }
    }
    regexCache.set(key, r!);
  }
  return r!;
}

// ---- quantity ----
// Exact, as resource.Quantity: a rational num/den of BigInts (no float rounding in comparisons).
const DEC: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
export class Quantity {
  constructor(
    readonly num: bigint,
    readonly den: bigint,
    readonly text: string,
  ) {}
  get value(): number {
    return Number(this.num) / Number(this.den);
  }
  cmp(o: Quantity): number {
    const a = this.num * o.den;
    const b = o.num * this.den;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  plus(o: Quantity, sign: 1n | -1n): Quantity {
    const num = this.num * o.den + sign * o.num * this.den;
    const den = this.den * o.den;
    return new Quantity(num, den, formatRational(num, den));
  }
}
function formatRational(num: bigint, den: bigint): string {
  if (num % den === 0n) return String(num / den);
  // Millis or nanos, as the API server canonicalizes fractional quantities.
  for (const [suffix, f] of [['m', 1000n], ['n', 1_000_000_000n]] as const) if ((num * f) % den === 0n) return `${(num * f) / den}${suffix}`;
  return String(Number(num) / Number(den));
}
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;
export function parseQuantity(s: string): Quantity | undefined {
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const [int, frac = ''] = m[2]!.split('.');
  let num = BigInt((int || '0') + frac) * (m[1] === '-' ? -1n : 1n);
  let den = 10n ** BigInt(frac.length);
  const e = m[3] ? Number(m[3].slice(1)) : DEC[m[4] ?? ''];
  if (e !== undefined) {
    if (Math.abs(e) > 1000) return undefined;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else num *= 1n << BigInt(BIN[m[4]!]!);
  return new Quantity(num, den, s);
}

// ---- ip / cidr ----
export class IP {
  constructor(
    readonly family: 4 | 6,
    readonly bits: bigint,
    readonly text: string,
  ) {}
}
export class CIDR {
  constructor(
    readonly ip: IP,
    readonly prefix: number,
    readonly text: string,
  ) {}
}
function parseIP(s: string): IP | undefined {
  const fam = isIP(s);
  if (fam === 4) {
    const parts = s.split('.');
    if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return undefined; // Kubernetes rejects leading zeros
    return new IP(4, parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n), s);
  }
  if (fam === 6) {
    if (s.includes('%')) return undefined; // zones are rejected
    const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
    const words = (x: string | undefined) => (x ? x.split(':') : []);
    let h = words(head);
    let t = words(tail);
    const v4 = (arr: string[]) => {
      const last = arr[arr.length - 1];
      if (last?.includes('.')) {
        const b = parseIP(last)!.bits;
        arr.splice(arr.length - 1, 1, ((b >> 16n) & 0xffffn).toString(16), (b & 0xffffn).toString(16));
      }
    };
    if (tail !== undefined) v4(t);
    else v4(h);
    const fill = tail !== undefined ? Array(8 - h.length - t.length).fill('0') : [];
    const all = [...h, ...fill, ...t];
    return new IP(6, all.reduce((n, w) => (n << 16n) | BigInt(parseInt(w || '0', 16)), 0n), s);
  }
  return undefined;
}
function parseCIDR(s: string): CIDR | undefined {
  const i = s.lastIndexOf('/');
  if (i < 0) return undefined;
  const ip = parseIP(s.slice(0, i));
  const p = s.slice(i + 1);
  if (!ip || !/^\d{1,3}$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return new CIDR(ip, prefix, s);
}
const width = (f: 4 | 6) => (f === 4 ? 32 : 128);
function mask(c: CIDR): bigint {
  const w = width(c.ip.family);
  return ((1n << BigInt(w)) - 1n) ^ ((1n << BigInt(w - c.prefix)) - 1n);
}
function ipText(family: 4 | 6, bits: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 255n)).join('.');
  const words = Array.from({ length: 8 }, (_, i) => ((bits >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // longest run of zeros becomes ::
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen) (best = i), (bestLen = j - i);
    i = j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}
function contains(c: CIDR, ip: IP): boolean {
  return c.ip.family === ip.family && (ip.bits & mask(c)) === (c.ip.bits & mask(c));
}

// ---- url ----
export class CelURL {
  constructor(
    readonly url: URL | undefined,
    readonly text: string,
  ) {}
}
function parseURL(s: string): CelURL | undefined {
  if (s.startsWith('/')) return new CelURL(undefined, s);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) return undefined;
  try {
    return new CelURL(new URL(s), s);
  } catch {
    return undefined;
  }
}

// ---- string.format (cel-go strings extension) ----
function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof Quantity || v instanceof IP || v instanceof CIDR || v instanceof CelURL) return v.text;
  if (typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}: ${show((v as any)[k])}`).join(', ')}}`;
  return String(v);
}
function format(f: string, args: unknown[]): string {
  let i = 0;
  return f.replace(/%(?:\.(\d+))?([sdfeboxX%])/g, (_m, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) fail(`index ${i} out of range`);
    const a = args[i++];
    const num = () => (typeof a === 'bigint' || typeof a === 'number' ? a : fail(`error during formatting: '%${verb}' needs a number, got ${show(a)}`));
    switch (verb) {
      case 's':
        return show(a);
      case 'd':
        return String(typeof a === 'number' ? Math.trunc(a) : num());
      case 'f':
        return Number(num()).toFixed(prec ? Number(prec) : 6);
      case 'e':
        return Number(num()).toExponential(prec ? Number(prec) : 6).replace(/e([+-])(\d)$/, 'e$10$2');
      case 'b':
        return (typeof a === 'boolean' ? (a ? 1n : 0n) : BigInt(num())).toString(2);
      case 'o':
        return BigInt(num()).toString(8);
      default: {
        const h = typeof a === 'string' ? Buffer.from(a).toString('hex') : BigInt(num()).toString(16);
        return verb === 'X' ? h.toUpperCase() : h;
      }
    }
  });
}

const cmp = (a: any, b: any): number => (a < b ? -1 : a > b ? 1 : 0);

export function registerKubernetesLibrary(env: Env): void {
  const fn = (sig: string, f: (...a: any[]) => unknown) => {
    try {
      env.registerFunction(sig, f);
    } catch {
      /* already provided by the library */
    }
  };
  env.registerType('Quantity', Quantity);
  env.registerType('net.IP', IP);
  env.registerType('net.CIDR', CIDR);
  env.registerType('URL', CelURL);
  env.registerOperator('net.IP == net.IP', (a: IP, b: IP) => a.family === b.family && a.bits === b.bits);
  env.registerOperator('net.CIDR == net.CIDR', (a: CIDR, b: CIDR) => a.prefix === b.prefix && a.ip.family === b.ip.family && a.ip.bits === b.ip.bits);
  env.registerOperator('Quantity == Quantity', (a: Quantity, b: Quantity) => a.cmp(b) === 0);
  env.registerOperator('URL == URL', (a: CelURL, b: CelURL) => a.text === b.text);

  // strings
  fn('string.charAt(int): string', (s: string, i: bigint) => (i < 0n || i > BigInt(s.length) ? fail(`index out of range: ${i}`) : ([...s][Number(i)] ?? '')));
  fn('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b));
  fn('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
    let out = s;
    let count = Number(n);
    if (count < 0) return s.split(a).join(b);
    let from = 0;
    while (count-- > 0) {
      const i = out.indexOf(a, from);
      if (i < 0) break;
      out = out.slice(0, i) + b + out.slice(i + a.length);
      from = i + b.length;
    }
    return out;
  });
  fn('string.reverse(): string', (s: string) => [...s].reverse().join(''));
  fn('string.upperAscii(): string', (s: string) => s.replace(/[a-z]/g, (c) => c.toUpperCase()));
  fn('string.lowerAscii(): string', (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  fn('string.split(string, int): list<string>', (s: string, sep: string, n: bigint) => {
    if (n === 0n) return [];
    const parts = s.split(sep);
    if (n < 0n || parts.length <= Number(n)) return parts;
    return [...parts.slice(0, Number(n) - 1), parts.slice(Number(n) - 1).join(sep)];
  });
  fn('strings.quote(string): string', (s: string) => JSON.stringify(s));
  fn('string.format(list): string', (f: string, args: unknown[]) => format(f, args));

  // regex (`matches` calls are renamed matchRE by src/policy/cel.ts: RE2's leading flags work)
  fn('string.matchRE(string): bool', (s: string, r: string) => re2(r).test(s));
  fn('matchRE(string, string): bool', (s: string, r: string) => re2(r).test(s));
  fn('string.find(string): string', (s: string, r: string) => re2(r).exec(s)?.[0] ?? '');
  fn('string.findAll(string): list<string>', (s: string, r: string) => [...s.matchAll(re2(r, true))].map((m) => m[0]));
  fn('string.findAll(string, int): list<string>', (s: string, r: string, n: bigint) => {
    const all = [...s.matchAll(re2(r, true))].map((m) => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });

  // lists
  fn('list.isSorted(): bool', (l: any[]) => l.every((x, i) => i === 0 || cmp(l[i - 1], x) <= 0));
  fn('list.sum(): dyn', (l: any[]) => (l.length === 0 ? 0n : l.reduce((a, b) => a + b)));
  fn('list.min(): dyn', (l: any[]) => (l.length === 0 ? fail('min called on empty list') : l.reduce((a, b) => (cmp(b, a) < 0 ? b : a))));
  fn('list.max(): dyn', (l: any[]) => (l.length === 0 ? fail('max called on empty list') : l.reduce((a, b) => (cmp(b, a) > 0 ? b : a))));
  fn('list.indexOf(dyn): int', (l: any[], x: unknown) => BigInt(l.findIndex((y) => y === x)));
  fn('list.lastIndexOf(dyn): int', (l: any[], x: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (l[i] === x) return BigInt(i);
    return -1n;
  });
  fn('list.slice(int, int): list', (l: any[], a: bigint, b: bigint) =>
    a < 0n || b < a || b > BigInt(l.length) ? fail(`cannot slice(${a}, ${b}) a list of size ${l.length}`) : l.slice(Number(a), Number(b)),
  );
  fn('list.flatten(): list', (l: any[]) => l.flat(1));
  fn('list.flatten(int): list', (l: any[], d: bigint) => l.flat(Number(d)));
  fn('list.distinct(): list', (l: any[]) => [...new Set(l)]);
  fn('list.reverse(): list', (l: any[]) => [...l].reverse());
  fn('list.sort(): list', (l: any[]) => [...l].sort(cmp));

  // url
  fn('url(string): URL', (s: string) => parseURL(s) ?? fail(`URL parse error during conversion from string: ${s}`));
  fn('isURL(string): bool', (s: string) => parseURL(s) !== undefined);
  fn('URL.getScheme(): string', (u: CelURL) => u.url?.protocol.replace(/:$/, '') ?? '');
  fn('URL.getHost(): string', (u: CelURL) => u.url?.host ?? '');
  fn('URL.getHostname(): string', (u: CelURL) => u.url?.hostname.replace(/^\[|\]$/g, '') ?? '');
  fn('URL.getPort(): string', (u: CelURL) => u.url?.port ?? '');
  fn('URL.getEscapedPath(): string', (u: CelURL) => (u.url ? u.url.pathname : u.text.split(/[?#]/)[0]!));
  fn('URL.getQuery(): map<string, list<string>>', (u: CelURL) => {
    const out: Record<string, string[]> = {};
    const q = u.url ? u.url.searchParams : new URLSearchParams(u.text.split('?')[1]?.split('#')[0] ?? '');
    for (const [k, v] of q) (out[k] ??= []).push(v);
    return out;
  });

  // ip / cidr
  fn('ip(string): net.IP', (s: string) => parseIP(s) ?? fail(`IP Address '${s}' parse error during conversion from string`));
  fn('isIP(string): bool', (s: string) => parseIP(s) !== undefined);
  fn('ip.isCanonical(string): bool', (s: string) => {
    const ip = parseIP(s) ?? fail(`IP Address '${s}' parse error during conversion from string`);
    return ipText(ip.family, ip.bits) === s;
  });
  fn('net.IP.family(): int', (ip: IP) => BigInt(ip.family));
  fn('net.IP.isUnspecified(): bool', (ip: IP) => ip.bits === 0n);
  fn('net.IP.isLoopback(): bool', (ip: IP) => (ip.family === 4 ? ip.bits >> 24n === 127n : ip.bits === 1n));
  fn('net.IP.isLinkLocalMulticast(): bool', (ip: IP) => (ip.family === 4 ? ip.bits >> 8n === 0xe00000n : ip.bits >> 112n === 0xff02n));
  fn('net.IP.isLinkLocalUnicast(): bool', (ip: IP) => (ip.family === 4 ? ip.bits >> 16n === 0xa9fen : ip.bits >> 118n === 0x3fan));
  fn('net.IP.isGlobalUnicast(): bool', (ip: IP) => {
    if (ip.family === 4) return ip.bits !== 0xffffffffn && ip.bits >> 24n !== 127n && ip.bits >> 28n !== 0xen && ip.bits !== 0n && ip.bits >> 16n !== 0xa9fen;
    return ip.bits !== 0n && ip.bits !== 1n && ip.bits >> 120n !== 0xffn && ip.bits >> 118n !== 0x3fan;
  });
  fn('string(net.IP): string', (ip: IP) => ipText(ip.family, ip.bits));
  fn('cidr(string): net.CIDR', (s: string) => parseCIDR(s) ?? fail(`network address parse error during conversion from string: ${s}`));
  fn('isCIDR(string): bool', (s: string) => parseCIDR(s) !== undefined);
  fn('net.CIDR.containsIP(net.IP): bool', (c: CIDR, ip: IP) => contains(c, ip));
  fn('net.CIDR.containsIP(string): bool', (c: CIDR, s: string) => contains(c, parseIP(s) ?? fail(`IP Address '${s}' parse error during conversion from string`)));
  fn('net.CIDR.containsCIDR(net.CIDR): bool', (c: CIDR, o: CIDR) => o.prefix >= c.prefix && contains(c, o.ip));
  fn('net.CIDR.containsCIDR(string): bool', (c: CIDR, s: string) => {
    const o = parseCIDR(s) ?? fail(`network address parse error during conversion from string: ${s}`);
    return o.prefix >= c.prefix && contains(c, o.ip);
  });
  fn('net.CIDR.ip(): net.IP', (c: CIDR) => c.ip);
  fn('net.CIDR.prefixLength(): int', (c: CIDR) => BigInt(c.prefix));
  fn('net.CIDR.masked(): net.CIDR', (c: CIDR) => {
    const ip = new IP(c.ip.family, c.ip.bits & mask(c), '');
    const text = `${ipText(ip.family, ip.bits)}/${c.prefix}`;
    return new CIDR(new IP(ip.family, ip.bits, text.split('/')[0]!), c.prefix, text);
  });
  fn('string(net.CIDR): string', (c: CIDR) => `${ipText(c.ip.family, c.ip.bits)}/${c.prefix}`);

  // quantity
  const q = (s: string) => parseQuantity(s) ?? fail(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  fn('quantity(string): Quantity', q);
  fn('isQuantity(string): bool', (s: string) => parseQuantity(s) !== undefined);
  const qint = (n: bigint) => new Quantity(n, 1n, String(n));
  fn('Quantity.sign(): int', (a: Quantity) => (a.num > 0n ? 1n : a.num < 0n ? -1n : 0n));
  fn('Quantity.isInteger(): bool', (a: Quantity) => a.num % a.den === 0n && a.num / a.den <= 2n ** 63n - 1n && a.num / a.den >= -(2n ** 63n));
  fn('Quantity.asInteger(): int', (a: Quantity) =>
    a.num % a.den === 0n && a.num / a.den <= 2n ** 63n - 1n && a.num / a.den >= -(2n ** 63n) ? a.num / a.den : fail('cannot convert value to integer'),
  );
  fn('Quantity.asApproximateFloat(): double', (a: Quantity) => a.value);
  fn('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => a.plus(b, 1n));
  fn('Quantity.add(int): Quantity', (a: Quantity, b: bigint) => a.plus(qint(b), 1n));
  fn('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => a.plus(b, -1n));
  fn('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) => a.plus(qint(b), -1n));
  fn('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => BigInt(a.cmp(b)));
  fn('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) > 0);
  fn('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) < 0);

  // authorizer (the requesting user's permissions): declared so policies type-check; podlint
  // cannot know the user, so policies that read it are not evaluated (src/policy/vap.ts).
  class Authz {}
  const unknowable = (): never => fail('authorizer checks need the requesting user');
  for (const t of ['Authorizer', 'PathCheck', 'GroupCheck', 'ResourceCheck', 'Decision']) env.registerType(`kubernetes.authorization.${t}`, class extends Authz {});
  const A = 'kubernetes.authorization.';
  for (const sig of [
    `${A}Authorizer.group(string): ${A}GroupCheck`,
    `${A}Authorizer.path(string): ${A}PathCheck`,
    `${A}Authorizer.serviceAccount(string, string): ${A}Authorizer`,
    `${A}GroupCheck.resource(string): ${A}ResourceCheck`,
    `${A}ResourceCheck.subresource(string): ${A}ResourceCheck`,
    `${A}ResourceCheck.namespace(string): ${A}ResourceCheck`,
    `${A}ResourceCheck.name(string): ${A}ResourceCheck`,
    `${A}ResourceCheck.check(string): ${A}Decision`,
    `${A}PathCheck.check(string): ${A}Decision`,
    `${A}Decision.allowed(): bool`,
    `${A}Decision.reason(): string`,
    `${A}Decision.errored(): bool`,
    `${A}Decision.error(): string`,
  ])
    fn(sig, unknowable);
}
