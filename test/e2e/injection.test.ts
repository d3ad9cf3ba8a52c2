/**
 * Output injection from a hostile pull request: values, keys and file names
 * carrying newlines, workflow commands (`::error ...`), ANSI/OSC escapes and
 * bidi overrides. Human formats escape them visibly; JSON and SARIF stay
 * valid and exact; the github format writes only its own command lines.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { podlint, tempTree } from '../helpers/cli.js';

const NASTY = '\n::error file=x.yaml,line=1::pwned\u001b[2J\u001b]8;;http://evil\u0007link\u001b]8;;\u0007\r::warning::y\u202e\u2028%0A::notice::z';

function fixture(): string {
  const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${JSON.stringify('web' + NASTY)}\nspec:\n  containers:\n  - name: ${JSON.stringify('c' + NASTY)}\n    image: busybox\n    volumeMounts: [{name: ${JSON.stringify('v' + NASTY)}, mountPath: /x}]\n`;
  const dir = tempTree({ 'pod.yaml': pod });
  // a file name that is a workflow command, with a newline in it
  writeFileSync(join(dir, '::error file=a::named\n::warning::b.yaml'), pod);
  return dir;
}

describe('output injection', () => {
  const dir = fixture();
  for (const format of ['stylish', 'junit']) {
    it(`${format}: no line starts with '::', no escape character; the text is escaped visibly`, () => {
      const r = podlint(['--format', format, '.'], { cwd: dir, env: { FORCE_COLOR: '0' } });
      expect(r.code).toBe(1);
      expect(r.stdout.split('\n').filter((l) => l.trimStart().startsWith('::'))).toEqual([]);
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202e\u2028]/);
      expect(r.stdout).toContain('v\\n::error file=x.yaml,line=1::pwned\\x1b[2J\\x1b]8;;http://evil\\x07link\\x1b]8;;\\x07\\r::warning::y\\u202e\\u2028%0A::notice::z');
      expect(r.stderr.split('\n').filter((l) => l.trimStart().startsWith('::'))).toEqual([]);
    });
  }

  it('github: every line is one of podlint\'s commands; the message carries no raw control character', () => {
    const r = podlint(['--format', 'github', '.'], { cwd: dir });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l).toMatch(/^::(error|warning) file=[^:,]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=podlint [a-z-]+::[^\r\n\u001b\u202e\u2028]*$/);
    // the file property names the real file (escaped as a property, not rewritten)
    expect(r.stdout).toContain('file=%3A%3Aerror file=a%3A%3Anamed%0A%3A%3Awarning%3A%3Ab.yaml,');
  });

  it('json and sarif: valid, with the text exactly as in the input', () => {
    const j = JSON.parse(podlint(['--format', 'json', '.'], { cwd: dir }).stdout);
    expect(j.flatMap((f: any) => f.messages.map((m: any) => m.message)).some((m: string) => m.includes('v' + NASTY))).toBe(true);
    const s = JSON.parse(podlint(['--format', 'sarif', '.'], { cwd: dir }).stdout);
    expect(s.runs[0].results.some((x: any) => x.message.text.includes('v' + NASTY))).toBe(true);
  });
});
