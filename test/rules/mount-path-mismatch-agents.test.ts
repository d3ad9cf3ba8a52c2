import rule from '../../rules/mount-path-mismatch.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape } from '../helpers/shapes.js';

/** App writing /var/log/app/app.log on a shared emptyDir; an agent sidecar reading it through a ConfigMap config. */
const pod = (image: string, mountPath = '/var/log/app') => y`
  initContainers:
  - name: shipper
    image: ${image}
    restartPolicy: Always
    volumeMounts:
    - {name: logs, mountPath: ${mountPath}, readOnly: true}
    - {name: config, mountPath: /config}
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'while true; do date >> /var/log/app/app.log; sleep 1; done']
    volumeMounts:
    - {name: logs, mountPath: /var/log/app}
  volumes:
  - {name: logs, emptyDir: {}}
  - {name: config, configMap: {name: agent}}
`;
const cm = (key: string, body: string) => 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: agent}\ndata:\n  ' + key + ': |\n' + body.split('\n').map((l) => (l ? '    ' + l : l)).join('\n') + '\n';

const FLUENT = y`
  [SERVICE]
      Flush 1
  [INPUT]
      Name   tail
      Path   /var/log/apps/*.log
  [OUTPUT]
      Name stdout
      Match *
`;
const CONFIGS: [string, string, string, string][] = [
  ['Fluent Bit classic', 'fluent/fluent-bit:3.1', 'fluent-bit.conf', FLUENT],
  ['Fluent Bit YAML', 'cr.fluentbit.io/fluent/fluent-bit:3.1', 'fluent-bit.yaml', 'pipeline:\n  inputs:\n    - name: tail\n      path: /var/log/apps/*.log\n  outputs:\n    - name: stdout\n      match: "*"\n'],
  ['Vector YAML', 'timberio/vector:0.40.0-alpine', 'vector.yaml', 'sources:\n  app:\n    type: file\n    include: ["/var/log/apps/*.log"]\nsinks:\n  out: {type: console, inputs: [app], encoding: {codec: json}}\n'],
  ['Vector TOML', 'timberio/vector:0.40.0-alpine', 'vector.toml', '[sources.app]\ntype = "file"\ninclude = [\n  "/var/log/apps/*.log",\n]\n\n[sinks.out]\ntype = "console"\ninputs = ["app"]\n'],
  ['Promtail', 'grafana/promtail:3.0.0', 'promtail.yaml', 'server: {http_listen_port: 9080}\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [localhost]\n        labels:\n          job: app\n          __path__: /var/log/apps/*.log\n'],
  ['Filebeat', 'docker.elastic.co/beats/filebeat:8.15.0', 'filebeat.yml', 'filebeat.inputs:\n  - type: filestream\n    id: app\n    paths:\n      - /var/log/apps/*.log\noutput.console: {}\n'],
  ['OpenTelemetry filelog', 'otel/opentelemetry-collector-contrib:0.110.0', 'config.yaml', 'receivers:\n  filelog/app:\n    include: [/var/log/apps/*.log]\nexporters:\n  debug: {}\nservice:\n  pipelines:\n    logs: {receivers: [filelog/app], exporters: [debug]}\n'],
];

const mainLen = (s: (typeof SHAPES)[number], image: string) => inShape(s, pod(image)).split('\n').length;

