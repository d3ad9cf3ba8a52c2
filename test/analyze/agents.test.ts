import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fluentBitPaths } from '../../src/analyze/agents/fluentbit.js';
import { vectorPaths } from '../../src/analyze/agents/vector.js';
import { promtailPaths } from '../../src/analyze/agents/promtail.js';
import { filebeatPaths } from '../../src/analyze/agents/filebeat.js';
import { otelPaths } from '../../src/analyze/agents/otel.js';
import { globReachesUnder } from '../../src/analyze/agents/glob.js';

const seg = fc.stringMatching(/^[a-z0-9_.*-]{1,8}$/).filter((s) => s !== '.' && s !== '..');
const path = fc.array(seg, { minLength: 1, maxLength: 5 }).map((s) => '/' + s.join('/'));
const at = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

describe('agent config parsers', () => {
  it('Fluent Bit classic: every tail Path, comma-separated, with exact offsets', () => {
    fc.assert(
      fc.property(fc.array(fc.array(path, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.constantFrom('  ', '    ', '\t'), (inputs, ind) => {
        const text = '[SERVICE]\n' + ind + 'Flush 1\n' + inputs.map((ps) => `[INPUT]\n${ind}Name tail\n${ind}Path ${ps.join(', ')}\n`).join('') + '[INPUT]\n    Name systemd\n    Path /ignored\n';
        const got = fluentBitPaths('fluent-bit.conf', text);
        expect(got.map((p) => p.path)).toEqual(inputs.flat());
        for (const p of got) expect(at(text, p)).toBe(p.path);
      }),
    );
  });
  it('Vector TOML: include arrays of file sources, single- and multi-line', () => {
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 4 }), fc.boolean(), (ps, multi) => {
        const arr = multi ? '[\n' + ps.map((p) => `  "${p}",\n`).join('') + ']' : '[' + ps.map((p) => `"${p}"`).join(', ') + ']';
        const text = `[sources.app]\ntype = "file"\ninclude = ${arr}\n\n[sources.other]\ntype = "http_server"\ninclude = ["/no"]\n`;
        const got = vectorPaths('vector.toml', text);
        expect(got.map((p) => p.path)).toEqual(ps);
        for (const p of got) expect(at(text, p)).toBe(p.path);
      }),
    );
  });
  it('YAML formats: offsets point at the path', () => {
    const cases: [typeof promtailPaths, string, string][] = [
      [vectorPaths, 'vector.yaml', 'sources:\n  a: {type: file, include: ["/x/*.log", /y/z.log]}\n  b: {type: kubernetes_logs}\n'],
      [promtailPaths, 'p.yaml', 'scrape_configs:\n- job_name: a\n  static_configs:\n  - labels: {__path__: "/x/*.log"}\n  - labels: {__path__: /y/z.log}\n'],
      [filebeatPaths, 'f.yml', 'filebeat:\n  inputs:\n  - {type: log, paths: [/x/*.log]}\n  - {type: filestream, paths: ["/y/z.log"]}\n  - {type: log, enabled: false, paths: [/no]}\n  - {type: tcp, host: x}\n'],
      [otelPaths, 'c.yaml', 'receivers:\n  filelog: {include: [/x/*.log]}\n  filelog/b: {include: ["/y/z.log"], exclude: [/no]}\n  otlp: {}\n'],
      [fluentBitPaths, 'fb.yaml', 'pipeline:\n  inputs:\n  - {name: tail, path: "/x/*.log,/y/z.log"}\n  - {name: cpu}\n'],
    ];
    for (const [f, key, text] of cases) {
      const got = f(key, text);
      expect(got.map((p) => p.path), key).toEqual(['/x/*.log', '/y/z.log']);
      for (const p of got) expect(at(text, p)).toBe(p.path);
    }
  });
  it('broken configurations yield nothing and do not throw', () => {
    expect(vectorPaths('v.yaml', 'sources: [\n')).toEqual([]);
    expect(fluentBitPaths('f.yaml', ':\n - [')).toEqual([]);
    expect(promtailPaths('p.yaml', '__path__: {')).toEqual([]);
  });
  it('globReachesUnder matches segment by segment', () => {
    expect(globReachesUnder('/var/log/*/x.log', '/var/log/app')).toBe(true);
    expect(globReachesUnder('/var/log/a*/x.log', '/var/log/b')).toBe(false);
    expect(globReachesUnder('/var/**', '/var/log/app')).toBe(true);
    expect(globReachesUnder('/var/*', '/var/log')).toBe(false);
  });
});
