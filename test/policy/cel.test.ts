import { describe, expect, it } from 'vitest';
import { compile, celValue, CelCompileError, CelEvalError, Reads } from '../../src/policy/cel.js';

const run = (src: string, vars: Record<string, unknown> = {}) => compile(src, 'custom').eval(Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, celValue(v)])));

describe('CEL engine with the Kubernetes libraries', () => {
  it.each([
    ['object.spec.replicas <= 5', { object: { spec: { replicas: 7 } } }, false],
    ['object.spec.replicas + 1 == 8', { object: { spec: { replicas: 7 } } }, true],
    ["'abc'.find('b.') == 'bc'", {}, true],
    ["'a1b22'.findAll('[0-9]+') == ['1', '22']", {}, true],
    ["'a1b22c3'.findAll('[0-9]+', 2) == ['1', '22']", {}, true],
    ["'abc'.matches('^a')", {}, true],
    ["'ABC'.find('(?i)^ab') == 'AB'", {}, true],
    ["'ABC'.matches('(?i)^abc$') && matches('x-Y', '(?i)^x-y$') && !'abc'.matches('^b')", {}, true],
    ["'text with .matches(\\'(?i)x\\') inside' == 'text with ' + '.matches(' + \"'(?i)x') inside\"", {}, true],
    ["'hello'.charAt(1) == 'e'", {}, true],
    ["'a-b-c'.replace('-', '+') == 'a+b+c'", {}, true],
    ["'a-b-c'.replace('-', '+', 1) == 'a+b-c'", {}, true],
    ["'abc'.upperAscii() == 'ABC'", {}, true],
    ['[1, 2, 3].isSorted() && ![2, 1].isSorted()', {}, true],
    ['[1, 2, 3].sum() == 6 && [3, 1, 2].min() == 1 && [3, 1, 2].max() == 3', {}, true],
    ['[1, 2, 3].slice(1, 3) == [2, 3] && [[1], [2]].flatten() == [1, 2]', {}, true],
    ["url('https://example.com:8080/a/b?x=1').getHost() == 'example.com:8080'", {}, true],
    ["url('https://example.com:8080/a').getPort() == '8080' && url('https://example.com/a').getScheme() == 'https'", {}, true],
    ["isURL('not a url') == false && isURL('/path')", {}, true],
    ["ip('10.0.0.1').family() == 4 && ip('::1').isLoopback()", {}, true],
    ["cidr('10.0.0.0/8').containsIP(ip('10.1.2.3')) && !cidr('10.0.0.0/8').containsIP('11.0.0.1')", {}, true],
    ["cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && cidr('192.168.1.5/24').masked() == cidr('192.168.1.0/24')", {}, true],
    ["isIP('1.2.3') == false && isCIDR('10.0.0.0/33') == false && string(ip('2001:db8:0:0:0:0:0:1')) == '2001:db8::1'", {}, true],
    ["quantity('1Gi').isGreaterThan(quantity('1000M')) && quantity('500m').compareTo(quantity('0.5')) == 0", {}, true],
    ["isQuantity('1.5Gi') && !isQuantity('1.5 Gi') && quantity('2').asInteger() == 2", {}, true],
    ["quantity('0.1').add(quantity('0.2')) == quantity('300m') && quantity('1.1Gi').compareTo(quantity('1126.4Mi')) == 0", {}, true],
    ["quantity('1Ki').isInteger() && !quantity('1500m').isInteger() && quantity('1500m').sub(1).sign() == 1 && quantity('1e3').asInteger() == 1000", {}, true],
    ["quantity('-2').sign() == -1 && quantity('250m').asApproximateFloat() == 0.25", {}, true],
    ['object.?spec.?missing.orValue(3) == 3', { object: { spec: {} } }, true],
    ["has(object.metadata.labels) && 'team' in object.metadata.labels", { object: { metadata: {} } }, false],
    ['cel.bind(x, 2, x * x) == 4', {}, true],
    ["'%s has %d replicas (%.1f%%)'.format(['web', 3, 37.5]) == 'web has 3 replicas (37.5%)'", {}, true],
    ["'%s'.format([[1, 'a']]) == '[1, a]' && '%x'.format([255]) == 'ff'", {}, true],
  ])('%s', (src, vars, want) => {
    expect(run(src, vars)).toBe(want);
  });

  it('reports a syntax error with its offset inside the expression', () => {
    try {
      compile('object.spec.replicas <= ', 'custom');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CelCompileError);
      expect((e as CelCompileError).start).toBe(24);
    }
  });

  it('reports a type error (an unknown function) at the call', () => {
    try {
      compile("object.metadata.name.frobnicate('x')", 'custom');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CelCompileError);
      expect((e as Error).message).toMatch(/frobnicate/);
    }
  });

  it('stops an expression that is too expensive, with the API server message, in bounded time', () => {
    const list = Array.from({ length: 1000 }, (_, i) => i);
    const t = Date.now();
    try {
      run('object.l.all(a, object.l.all(b, object.l.all(c, a + b + c >= 0)))', { object: { l: list } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CelEvalError);
      expect((e as CelEvalError).costExceeded).toBe(true);
      expect((e as Error).message).toBe('operation cancelled: actual cost limit exceeded');
    }
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  it('stops exponential string growth', () => {
    const binds = Array.from({ length: 40 }, (_, i) => `cel.bind(s${i + 1}, s${i} + s${i}, `).join('');
    const src = `cel.bind(s0, 'xxxxxxxxxx', ${binds}size(s40) > 0${')'.repeat(41)}`;
    expect(() => run(src)).toThrow(/cost limit exceeded/);
  });

  it('records the paths an evaluation reads', () => {
    const reads = new Reads();
    const obj = celValue({ spec: { containers: [{ image: 'a' }, { image: 'b' }] } }, reads);
    expect(compile("object.spec.containers.all(c, c.image.startsWith('a'))", 'custom').eval({ object: obj })).toBe(false);
    expect(reads.paths.at(-1)).toEqual(['spec', 'containers', 1, 'image']);
  });
});
