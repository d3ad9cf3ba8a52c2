import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSocatAddress, socatAddresses } from '../../../src/analyze/proxy/socat.js';
import { lexShell } from '../../../src/analyze/proxy/argv.js';

describe('socat addresses', () => {
  it('reads listen and connect addresses', () => {
    expect(parseSocatAddress('TCP-LISTEN:8080,fork,reuseaddr')).toEqual({ role: 'listen', keyword: 'TCP-LISTEN', port: 8080, portSpan: [11, 15] });
    expect(parseSocatAddress('tcp4-listen:80')).toMatchObject({ role: 'listen', port: 80 });
    expect(parseSocatAddress('TCP-L:81')).toMatchObject({ role: 'listen', port: 81 });
    expect(parseSocatAddress('TCP:svc.ns:5432,retry=3')).toEqual({ role: 'connect', keyword: 'TCP', host: 'svc.ns', port: 5432, hostSpan: [4, 10], portSpan: [11, 15] });
    expect(parseSocatAddress('TCP-CONNECT:db:1')).toMatchObject({ role: 'connect', host: 'db', port: 1 });
    expect(parseSocatAddress('TCP6:[::1]:80')).toMatchObject({ host: '::1', port: 80, hostSpan: [6, 9] });
    expect(parseSocatAddress('UDP-LISTEN:53')).toBeUndefined();
    expect(parseSocatAddress('STDIO')).toBeUndefined();
    expect(parseSocatAddress('TCP:nohost')).toBeUndefined();
  });

  it('skips options before the two addresses', () => {
    expect(socatAddresses(['-d', '-d', '-T', '10', 'TCP-LISTEN:1,fork', 'TCP:a:2']).map((x) => x.index)).toEqual([4, 5]);
    expect(socatAddresses(['-v', '-', 'TCP:a:2']).map((x) => x.address.host)).toEqual(['a']);
  });

  it('lexes shell scripts into commands with positions', () => {
    const script = `set -e; socat "TCP-LISTEN:8080,fork" 'TCP:svc:80' & echo a\\ b | cat # c\nx=1 y`;
    const cmds = lexShell(script);
    expect(cmds.map((c) => c.map((w) => w.value))).toEqual([['set', '-e'], ['socat', 'TCP-LISTEN:8080,fork', 'TCP:svc:80'], ['echo', 'a b'], ['cat'], ['x=1', 'y']]);
    const w = cmds[1]![2]!;
    expect(w.map.map((i) => script[i]).join('')).toBe('TCP:svc:80');
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        parseSocatAddress(s);
        socatAddresses(s.split(' '));
        for (const cmd of lexShell(s)) for (const w of cmd) for (const i of w.map) expect(i >= 0 && i < s.length).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
