import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeArgv, analyzeCommand, analyzeExecs, analyzeScript, analyzeScriptRaw, fileRangeOf, normalizePath, type ScriptAnalysis } from '../../src/analyze/shell/index.js';
import { lintTexts } from '../../src/engine/lint.js';
import { positionAt } from '../../src/load/source.js';
import { y } from '../helpers/rule-tester.js';

const at = (s: string, r: [number, number]) => s.slice(r[0], r[1]);
const writes = (s: string, a: ScriptAnalysis) => a.writes.map((w) => `${w.via} ${w.abs ?? w.value} @${at(s, w.range)}`);
const reads = (s: string, a: ScriptAnalysis) => a.reads.map((w) => `${w.via} ${w.abs ?? w.value}${w.optional ? '?' : ''} @${at(s, w.range)}`);
const eps = (s: string, a: ScriptAnalysis) => a.endpoints.map((e) => `${e.via} ${e.host}:${e.port}${e.explicitPort ? '' : '(default)'} @${at(s, e.range)}`);

describe('analyzeScript: files', () => {
  it('the seed writer: a relative redirection target with an unknown working directory', () => {
    const s = 'echo "The writer wrote this!" > output/data.txt; while true; do sleep 5;done';
    const a = analyzeScript(s);
    expect(writes(s, a)).toEqual(['> output/data.txt @output/data.txt']);
    expect(a.writes[0]!.abs).toBeUndefined();
    expect(a.writes[0]!.cwd).toBe('image');
    expect(a.opaque).toEqual([]);
  });
  it('the seed sidecar: cat inside a loop', () => {
    const s = 'while true; do cat /input/data.txt; sleep 5; done';
    expect(reads(s, analyzeScript(s))).toEqual(['cat /input/data.txt @/input/data.txt']);
  });
  it('redirections: >, >>, <, fd duplications and /dev/null', () => {
    const s = 'cmd >> /var/log/app.log 2>&1; cmd2 2>/dev/null < /etc/in; cmd3 &> /o/all; cmd4 >&2';
    const a = analyzeScript(s);
    expect(writes(s, a)).toEqual(['>> /var/log/app.log @/var/log/app.log', '> /dev/null @/dev/null', '> /o/all @/o/all']);
    expect(reads(s, a)).toEqual(['< /etc/in @/etc/in']);
  });
  it('tee, cp, mv, touch, mkdir, dd, sed -i, install, ln', () => {
    const s = [
      'date | tee -a /logs/a.log /logs/b.log',
      'cp /config/app.conf /shared/',
      'cp -f /a/x.conf /b/y.conf',
      'cp /sample.war /app',
      'mv /tmp/x.txt /out/x.txt',
      'touch /ready/flag',
      'mkdir -p /data/db',
      'dd if=/dev/zero of=/disk/img bs=1M count=1',
      "sed -i 's/a/b/' /etc/app.conf",
      'install -m 0644 /src/f /dst/f',
      'ln -s /target /links/l',
    ].join('\n');
    const a = analyzeScript(s);
    expect(writes(s, a)).toEqual([
      'tee /logs/a.log @/logs/a.log',
      'tee /logs/b.log @/logs/b.log',
      'cp /shared/app.conf @/shared/',
      'cp /b/y.conf @/b/y.conf',
      'cp /app @/app',
      'mv /out/x.txt @/out/x.txt',
      'touch /ready/flag @/ready/flag',
      'mkdir /data/db @/data/db',
      'dd /disk/img @/disk/img',
      'sed -i /etc/app.conf @/etc/app.conf',
      'install /dst/f @/dst/f',
      'ln /links/l @/links/l',
    ]);
    expect(a.writes.find((w) => w.abs === '/app')!.into).toBe('sample.war');
    expect(reads(s, a)).toEqual([
      'cp /config/app.conf @/config/app.conf',
      'cp /a/x.conf @/a/x.conf',
      'cp /sample.war @/sample.war',
      'mv /tmp/x.txt @/tmp/x.txt',
      'dd /dev/zero @/dev/zero',
      'sed /etc/app.conf @/etc/app.conf',
      'install /src/f @/src/f',
    ]);
  });
  it('readers and their option arguments', () => {
    const s = "tail -n 100 -F /var/log/app.log; head -c 10 /a; grep -e x -f /pat /f1 /f2; grep foo /g; awk -F: -v x=1 '{print}' /etc/passwd; jq -r --arg n v '.a' /c.json; sort -o /sorted /unsorted; wc -l < /count";
    const a = analyzeScript(s);
    expect(reads(s, a)).toEqual([
      'tail /var/log/app.log @/var/log/app.log',
      'head /a @/a',
      'grep /pat @/pat',
      'grep /f1 @/f1',
      'grep /f2 @/f2',
      'grep /g @/g',
      'awk /etc/passwd @/etc/passwd',
      'jq /c.json @/c.json',
      'sort /unsorted @/unsorted',
      '< /count @/count',
    ]);
    expect(writes(s, a)).toEqual(['sort /sorted @/sorted']);
  });
  it('variables: literal assignments, env, positional parameters, Kubernetes $(VAR); unresolved ones are skipped', () => {
    const s = 'D=/out; export F=app.log; echo x > $D/$F; echo y > "${D}/z"; echo z > $LOGDIR/l; cat $1 > $(OUT_DIR)/copy; echo > $UNKNOWN/f; cat ~/x';
    const a = analyzeScript(s, { env: { LOGDIR: '/logs', OUT_DIR: '/o', SECRET: null }, envNames: new Set(['LOGDIR', 'OUT_DIR', 'SECRET']), positional: ['sh', '/in/file'] });
    expect(a.writes.map((w) => w.abs)).toEqual(['/out/app.log', '/out/z', '/logs/l', '/o/copy']);
    expect(a.reads.map((r) => r.abs)).toEqual(['/in/file']);
    expect(a.dynamicWrites).toBe(1);
    // the range is the word as written
    expect(at(s, a.writes[0]!.range)).toBe('$D/$F');
  });
  it('a variable assigned in only one branch of an if becomes unknown', () => {
    const a = analyzeScript('D=/a; if [ -n "$X" ]; then D=/b; fi; echo > $D/f');
    expect(a.writes).toEqual([]);
    expect(a.dynamicWrites).toBe(1);
  });
  it('cd and workingDir resolve relative paths; a cd inside a subshell or pipeline does not leak', () => {
    const s = 'echo a > rel1; cd /app && echo b > rel2; (cd /elsewhere; echo c > rel3); echo d > rel4; cd sub; echo e > rel5';
    const a = analyzeScript(s, { workingDir: '/work' });
    expect(a.writes.map((w) => `${w.value}=${w.abs}:${w.cwd}`)).toEqual([
      'rel1=/work/rel1:workingDir',
      'rel2=/app/rel2:script',
      'rel3=/elsewhere/rel3:script',
      'rel4=/app/rel4:script',
      'rel5=/app/sub/rel5:script',
    ]);
    const b = analyzeScript('if [ -d /x ]; then cd /x; fi; echo > f');
    expect(b.writes[0]!.cwd).toBe('dynamic');
    expect(b.writes[0]!.abs).toBeUndefined();
  });
  it('for loops over literal words expand each item', () => {
    const s = 'for f in 1.log 2.log; do tail -F /var/log/$f & done; wait';
    expect(analyzeScript(s).reads.map((r) => r.abs)).toEqual(['/var/log/1.log', '/var/log/2.log']);
  });
  it('heredocs, command substitutions and process substitutions are visited', () => {
    const s = 'cat <<EOF > /etc/app.conf\nkey=$(cat /run/secret)\nEOF\nX=$(head -1 /etc/hostname); diff <(sort /a) /b';
    const a = analyzeScript(s);
    expect(a.writes.map((w) => w.abs)).toEqual(['/etc/app.conf']);
    expect(a.reads.map((r) => r.abs).sort()).toEqual(['/a', '/b', '/etc/hostname', '/run/secret']);
  });
  it('file tests make reads optional; until/while loops on a file are waits', () => {
    const s = 'until [ -f /shared/ready ]; do sleep 1; done; while [[ ! -e /shared/go ]]; do sleep 1; done; [ -f /opt/x ] && cat /opt/x; cat /opt/y';
    const a = analyzeScript(s);
    expect(reads(s, a)).toEqual([
      'wait /shared/ready @/shared/ready',
      'wait /shared/go @/shared/go',
      'test /opt/x? @/opt/x',
      'cat /opt/x? @/opt/x',
      'cat /opt/y @/opt/y',
    ]);
  });
  it('nested sh -c and su -c scripts keep exact positions', () => {
    const s = `su -s /bin/sh -c "cat /a/b > /c/d" app; sh -c 'echo x >> /n/f'`;
    const a = analyzeScript(s);
    expect(writes(s, a)).toEqual(['> /c/d @/c/d', '>> /n/f @/n/f']);
    expect(reads(s, a)).toEqual(['cat /a/b @/a/b']);
  });
  it('unknown programs, script files and eval make the analysis opaque', () => {
    expect(analyzeScript('python /app/main.py --out /x').opaque).toEqual(['python']);
    expect(analyzeScript('/docker-entrypoint.sh nginx').opaque).toEqual(['docker-entrypoint.sh']);
    expect(analyzeScript('sh /scripts/run.sh').opaque).toEqual(['sh /scripts/run.sh']);
    expect(analyzeScript('eval "$CMD"').opaque).toEqual(['eval']);
    expect(analyzeScript('f() { echo hi > /x; }; f; exec f').opaque).toEqual([]);
    expect(analyzeScript('echo hi; sleep 5; cat /a | grep b | wc -l').opaque).toEqual([]);
  });
  it('programs that write where podlint cannot follow: awk redirections, sed w, socat files, redis-cli --rdb', () => {
    expect(analyzeScript("awk '{print $1}' /in").opaque).toEqual([]);
    expect(analyzeScript('awk \'{print > "/shared/out"}\' /in').opaque).toEqual(['awk']);
    expect(analyzeScript("sed 's/a/b/' /in").opaque).toEqual([]);
    expect(analyzeScript("sed -n 's/a/b/w /shared/out' /in").opaque).toEqual(['sed']);
    expect(analyzeScript('socat TCP-LISTEN:80 OPEN:/shared/x,creat').opaque).toEqual(['socat']);
    expect(analyzeScript('redis-cli -h db --rdb /backup/dump.rdb').opaque).toEqual(['redis-cli']);
    expect(analyzeScript('psql -h db -o /out/r.txt -c "select 1"').writes.map((w) => w.abs)).toEqual(['/out/r.txt']);
  });
  it('trap handlers and busybox applets are interpreted', () => {
    const a = analyzeScript("trap 'rm -f /run/lock; echo bye > /shared/exit' TERM; busybox cat /etc/hosts; sleep 1");
    expect(a.writes.map((w) => w.abs)).toEqual(['/shared/exit']);
    expect(a.reads.map((r) => r.abs)).toEqual(['/etc/hosts']);
    expect(a.commands.map((c) => c.name)).toEqual(['trap', 'rm', 'echo', 'cat', 'sleep']);
    expect(a.opaque).toEqual([]);
  });
  it('a script that cannot be parsed reports nothing and is opaque', () => {
    const a = analyzeScript('if then fi ((');
    expect(a.parseError).toMatch(/must be followed by/);
    expect(a.writes).toEqual([]);
    expect(a.opaque).toEqual(['(unparsable script)']);
  });
  it('non-ASCII text before an item does not shift its range (byte offsets are converted)', () => {
    const s = 'echo "héllo wörld 😀" > /ü/x; cat /é/y';
    const a = analyzeScript(s);
    expect(writes(s, a)).toEqual(['> /ü/x @/ü/x']);
    expect(reads(s, a)).toEqual(['cat /é/y @/é/y']);
  });
  it('globs are marked', () => {
    const a = analyzeScript('cat /logs/*.log; cp /cfg/* /shared/');
    expect(a.reads.map((r) => `${r.abs}${r.glob ? '(glob)' : ''}`)).toEqual(['/logs/*.log(glob)', '/cfg/*(glob)']);
    expect(a.writes.map((w) => `${w.abs}${w.any ? '(any)' : ''}`)).toEqual(['/shared(any)']);
  });
});

