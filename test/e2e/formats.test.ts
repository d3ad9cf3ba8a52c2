/**
 * Every output format end to end: the SARIF log validates against the SARIF
 * 2.1.0 schema, the github format's lines parse as workflow commands, the
 * JUnit XML is well-formed, and all agree with the JSON output.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { podlint, tempTree, ROOT } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - name: cach           # typo of cache
      mountPath: /cache
  - name: sidecar
    image: busybox
  volumes:
  - name: cache
    emptyDir: {}
  - name: scratch-space
    emptyDir: {}
`;

function fixture(): string {
  const dir = tempTree({
    'app/pod.yaml': POD,
    // a name with characters the github format must escape
    'odd/we,ird:100%.yaml': POD.replace('name: web\n', 'name: odd\n'),
    'clean.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n',
  });
  // a file podlint cannot lint at all (reported without a rule id)
  writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
  return dir;
}

function jsonFindings(dir: string) {
  const r = podlint(['-f', 'json', '.'], { cwd: dir });
  const out = JSON.parse(r.stdout) as any[];
  return out.flatMap((f) => f.messages.map((m: any) => ({ file: f.filePath.slice(dir.length + 1), ...m })));
}

/** Parse a workflow command line: `::cmd k=v,k=v::message`, undoing GitHub's escapes. */
function parseCommand(line: string) {
  const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unProp = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',')) {
    const i = kv.indexOf('=');
    if (i <= 0) return undefined;
    props[kv.slice(0, i)] = unProp(kv.slice(i + 1));
  }
  const message = m[3]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  return { command: m[1]!, props, message };
}

/** A small XML well-formedness check: balanced tags, quoted attributes, known entities. */
function checkXml(xml: string): { tags: { name: string; attrs: Record<string, string> }[] } {
  const tags: { name: string; attrs: Record<string, string> }[] = [];
  let s = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    m = re.exec(s);
    if (!m) throw new Error(`not well-formed at: ${s.slice(pos, pos + 40)}`);
    pos = re.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(m[5])) throw new Error(`bad entity in: ${m[5]}`);
      if (stack.length === 0 && m[5].trim()) throw new Error('text outside the root element');
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(a[2]!)) throw new Error(`bad entity in attribute: ${a[2]}`);
      attrs[a[1]!] = a[2]!.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#10;/g, '\n').replace(/&amp;/g, '&');
    }
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`unbalanced </${m[2]}>`);
    } else {
      tags.push({ name: m[2]!, attrs });
      if (!m[4]) stack.push(m[2]!);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return { tags };
}

