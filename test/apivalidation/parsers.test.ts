/** The small parsers of src/apivalidation: cron schedules, quantities, name formats; and the docs table. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cronError } from '../../src/apivalidation/cron.js';
import { parseQuantity, quantityLE } from '../../src/apivalidation/quantity.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName, isPathSegmentName, nearValid, asPrefix } from '../../src/apivalidation/names.js';
import { ALL_CHECKS } from '../../src/apivalidation/index.js';

describe('cron schedules (robfig/cron ParseStandard)', () => {
  it.each(['* * * * *', '0 0 1 1 *', '*/5 * * * *', '0 9-17/2 * * MON-FRI', '15,45 * ? * *', '0 0 * jan,JUL sun', '@hourly', '@yearly', '@annually', '@midnight', '@every 90s', 'CRON_TZ=UTC 0 3 * * *', '5/10 * * * *'])('accepts %s', (s) => {
    expect(cronError(s)).toBeUndefined();
  });
  it.each([
    ['* * * *', /5 fields/],
    ['0 24 * * *', /hour field `24` is outside 0-23/],
    ['0 0 0 * *', /day of month field `0` is outside 1-31/],
    ['0 0 * 13 *', /month field `13`/],
    ['0 0 * * 7', /day of week field `7` is outside 0-6/],
    ['*/0 * * * *', /step of 0/],
    ['5-1 * * * *', /start is after its end/],
    ['0 0 L * *', /not a number/],
    ['@hourlly', /not a schedule descriptor/],
    ['@every fast', /not a duration/],
    ['', /empty/],
  ])('rejects %s', (s, why) => {
    expect(cronError(s)).toMatch(why);
  });
  it('accepts every schedule built from in-range fields', () => {
    const field = (lo: number, hi: number) =>
      fc.oneof(
        fc.constant('*'),
        fc.integer({ min: lo, max: hi }).map(String),
        fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.integer({ min: 1, max: 30 }).map((n) => `*/${n}`),
      );
    fc.assert(
      fc.property(fc.tuple(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6)), (f) => cronError(f.join(' ')) === undefined),
    );
  });
});

describe('quantities', () => {
  it('compares binary and decimal suffixes as numbers', () => {
    expect(parseQuantity('1Gi')).toBe(parseQuantity('1024Mi'));
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1k')).toBe(1000);
    expect(parseQuantity(2)).toBe(2);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(parseQuantity('abc')).toBeUndefined();
    expect(quantityLE(parseQuantity('1Gi')!, parseQuantity('1024Mi')!)).toBe(true);
    expect(quantityLE(parseQuantity('1025Mi')!, parseQuantity('1Gi')!)).toBe(false);
  });
  it('n Mi <= m Mi exactly when n <= m, in every suffix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('Ki', 'Mi', 'Gi', 'm', '', 'k', 'M', 'G'), (a, b, s) =>
        quantityLE(parseQuantity(`${a}${s}`)!, parseQuantity(`${b}${s}`)!) === (a <= b),
      ),
    );
  });
});

describe('name formats (k8s.io/apimachinery/pkg/util/validation)', () => {
  it('DNS names', () => {
    expect(isDNS1123Label('my-app-1')).toBeUndefined();
    expect(isDNS1123Label('a'.repeat(64))).toMatch(/63/);
    expect(isDNS1123Label('-a')).toBeDefined();
    expect(isDNS1123Subdomain('x.com')).toBeUndefined();
    expect(isDNS1123Subdomain('x..com')).toBeDefined();
    expect(asPrefix(isDNS1123Subdomain)('job-')).toBeUndefined();
  });
  it('qualified names and label values', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toBeUndefined();
    expect(isQualifiedName('/name')).toMatch(/empty prefix/);
    expect(isQualifiedName('Example.com/x')).toMatch(/prefix/);
    expect(isValidLabelValue('')).toBeUndefined();
    expect(isValidLabelValue('_')).toBeDefined();
  });
  it('port names and path segments', () => {
    expect(isValidPortName('http-metrics')).toBeUndefined();
    expect(isValidPortName('a--b')).toMatch(/consecutive/);
    expect(isPathSegmentName('system:aggregate-to-admin')).toBeUndefined();
    expect(isPathSegmentName('..')).toBeDefined();
  });
  it('a did-you-mean suggestion is always valid', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        for (const check of [isDNS1123Label, isDNS1123Subdomain, isValidLabelValue]) {
          const near = nearValid(s, check);
          if (near !== undefined && check(near) !== undefined) return false;
        }
        return true;
      }),
    );
  });
});

describe('docs/rules/api-validation.md', () => {
  it('lists every check with the Kubernetes source it follows', () => {
    const md = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'rules', 'api-validation.md'), 'utf8');
    for (const c of ALL_CHECKS) expect(md, c.id).toMatch(new RegExp('^\\| `' + c.id + '` \\|', 'm'));
    const rows = [...md.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(rows)).toEqual(new Set(ALL_CHECKS.map((c) => c.id)));
  });
});
