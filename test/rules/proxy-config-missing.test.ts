import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/proxy-config-missing.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const seedDir = existsSync('/work/shared/seed/examples') ? '/work/shared/seed/examples' : join(import.meta.dirname, '../../examples');
const seedPod = readFileSync(join(seedDir, 'ambassador-pod-and-haproxy-config.yaml'), 'utf8');
const seedSvc = { path: 'ambassador-webserver-and-service.yaml', text: readFileSync(join(seedDir, 'ambassador-webserver-and-service.yaml'), 'utf8') };
const seedSidecar = { path: 'sidecar-emptydir.yaml', text: readFileSync(join(seedDir, 'sidecar-emptydir.yaml'), 'utf8') };

const HAPROXY_CM = y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: hap}
  data:
    haproxy.cfg: |
      frontend f
        bind :8080
        default_backend b
      backend b
        server s app:80
`;

/** A Deployment running `image` with the given volumeMounts/volumes YAML (indented for the container). */
const deploy = (image: string, mounts: string, volumes: string, extra = '') => y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: proxy}
  spec:
    selector: {matchLabels: {app: proxy}}
    template:
      metadata: {labels: {app: proxy}}
      spec:
        containers:
        - name: proxy
          image: ${image}
${extra}          volumeMounts:
${mounts}
        volumes:
${volumes}
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'the seed ambassador example', code: seedPod, files: [seedSvc, seedSidecar] },
    {
      name: 'haproxy.cfg mounted with subPath at the file',
      code: HAPROXY_CM + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy/haproxy.cfg, subPath: haproxy.cfg}', '        - {name: c, configMap: {name: hap}}'),
    },
    {
      name: 'items map another key to haproxy.cfg (projected volume)',
      code: HAPROXY_CM.replace('haproxy.cfg: |', 'main.cfg: |') + '---\n' + deploy('haproxytech/haproxy-alpine:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy}', '        - name: c\n          projected:\n            sources:\n            - configMap: {name: hap, items: [{key: main.cfg, path: haproxy.cfg}]}'),
    },
    {
      name: 'haproxy -f names the mounted file',
      code: HAPROXY_CM.replace('haproxy.cfg: |', 'lb.cfg: |') + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /etc/haproxy}', '        - {name: c, configMap: {name: hap}}', "          args: ['-f', '/etc/haproxy/lb.cfg']\n"),
    },
    {
      name: 'nginx conf.d with a *.conf file; nginx.conf itself from the image',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: site}
        data:
          site.conf: "server { listen 8080; }"
      ` + '---\n' + deploy('nginx:1.27', '          - {name: c, mountPath: /etc/nginx/conf.d}', '        - {name: c, configMap: {name: site}}'),
    },
    {
      name: 'haproxy.cfg mounted as a directory at the file path still works (haproxy -f <dir> reads its *.cfg)',
      code: HAPROXY_CM + '---\n' + deploy('haproxy:latest', '          - {name: c, mountPath: /usr/local/etc/haproxy/haproxy.cfg}', '        - {name: c, configMap: {name: hap}}'),
    },
    {
      name: 'a conf.d file named nginx.conf is included by the image nginx.conf (not a misplaced main config)',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: site}
        data:
          nginx.conf: "server { listen 8080; }"
      ` + '---\n' + deploy('nginx:1.27', '          - {name: c, mountPath: /etc/nginx/conf.d}', '        - {name: c, configMap: {name: site}}'),
    },
    {
      name: 'nginx conf.d holding only a password file (not configuration)',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata: {name: auth}
        stringData:
          htpasswd: "admin:$apr1$abc"
      ` + '---\n' + deploy('nginx:1.27', '          - {name: c, mountPath: /etc/nginx/conf.d}', '        - {name: c, secret: {secretName: auth}}'),
    },
    {
      name: 'Envoy -c with a file the mount supplies',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: env}
        data:
          front.yaml: "static_resources: {}"
      ` + '---\n' + deploy('envoyproxy/envoy:v1.31.0', '          - {name: c, mountPath: /config}', '        - {name: c, configMap: {name: env}}', "          command: [envoy, --config-path, /config/front.yaml]\n"),
    },
    {
      name: 'the ConfigMap is not among the linted manifests: nothing to say',
      code: deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy}', '        - {name: c, configMap: {name: elsewhere}}'),
    },
    {
      name: 'a command podlint cannot read: the proxy may read anything',
      code: HAPROXY_CM.replace('haproxy.cfg: |', 'template.cfg: |') + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy}', '        - {name: c, configMap: {name: hap}}', "          command: [/start.sh]\n"),
    },
    {
      name: 'an emptyDir at the config directory (filled by an init container)',
      code: deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy}', '        - {name: c, emptyDir: {}}'),
    },
  ],
  invalid: [
    {
      name: 'seed mutation: the ConfigMap key renamed to haproxy.conf',
      code: seedPod.replace('  haproxy.cfg: |', '  haproxy.conf: |'),
      files: [seedSvc, seedSidecar],
      errors: [
        {
          line: 6,
          column: 3,
          endColumn: 15,
          severity: 2,
          message:
            'ConfigMap `haproxy-config` key `haproxy.conf` is mounted at /usr/local/etc/haproxy/haproxy.conf in container `ambassador` of Pod/ambassador-test, but haproxy (image `haproxy:2.4`) reads /usr/local/etc/haproxy/haproxy.cfg, which volume `config` (ConfigMap `haproxy-config`) does not supply. Did you mean `haproxy.cfg`?',
          hasFix: true,
        },
      ],
      output: seedPod,
    },
    {
      name: 'a renamed key in a ConfigMap another workload also mounts: reported, but not renamed',
      code: seedPod.replace('  haproxy.cfg: |', '  haproxy.conf: |') + y`
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: other}
        spec:
          containers:
          - {name: c, image: busybox, volumeMounts: [{name: v, mountPath: /cfg}]}
          volumes: [{name: v, configMap: {name: haproxy-config}}]
      `,
      errors: [{ line: 6, column: 3, message: /Did you mean `haproxy.cfg`\?$/, hasFix: false }],
    },
    {
      name: 'items place the config under another name (fixed)',
      code: HAPROXY_CM + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy/}', '        - name: c\n          configMap:\n            name: hap\n            items:\n            - key: haproxy.cfg\n              path: haproxy.conf'),
      errors: [{ line: 31, column: 19, endColumn: 31, message: /^ConfigMap `hap` key `haproxy.cfg` is mounted at \/usr\/local\/etc\/haproxy\/haproxy.conf in container `proxy` of Deployment\/proxy, but haproxy \(image `haproxy:3.0`\) reads \/usr\/local\/etc\/haproxy\/haproxy.cfg, .* Did you mean `haproxy.cfg`\?$/, hasFix: true }],
      output: HAPROXY_CM + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy/}', '        - name: c\n          configMap:\n            name: hap\n            items:\n            - key: haproxy.cfg\n              path: haproxy.cfg'),
    },
    {
      name: 'subPath names a missing key (fixed)',
      code: HAPROXY_CM + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy/haproxy.cfg, subPath: haproxy.conf}', '        - {name: c, configMap: {name: hap}}'),
      errors: [{ line: 24, column: 77, message: /^subPath `haproxy.conf` of volume `c` \(ConfigMap `hap`\) names no file of the volume, so container `proxy` of Deployment\/proxy gets no \/usr\/local\/etc\/haproxy\/haproxy.cfg and haproxy cannot read its configuration \(the volume has `haproxy.cfg`\)\. Did you mean `haproxy.cfg`\?$/, hasFix: true }],
      output: HAPROXY_CM + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy/haproxy.cfg, subPath: haproxy.cfg}', '        - {name: c, configMap: {name: hap}}'),
    },
    {
      name: 'the file mounted under another name with subPath',
      code: HAPROXY_CM + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy/haproxy.conf, subPath: haproxy.cfg}', '        - {name: c, configMap: {name: hap}}'),
      errors: [{ line: 24, column: 32, message: /^ConfigMap `hap` key `haproxy.cfg` is mounted at \/usr\/local\/etc\/haproxy\/haproxy.conf in container `proxy` of Deployment\/proxy, but haproxy \(image `haproxy:3.0`\) reads \/usr\/local\/etc\/haproxy\/haproxy.cfg, so this configuration is never read\. Did you mean mountPath `\/usr\/local\/etc\/haproxy\/haproxy.cfg`\? Mount it at .* or pass `-f \/usr\/local\/etc\/haproxy\/haproxy.conf`\.$/, hasFix: true }],
    },
    {
      name: 'the config directory mounted where the image does not look',
      code: HAPROXY_CM + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /etc/haproxy}', '        - {name: c, configMap: {name: hap}}'),
      errors: [{ line: 24, column: 32, message: /is mounted at \/etc\/haproxy\/haproxy.cfg .* reads \/usr\/local\/etc\/haproxy\/haproxy.cfg, so this configuration is never read\. Did you mean mountPath `\/usr\/local\/etc\/haproxy`\?/, hasFix: true }],
      output: HAPROXY_CM + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: "/usr/local/etc/haproxy"}', '        - {name: c, configMap: {name: hap}}'),
    },
    {
      name: 'no file of the mount looks like the config: reported at the mount',
      code: HAPROXY_CM.replace('haproxy.cfg: |', 'errors.http: |') + '---\n' + deploy('haproxy:3.0', '          - {name: c, mountPath: /usr/local/etc/haproxy}', '        - {name: c, configMap: {name: hap}}'),
      errors: [{ line: 24, column: 32, message: /^volume `c` \(ConfigMap `hap`\) is mounted at \/usr\/local\/etc\/haproxy in container `proxy` of Deployment\/proxy, but it does not supply `haproxy.cfg`: haproxy \(image `haproxy:3.0`\) reads \/usr\/local\/etc\/haproxy\/haproxy.cfg \(the mount holds `errors.http`\), and the mount hides the image's own files there\./ }],
    },
    {
      name: 'nginx conf.d holding no *.conf file',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: site}
        data:
          site.cnf: "server { listen 8080; }"
      ` + '---\n' + deploy('nginx:1.27', '          - {name: c, mountPath: /etc/nginx/conf.d}', '        - {name: c, configMap: {name: site}}'),
      errors: [{ line: 5, column: 3, message: /^ConfigMap `site` key `site.cnf` is mounted at \/etc\/nginx\/conf.d\/site.cnf in container `proxy` of Deployment\/proxy, but the image's nginx.conf only includes \/etc\/nginx\/conf.d\/\*.conf, so this configuration is never read\. Did you mean `site.conf`\?$/ }],
    },
    {
      name: 'nginx.conf mounted over the image default, missing from the ConfigMap',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: site}
        data:
          nginx.cfg: "events {} http {}"
      ` + '---\n' + deploy('nginxinc/nginx-unprivileged:1.27', '          - {name: c, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}', '        - {name: c, configMap: {name: site}}'),
      errors: [{ line: 19, column: 64, message: /^subPath `nginx.conf` .* Did you mean `nginx.cfg`\?$/, hasFix: true }],
    },
    {
      name: 'nginx.conf mounted without subPath is a directory',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: site}
        data:
          nginx.conf: "events {} http { server { listen 8080; } }"
      ` + '---\n' + deploy('nginx:1.27', '          - {name: c, mountPath: /etc/nginx/nginx.conf}', '        - {name: c, configMap: {name: site}}'),
      errors: [{ line: 19, column: 32, message: /^volume `c` \(ConfigMap `site`\) is mounted at \/etc\/nginx\/nginx.conf without `subPath`, so \/etc\/nginx\/nginx.conf is a directory \(holding `nginx.conf`\) in container `proxy` of Deployment\/proxy and nginx cannot read it as its configuration file\. Add `subPath: nginx.conf` to the mount/ }],
    },
    {
      name: 'Envoy: the default config file is missing from the mounted directory (native sidecar)',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: env}
        data:
          envoy.yml: "static_resources: {}"
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: envoy
            image: envoyproxy/envoy:v1.31.0
            restartPolicy: Always
            volumeMounts: [{name: c, mountPath: /etc/envoy}]
          containers:
          - {name: app, image: busybox}
          volumes: [{name: c, configMap: {name: env}}]
      `,
      errors: [{ line: 5, column: 3, message: /^ConfigMap `env` key `envoy.yml` is mounted at \/etc\/envoy\/envoy.yml in container `envoy` of Pod\/p, but Envoy \(image `envoyproxy\/envoy:v1.31.0`\) reads \/etc\/envoy\/envoy.yaml, .* Did you mean `envoy.yaml`\?$/ }],
    },
  ],
});