describe('output formats', () => {
  const dir = fixture();
  const expected = jsonFindings(dir);

  it('the fixture has findings of several kinds (a sanity check for the tests below)', () => {
    expect(expected.map((f) => `${f.file}:${f.ruleId}`).sort(), JSON.stringify(expected)).toEqual([
      'app/pod.yaml:unused-volume',
      'app/pod.yaml:volume-mount-missing-volume',
      'binary.yaml:null',
      'odd/we,ird:100%.yaml:unused-volume',
      'odd/we,ird:100%.yaml:volume-mount-missing-volume',
    ]);
    expect(expected.find((f) => f.ruleId === 'volume-mount-missing-volume').fix).toBeDefined();
  });

  it('sarif: validates against the SARIF 2.1.0 schema and carries rule metadata, help URIs and regions', () => {
    const r = podlint(['-f', 'sarif', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const ajv = new (Ajv.default ?? Ajv)({ allErrors: true, strict: false });
    (addFormats.default ?? addFormats)(ajv);
    const schema = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/sarif-2.1.0-subset.schema.json'), 'utf8'));
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);

    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('podlint');
    expect(run.tool.driver.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const rules = run.tool.driver.rules as any[];
    const vm = rules.find((x) => x.id === 'volume-mount-missing-volume');
    expect(vm.helpUri).toBe('https://github.com/podlint/podlint/blob/main/docs/rules/volume-mount-missing-volume.md');
    expect(vm.shortDescription.text.length).toBeGreaterThan(10);
    expect(vm.defaultConfiguration.level).toBe('error');
    expect(vm.help.markdown).toMatch(/^# volume-mount-missing-volume\n/);
    expect(rules.find((x) => x.id === 'unused-volume').defaultConfiguration.level).toBe('warning');

    // every JSON finding with a rule id is a SARIF result at the same region
    const results = run.results as any[];
    const withRule = expected.filter((f) => f.ruleId);
    expect(results).toHaveLength(withRule.length);
    for (const f of withRule) {
      const uri = f.file.split('/').map(encodeURIComponent).join('/');
      const res = results.find((x) => x.ruleId === f.ruleId && x.locations[0].physicalLocation.artifactLocation.uri === uri);
      expect(res, `${f.file} ${f.ruleId}`).toBeDefined();
      expect(res.level).toBe(f.severity === 2 ? 'error' : 'warning');
      expect(res.message.text).toBe(f.message);
      expect(rules[res.ruleIndex].id).toBe(f.ruleId);
      expect(res.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(res.locations[0].physicalLocation.region).toEqual({ startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
    }
    // the fix travels as a SARIF replacement
    const fixRes = results.find((x) => x.ruleId === 'volume-mount-missing-volume' && x.locations[0].physicalLocation.artifactLocation.uri === 'app/pod.yaml');
    expect(fixRes.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { startLine: 10, startColumn: 13, endLine: 10, endColumn: 17 },
      insertedContent: { text: 'cache' },
    });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    // the unreadable file is a tool execution notification, not a result
    const notes = run.invocations[0].toolExecutionNotifications as any[];
    expect(notes).toHaveLength(1);
    expect(notes[0].locations[0].physicalLocation.artifactLocation.uri).toBe('binary.yaml');
  });

  it('sarif: a clean run is a valid log with an empty results array', () => {
    const clean = tempTree({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' });
    const r = podlint(['-f', 'sarif', '.'], { cwd: clean });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('github: one workflow command per finding, parseable, matching the JSON output', () => {
    const r = podlint(['-f', 'github', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(expected.length);
    const cmds = lines.map((l) => {
      const c = parseCommand(l);
      expect(c, l).toBeDefined();
      return c!;
    });
    for (const f of expected) {
      const c = cmds.find((x) => x.props.file === f.file && x.props.line === String(f.line) && x.message.startsWith(f.message));
      expect(c, `${f.file}:${f.line} ${f.ruleId}`).toBeDefined();
      expect(c!.command).toBe(f.severity === 2 ? 'error' : 'warning');
      expect(c!.props).toMatchObject({ col: String(f.column), endLine: String(f.endLine), endColumn: String(f.endColumn) });
      if (f.ruleId) {
        expect(c!.props.title).toBe(`podlint ${f.ruleId}`);
        expect(c!.message).toBe(`${f.message}\nhttps://github.com/podlint/podlint/blob/main/docs/rules/${f.ruleId}.md`);
      }
    }
    // the odd file name is escaped in the property, and no line breaks leak into a command
    expect(r.stdout).toContain('file=odd/we%2Cird%3A100%25.yaml,');
  });

  it('junit: well-formed XML, a failing test case per finding and a passing one per clean file', () => {
    const r = podlint(['-f', 'junit', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const { tags } = checkXml(r.stdout);
    const suites = tags.filter((t) => t.name === 'testsuite');
    expect(suites.map((s) => s.attrs.name).sort()).toEqual(['app/pod.yaml', 'binary.yaml', 'clean.yaml', 'odd/we,ird:100%.yaml']);
    const root = tags.find((t) => t.name === 'testsuites')!;
    expect(root.attrs.failures).toBe(String(expected.length));
    expect(tags.filter((t) => t.name === 'failure')).toHaveLength(expected.length);
    const clean = suites.find((s) => s.attrs.name === 'clean.yaml')!;
    expect(clean.attrs).toMatchObject({ tests: '1', failures: '0' });
    const failures = tags.filter((t) => t.name === 'failure').map((t) => t.attrs.message);
    for (const f of expected) expect(failures).toContain(f.message);
  });

  it('json: ESLint result format with 1-based positions (the contract the lead e2e tests pin down)', () => {
    const f = expected.find((x) => x.file === 'app/pod.yaml' && x.ruleId === 'volume-mount-missing-volume');
    expect(f).toMatchObject({ line: 10, column: 13, endLine: 10, endColumn: 17, severity: 2, fix: { text: 'cache' } });
  });

  it('--output-file writes the report to a file and nothing to stdout, for every format', () => {
    for (const format of ['stylish', 'json', 'sarif', 'github', 'junit']) {
      const out = join(dir, `report.${format}`);
      const r = podlint(['-f', format, '-o', out, 'app'], { cwd: dir });
      expect(r.code, format).toBe(1);
      expect(r.stdout, format).toBe('');
      const text = readFileSync(out, 'utf8');
      expect(text.length, format).toBeGreaterThan(0);
      expect(text.endsWith('\n'), format).toBe(true);
      if (format === 'stylish') expect(text).not.toMatch(/\x1b/);
    }
  });

  it('stylish links rule ids to their pages (OSC 8) only when colours are on', () => {
    const plain = podlint(['app'], { cwd: dir });
    expect(plain.stdout).not.toContain('\x1b]8;;');
    const colored = podlint(['--color', 'app'], { cwd: dir });
    expect(colored.stdout).toContain('\x1b]8;;https://github.com/podlint/podlint/blob/main/docs/rules/volume-mount-missing-volume.md\x07volume-mount-missing-volume\x1b]8;;\x07');
  });
});