describe('analyzeScript: words shared by two commands', () => {
  it('`watch CMD` in a nested script: every word keeps its place (shifted once)', () => {
    const s = "echo start; sh -c 'watch -n 5 cat /data/x'";
    const a = analyzeScript(s);
    expect(reads(s, a)).toEqual(['cat /data/x @/data/x']);
    expect(a.commands.map((c) => `${c.name}: ${c.args.map((w) => at(s, w.range)).join(' ')}`)).toEqual([
      'echo: start',
      'sh: -c \'watch -n 5 cat /data/x\'',
      'watch: -n 5 cat /data/x',
      'cat: /data/x',
    ]);
  });
});

describe('analyzeScript: endpoints and listeners', () => {
  it('curl, wget, nc, telnet with scheme default ports', () => {
    const s = 'curl localhost:8080; curl -sf http://127.0.0.1:9090/-/ready; curl https://example.com/x; wget -qO- http://svc/; nc -z localhost 6379; telnet db 5432';
    expect(eps(s, analyzeScript(s))).toEqual([
      'curl localhost:8080 @localhost:8080',
      'curl 127.0.0.1:9090 @127.0.0.1:9090',
      'curl example.com:443(default) @example.com',
      'wget svc:80(default) @svc',
      'nc localhost:6379 @localhost 6379',
      'telnet db:5432 @db 5432',
    ]);
  });
  it('database clients: -h/-p flags, defaults, URLs; sockets are not endpoints', () => {
    const s = 'redis-cli -h 127.0.0.1 -p 6380 ping; redis-cli -h cache ping; psql -h localhost -p 5433 -U u; psql postgres://u@db:5432/x; mysql -h 127.0.0.1 -e "select 1"; mysql -S /run/mysqld.sock; pg_isready -h /var/run/postgresql';
    expect(eps(s, analyzeScript(s))).toEqual([
      'redis-cli 127.0.0.1:6380 @127.0.0.1 -p 6380',
      'redis-cli cache:6379(default) @cache',
      'psql localhost:5433 @localhost -p 5433',
      'psql db:5432 @db:5432',
      'mysql 127.0.0.1:3306(default) @127.0.0.1',
    ]);
  });
  it('curl --unix-socket dials no host; echo of a URL is not an endpoint', () => {
    expect(analyzeScript('curl --unix-socket /var/run/docker.sock http://localhost/version; echo http://localhost:1234').endpoints).toEqual([]);
  });
  it('listeners: nc -l, socat TCP-LISTEN, python -m http.server', () => {
    const s = 'nc -lk -p 9000 & socat TCP-LISTEN:8080,fork TCP:backend:80 & python3 -m http.server 8001';
    const a = analyzeScript(s);
    expect(a.listeners.map((l) => `${l.via} ${l.port}`)).toEqual(['nc 9000', 'socat 8080', 'python3 -m http.server 8001']);
    expect(eps(s, a)).toEqual(['socat backend:80 @backend:80']);
    expect(a.commands.map((c) => c.name)).toEqual(['nc', 'socat', 'python3']);
    expect(a.commands[1]!.args.map((w) => w.value)).toEqual(['TCP-LISTEN:8080,fork', 'TCP:backend:80']);
  });
});

