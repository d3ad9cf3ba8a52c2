import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normPath } from '../../../src/analyze/proxy/files.js';

/** normPath's algorithm without its fast path for paths already normal. */
function reference(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

describe('normPath', () => {
  it('normal absolute paths come back as they are; others are normalized', () => {
    expect(normPath('/usr/local/etc/haproxy/haproxy.cfg')).toBe('/usr/local/etc/haproxy/haproxy.cfg');
    expect(normPath('/')).toBe('/');
    expect(normPath('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(normPath('/a/.')).toBe('/a');
    expect(normPath('/a/..')).toBe('/');
    expect(normPath('/..a/b.')).toBe('/..a/b.');
    expect(normPath('rel/x')).toBe('/rel/x');
    expect(normPath('')).toBe('/');
  });
  it('agrees with splitting and joining for any path', () => {
    const seg = fc.constantFrom('', '.', '..', 'a', 'b.', '.c', '..d', 'e..');
    const path = fc.tuple(fc.boolean(), fc.array(seg, { maxLength: 6 })).map(([abs, segs]) => (abs ? '/' : '') + segs.join('/'));
    fc.assert(fc.property(path, (p) => normPath(p) === reference(p)), { numRuns: 5000 });
  });
});