new RuleTester().run(rule, {
  valid: [
    ...CONFIGS.map(([name, image, key, body]) => ({
      name: `${name}: the glob matches the shared volume`,
      code: inShape('Deployment', pod(image), cm(key, body.replace('/var/log/apps/*.log', '/var/log/app/*.log'))),
    })),
    ...SHAPES.map((s) => ({ name: `${s}: a glob with ** reaching the mount`, code: inShape(s, pod('fluent/fluent-bit:3.1'), cm('fluent-bit.conf', FLUENT.replace('/var/log/apps/*.log', '/var/log/**/*.log'))) })),
    { name: 'a wildcard directory matching the mount', code: inShape('Pod', pod('fluent/fluent-bit:3.1'), cm('fluent-bit.conf', FLUENT.replace('/var/log/apps/*.log', '/var/log/a*/*.log'))) },
    { name: 'a wildcard directory that cannot match the mount, and a glob naming a file above it', code: inShape('Pod', pod('fluent/fluent-bit:3.1'), cm('fluent-bit.conf', FLUENT.replace('/var/log/apps/*.log', '/var/logs/b*/*.log, /var/logs/*.log'))) },
    { name: 'the ConfigMap is mounted into another image: not an agent', code: inShape('Pod', pod('busybox'), cm('fluent-bit.conf', FLUENT)) },
    { name: 'a path far from every mount (the image\'s own files)', code: inShape('Pod', pod('fluent/fluent-bit:3.1'), cm('fluent-bit.conf', FLUENT.replace('/var/log/apps/*.log', '/opt/other/*.log'))) },
    { name: 'variables in the path', code: inShape('Pod', pod('fluent/fluent-bit:3.1'), cm('fluent-bit.conf', FLUENT.replace('/var/log/apps/*.log', '/var/log/apps/${HOSTNAME}.log'))) },
    { name: 'a DaemonSet agent on a hostPath', code: inShape('DaemonSet', y`
        containers:
        - name: fluent-bit
          image: fluent/fluent-bit:3.1
          volumeMounts:
          - {name: varlog, mountPath: /var/log}
          - {name: config, mountPath: /fluent-bit/etc}
        volumes:
        - {name: varlog, hostPath: {path: /var/log}}
        - {name: config, configMap: {name: agent}}
      `, cm('fluent-bit.conf', FLUENT.replace('/var/log/apps/*.log', '/var/log/containers/*.log'))) },
  ],
  invalid: [
    ...CONFIGS.map(([name, image, key, body]) => ({
      name: `${name}: a glob one directory name away from the shared mount`,
      code: inShape('Deployment', pod(image), cm(key, body)),
      errors: [{
        line: mainLen('Deployment', image) + 5 + body.split('\n').findIndex((l) => l.includes('/var/log/apps/')) + 1,
        severity: 2 as const,
        message: new RegExp(`^${name.startsWith('OpenTelemetry') ? 'the OpenTelemetry Collector' : name.replace(/ (classic|YAML|TOML)$/, '')} in container \`shipper\` of Deployment/w reads \`/var/log/apps/\\*\\.log\` \\(.* in ConfigMap \`agent\`, key \`${key.replace('.', '\\.')}\`\\), which matches nothing on its mounts and misses the volume \`logs\` \\(mounted at \`/var/log/app\`; shared with \`app\`; \`app\` writes \`/var/log/app/app.log\` there\\), so the agent ships nothing from it\\. Did you mean \`/var/log/app/\\*\\.log\`\\?$`),
      }],
    })),
    ...SHAPES.map((s) => ({
      name: `${s}: Fluent Bit classic`,
      code: inShape(s, pod('fluent/fluent-bit:3.1'), cm('fluent-bit.conf', FLUENT)),
      errors: [{ line: mainLen(s, 'x') + 10, column: 16, endColumn: 35, severity: 2 as const }],
    })),
    {
      name: 'a wildcard directory matches the mount, a literal one is misspelt',
      code: inShape('Job', pod('fluent/fluent-bit:3.1'), cm('fluent-bit.conf', FLUENT.replace('/var/log/apps/*.log', '/var/logs/a*/*.log'))),
      errors: [{ severity: 2, message: /reads `\/var\/logs\/a\*\/\*\.log` .*`app` writes `\/var\/log\/app\/app.log` there\).*Did you mean `\/var\/log\/a\*\/\*\.log`\?$/ }],
    },
    {
      name: 'a misspelt directory before ** ',
      code: inShape('Pod', pod('fluent/fluent-bit:3.1'), cm('fluent-bit.conf', FLUENT.replace('/var/log/apps/*.log', '/var/logs/**/*.log'))),
      errors: [{ severity: 2, message: /Did you mean `\/var\/log\/\*\*\/\*\.log`\?$/ }],
    },
    {
      name: 'no writer seen (the image logs by itself): warning',
      code: inShape('Deployment', pod('fluent/fluent-bit:3.1').replace(/ *command: .*\n/, ''), cm('fluent-bit.conf', FLUENT)),
      errors: [{ severity: 1, message: /shared with `app`\), so the agent/ }],
    },
  ],
});