describe('analyzeArgv: exec forms and shells', () => {
  it('finds the script after -c, -ec, -xc, options and wrappers', () => {
    expect(analyzeArgv(['sh', '-c', 'cat /a']).scriptIndex).toBe(2);
    expect(analyzeArgv(['/bin/bash', '-ec', 'cat /a']).scriptIndex).toBe(2);
    expect(analyzeArgv(['bash', '-o', 'pipefail', '-xc', 'cat /a']).scriptIndex).toBe(4);
    expect(analyzeArgv(['/usr/bin/env', 'FOO=1', 'ash', '-c', 'cat /a']).scriptIndex).toBe(4);
    expect(analyzeArgv(['tini', '--', 'dash', '-c', 'cat /a']).scriptIndex).toBe(4);
    expect(analyzeArgv(['zsh', '-l', '-c', 'cat /a']).scriptIndex).toBe(3);
    expect(analyzeArgv(['/bin/busybox', 'sh', '-c', 'cat /a']).scriptIndex).toBe(3);
    expect(analyzeArgv(['sh', '/run.sh']).form).toBe('exec');
  });
  it('positional parameters after the script', () => {
    const a = analyzeArgv(['sh', '-c', 'cp "$1" "$2"', 'sh', '/in/x', '/out/x']);
    expect(a.reads.map((r) => r.abs)).toEqual(['/in/x']);
    expect(a.writes.map((w) => w.abs)).toEqual(['/out/x']);
    expect(a.writes[0]!.src).toBe(2);
  });
  it('bare exec forms: each item points at its argv element', () => {
    const a = analyzeArgv(['wget', '-O', '/work-dir/index.html', 'http://info.cern.ch']);
    expect(a.writes.map((w) => [w.abs, w.src, w.range])).toEqual([['/work-dir/index.html', 2, [0, 20]]]);
    expect(a.endpoints.map((e) => [e.host, e.port, e.src])).toEqual([['info.cern.ch', 80, 3]]);
    const b = analyzeArgv(['/bin/cp', '-n', '/usr/local/bin/argocd', '/shared/argocd-dex']);
    expect(b.writes.map((w) => w.abs)).toEqual(['/shared/argocd-dex']);
    expect(b.opaque).toEqual([]);
  });
  it("unknown programs: URLs and host:port in flags are endpoints, listen flags are listeners", () => {
    const a = analyzeArgv(['(entrypoint)', '--upstream=http://127.0.0.1:8081/', '--secure-listen-address=:8443', '--port=8082', '--advertise-client-urls', 'http://127.0.0.1:2379', '--image=quay.io/x/y:v1.2']);
    expect(a.endpoints.map((e) => `${e.via} ${e.host}:${e.port} @${e.src}:${e.range}`)).toEqual(['--upstream 127.0.0.1:8081 @1:18,32']);
    expect(a.listeners.map((l) => l.port)).toEqual([8443, 8082, 2379]);
    expect(a.opaque).toEqual(['(entrypoint)']);
  });
  it('Kubernetes $(VAR) in argv: literal values substituted, others make the word dynamic', () => {
    const a = analyzeArgv(['cat', '$(DIR)/f', '$(SECRET)/g'], { env: { DIR: '/d', SECRET: null }, envNames: new Set(['DIR', 'SECRET']) });
    expect(a.reads.map((r) => r.abs)).toEqual(['/d/f']);
  });
  it('a $(VAR) with an unknown value stays in the script, where it is an unresolved variable', () => {
    const a = analyzeArgv(['sh', '-c', 'echo > $(POD_NAME).log; echo > /x/$(POD_NAME)/f; echo > /y/ok'], { env: { POD_NAME: null }, envNames: new Set(['POD_NAME']) });
    expect(a.writes.map((w) => w.abs)).toEqual(['/y/ok']);
    expect(a.dynamicWrites).toBe(2);
  });
});

describe('analyzeCommand: positions in the manifest', () => {
  const lint = (text: string) => lintTexts([{ path: 't.yaml', text }], { only: [] }).graph;
  it('a script in a flow sequence (the seed writer)', () => {
    const text = y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: writer
          image: busybox
          command: ['sh', '-c', 'echo "it''s here" > output/data.txt; sleep 5']
    `;
    const g = lint(text);
    const a = analyzeCommand(g.templates[0]!.containers[0]!)!;
    expect(a.form).toBe('shell');
    expect(a.script?.path).toEqual(['spec', 'containers', 0, 'command', 2]);
    const w = a.writes[0]!;
    expect(text.slice(...fileRangeOf(w)!)).toBe('output/data.txt');
    expect(positionAt(g.files[0]!.file, fileRangeOf(w)![0])).toEqual({ line: 8, column: 48 });
  });
  it('a script in a block scalar of args, after command: [sh, -c]', () => {
    const text = y`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        template:
          spec:
            containers:
            - name: app
              image: busybox
              workingDir: /app
              command: ["/bin/sh", "-c"]
              args:
              - |
                set -e
                for i in 1 2 3; do
                  echo "$i" >> output/report.txt
                done
                curl -s localhost:9000/done
    `;
    const g = lint(text);
    const a = analyzeCommand(g.templates[0]!.containers[0]!)!;
    expect(a.writes.map((w) => [w.abs, text.slice(...fileRangeOf(w)!), positionAt(g.files[0]!.file, fileRangeOf(w)![0]).line])).toEqual([['/app/output/report.txt', 'output/report.txt', 16]]);
    expect(a.endpoints.map((e) => [text.slice(...fileRangeOf(e)!), positionAt(g.files[0]!.file, fileRangeOf(e)![0])])).toEqual([['localhost:9000', { line: 18, column: 19 }]]);
  });
  it('containers with the same command, env and workingDir share one analysis, each with its own positions', () => {
    // the second and third pods repeat the first one's sidecar at other lines and columns of other files
    const pod = (name: string, pad: string, env: boolean) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n${pad}containers:\n${pad}- name: tailer\n${pad}  image: busybox\n${env ? `${pad}  env: [{name: D, value: /logs}]\n` : ''}${pad}  command: ["sh", "-c", "touch /logs/a.log; tail -F /logs/a.log > /out/x"]\n`;
    const texts = [pod('a', '  ', false), pod('b', '      ', false), pod('c', '    ', true)];
    const gs = texts.map((t) => lint(t));
    const items: ReturnType<typeof analyzeCommand>[] = [];
    for (let k = 0; k < 3; k++) {
      // analysed in turn, each after the one before has had its positions asked
      const a = analyzeCommand(gs[k]!.templates[0]!.containers[0]!)!;
      items.push(a);
      const file = gs[k]!.files[0]!.file;
      const line = k === 2 ? 9 : 8;
      const lineText = texts[k]!.split('\n')[line - 1]!;
      expect(a.writes.map((w) => [w.abs, texts[k]!.slice(...fileRangeOf(w)!), positionAt(file, fileRangeOf(w)![0])])).toEqual([
        ['/logs/a.log', '/logs/a.log', { line, column: lineText.indexOf('/logs/a.log') + 1 }],
        ['/out/x', '/out/x', { line, column: lineText.indexOf('/out/x') + 1 }],
      ]);
      expect(a.commands.map((c) => [c.name, c.args.map((w) => texts[k]!.slice(...fileRangeOf(w)!))])).toEqual([
        ['touch', ['/logs/a.log']],
        ['tail', ['-F', '/logs/a.log']],
      ]);
      expect(a.reads[0]!.path).toEqual(['spec', 'containers', 0, 'command', 2]);
    }
    // separate objects: a position asked of one container's item is not another's
    expect(items[0]!.writes[0]).not.toBe(items[1]!.writes[0]);
    expect(items[1]!.writes[0]).not.toBe(items[2]!.writes[0]);
  });
  it('args without command go to the image entrypoint; hooks and probes are analysed too', () => {
    const text = y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: proxy
          image: quay.io/brancz/kube-rbac-proxy
          args: ["--upstream=http://127.0.0.1:8081/"]
          lifecycle:
            postStart:
              exec: {command: ["sh", "-c", "touch /tmp/started"]}
          readinessProbe:
            exec: {command: ["cat", "/tmp/started"]}
    `;
    const g = lint(text);
    const all = analyzeExecs(g.templates[0]!.containers[0]!);
    expect(all.map((a) => a.origin)).toEqual(['command', 'postStart', 'readinessProbe']);
    expect(text.slice(...fileRangeOf(all[0]!.endpoints[0]!)!)).toBe('127.0.0.1:8081');
    expect(all[1]!.writes[0]!.abs).toBe('/tmp/started');
    expect(all[2]!.reads[0]!.path).toEqual(['spec', 'containers', 0, 'readinessProbe', 'exec', 'command', 1]);
  });
  it('no command and no args: nothing to analyse', () => {
    const g = lint('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    expect(analyzeCommand(g.templates[0]!.containers[0]!)).toBeUndefined();
  });
});

describe('properties', () => {
  const inside = (a: ScriptAnalysis, len: (src: number) => number) => {
    const items = [...a.writes, ...a.reads, ...a.endpoints, ...a.listeners, ...a.commands, ...a.commands.flatMap((c) => c.args)];
    for (const x of items) {
      const n = len(x.src);
      expect(x.range[0]).toBeGreaterThanOrEqual(0);
      expect(x.range[1]).toBeGreaterThanOrEqual(x.range[0]);
      expect(x.range[1]).toBeLessThanOrEqual(n);
    }
  };
  it('never throws on arbitrary strings, and every range (before clamping) lies inside the script', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom(...'ab /$"\'`\\(){}[]<>|&;#*?=~\n\t-:.0123456789éü😀') })), (s) => {
        const a = analyzeScriptRaw(s);
        inside(a, (src) => (src === 0 ? s.length : 0));
        expect(() => analyzeScript(s)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });
  it('never throws on arbitrary argv', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('sh', '-c', 'bash', '-ec', 'cat', 'cp', '>', 'env', 'tini', '--', 'curl'), fc.string())), (argv) => {
        const a = analyzeArgv(argv);
        inside(a, (src) => (typeof argv[src] === 'string' ? argv[src]!.length : 0));
      }),
      { numRuns: 300 },
    );
  });
  const seg = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,7}$/);
  const absPath = fc.array(seg, { minLength: 1, maxLength: 4 }).map((a) => '/' + a.join('/'));
  it('generated scripts: every written and read path is found, with a range that spells it', () => {
    const cmd = fc.oneof(
      absPath.map((p) => ({ text: `echo x > ${p}`, w: p })),
      absPath.map((p) => ({ text: `date >> "${p}"`, w: p })),
      absPath.map((p) => ({ text: `cat ${p}`, r: p })),
      absPath.map((p) => ({ text: `tail -n 5 -F '${p}'`, r: p })),
      absPath.map((p) => ({ text: `wc -l < ${p}`, r: p })),
      fc.tuple(absPath, absPath).map(([a, b]) => ({ text: `cp ${a} ${b}.bak`, r: a, w: `${b}.bak` })),
      absPath.map((p) => ({ text: `sleep 1 | tee ${p}`, w: p })),
    );
    const wrap = fc.constantFrom('%', 'while true; do %; sleep 5; done', 'if [ -n "$X" ]; then %; fi', '( % )', 'x=$(%)', '% &', 'set -e\n%');
    fc.assert(
      fc.property(fc.array(fc.tuple(cmd, wrap), { minLength: 1, maxLength: 5 }), (parts) => {
        const script = parts.map(([c, w]) => w.replace('%', c.text)).join('\n');
        const a = analyzeScript(script);
        expect(a.parseError).toBeUndefined();
        const expW = parts.flatMap(([c]) => (c.w ? [normalizePath(c.w)] : []));
        const expR = parts.flatMap(([c]) => (c.r ? [normalizePath(c.r)] : []));
        expect(a.writes.map((x) => x.abs)).toEqual(expW);
        expect(a.reads.map((x) => x.abs)).toEqual(expR);
        for (const x of [...a.writes, ...a.reads]) expect(script.slice(...x.range)).toBe(x.value);
      }),
      { numRuns: 200 },
    );
  });
});
