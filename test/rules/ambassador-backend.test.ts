import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/ambassador-backend.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const seedDir = existsSync('/work/shared/seed/examples') ? '/work/shared/seed/examples' : join(import.meta.dirname, '../../examples');
const seedPod = readFileSync(join(seedDir, 'ambassador-pod-and-haproxy-config.yaml'), 'utf8');
const seedSvc = { path: 'ambassador-webserver-and-service.yaml', text: readFileSync(join(seedDir, 'ambassador-webserver-and-service.yaml'), 'utf8') };
const seedSidecar = { path: 'sidecar-emptydir.yaml', text: readFileSync(join(seedDir, 'sidecar-emptydir.yaml'), 'utf8') };

const SERVICES = y`
  apiVersion: v1
  kind: Service
  metadata: {name: inventory}
  spec: {selector: {app: inventory}, ports: [{name: http, port: 8080, targetPort: 80}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: billing, namespace: other-ns}
  spec: {selector: {app: billing}, ports: [{port: 9000}, {port: 9001}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: web}
  spec: {selector: {app: web}, ports: [{port: 80}]}
`;
const services = { path: 'services.yaml', text: SERVICES };

const nginxDeployment = (conf: string) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: nginx-conf}
  data:
    default.conf: |
${conf.split('\n').map((l) => '      ' + l).join('\n')}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: gateway}
  spec:
    selector: {matchLabels: {app: gateway}}
    template:
      metadata: {labels: {app: gateway}}
      spec:
        containers:
        - name: nginx
          image: nginx:1.27
          volumeMounts:
          - {name: conf, mountPath: /etc/nginx/conf.d}
        volumes:
        - name: conf
          configMap: {name: nginx-conf}
`;

const envoyPod = (conf: string) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: envoy}
  data:
    envoy.yaml: |
${conf.split('\n').map((l) => '      ' + l).join('\n')}
  ---
  apiVersion: v1
  kind: Pod
  metadata: {name: app}
  spec:
    containers:
    - name: app
      image: busybox
      command: ['sh', '-c', 'while true; do wget -qO- localhost:10000; sleep 5; done']
    - name: envoy
      image: envoyproxy/envoy:v1.31-latest
      volumeMounts:
      - {name: envoy, mountPath: /etc/envoy}
    volumes:
    - name: envoy
      configMap: {name: envoy}
`;

const ENVOY_OK = y`
  static_resources:
    listeners:
    - name: l
      address:
        socket_address: {address: 0.0.0.0, port_value: 10000}
      filter_chains:
      - filters:
        - name: envoy.filters.network.tcp_proxy
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
            stat_prefix: billing
            cluster: billing
    clusters:
    - name: billing
      type: STRICT_DNS
      load_assignment:
        cluster_name: billing
        endpoints:
        - lb_endpoints:
          - endpoint:
              address:
                socket_address:
                  address: billing.other-ns.svc.cluster.local
                  port_value: 9000
`;

/** The argo-cd redis-ha pattern: an init container copies haproxy.cfg (a double-quoted scalar) into an emptyDir. */
const redisHa = (backend: string) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: redis-ha}
  data:
    haproxy.cfg: "defaults REDIS\\n  mode tcp\\n\\nfrontend ft_redis_master\\n  bind :6379 \\n
      \\ use_backend bk_redis_master\\nbackend bk_redis_master\\n  mode tcp\\n  server R0 ${backend}
      check inter 3s fall 1 rise 1\\n"
    init.sh: |
      HAPROXY_CONF=/data/haproxy.cfg
      cp /readonly/haproxy.cfg "$HAPROXY_CONF"
      sed -i "s/REPLACE/$IP/" "$HAPROXY_CONF"
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: redis-ha-announce-0}
  spec: {selector: {app: redis}, ports: [{name: server, port: 6379}, {name: sentinel, port: 26379}]}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: redis-ha-haproxy}
  spec:
    selector: {matchLabels: {app: haproxy}}
    template:
      metadata: {labels: {app: haproxy}}
      spec:
        initContainers:
        - name: config-init
          image: haproxy:3.0.8-alpine
          command: [sh]
          args: [/readonly/init.sh]
          volumeMounts:
          - {name: config, mountPath: /readonly}
          - {name: data, mountPath: /data}
        containers:
        - name: haproxy
          image: haproxy:3.0.8-alpine
          ports: [{containerPort: 6379}]
          volumeMounts: [{name: data, mountPath: /usr/local/etc/haproxy}]
        volumes:
        - {name: config, configMap: {name: redis-ha}}
        - {name: data, emptyDir: {}}
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'the seed ambassador example (all three manifests)', code: seedPod, files: [seedSvc, seedSidecar] },
    {
      name: 'nginx upstream and proxy_pass to Service ports, external hosts skipped',
      code: nginxDeployment(
        'upstream inv { server inventory:8080; server inventory.default.svc.cluster.local:8080; }\nserver {\n  listen 8000;\n  location / { proxy_pass http://inv; }\n  location /w { proxy_pass http://web; }\n  location /b { proxy_pass http://billing.other-ns:9001/; }\n  location /x { proxy_pass https://api.example.com; }\n  location /i { proxy_pass http://10.1.2.3:1234; }\n  location /v { proxy_pass http://$backend; }\n}',
      ),
      files: [services],
    },
    { name: 'Envoy static cluster in another namespace (YAML)', code: envoyPod(ENVOY_OK), files: [services] },
    {
      name: 'an upstream defined in one conf.d file serves proxy_pass in another (its name is near a Service name)',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: site}
        data:
          00-upstreams.conf: "upstream inventry { server inventory:8080; }"
          10-site.conf: "server { listen 8000; location / { proxy_pass http://inventry; } }"
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: nginx
            image: nginx
            volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]
          volumes: [{name: c, configMap: {name: site}}]
      `,
      files: [services],
    },
    {
      name: 'socat ambassador in an sh -c script and as a native sidecar',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: ambassador
            image: alpine/socat
            restartPolicy: Always
            args: ['TCP-LISTEN:5432,fork,reuseaddr', 'TCP:billing.other-ns:9000']
          containers:
          - name: main
            image: busybox
            command: ['sh', '-c', 'socat -d TCP-LISTEN:8081,fork "TCP:inventory:8080" & exec sleep 1d']
      `,
      files: [services],
    },
    {
      name: 'a localhost backend served by another container of the pod',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: tls}
        data:
          app.conf: |
            server { listen 443 ssl; location / { proxy_pass http://127.0.0.1:8080; } }
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: example/app
            ports: [{containerPort: 8080}]
          - name: tls
            image: nginx
            volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]
          volumes: [{name: c, configMap: {name: tls}}]
      `,
    },
    {
      name: 'a localhost port another container serves without declaring it (--port=9090)',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: tls}
        data:
          app.conf: |
            server { listen 443 ssl; location / { proxy_pass http://127.0.0.1:9090; } }
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - {name: app, image: example/app, args: ['--port=9090'], ports: [{containerPort: 8080}]}
          - name: tls
            image: nginx
            volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]
          volumes: [{name: c, configMap: {name: tls}}]
      `,
    },
    { name: 'a config an init container copies into an emptyDir (argo-cd redis-ha)', code: redisHa('redis-ha-announce-0:6379') },
    {
      name: 'a haproxy.cfg in a ConfigMap that no proxy mounts is not read',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: unused}
        data:
          haproxy.cfg: |
            backend b
              server s nowhere:1
      `,
    },
    {
      name: 'missing Services can be turned off',
      code: nginxDeployment('server { location / { proxy_pass http://nowhere:8080; } }'),
      options: { missing: 'off' },
    },
  ],
  invalid: [
    {
      name: 'seed mutation: backend port 8082',
      code: seedPod.replace('ambassador-test-svc:8081', 'ambassador-test-svc:8082'),
      files: [seedSvc, seedSidecar],
      errors: [
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 42,
          severity: 2,
          message:
            'haproxy backend `server svc ambassador-test-svc:8082` (/usr/local/etc/haproxy/haproxy.cfg of container `ambassador`) reaches Service `ambassador-test-svc` on port 8082, which the Service does not expose (its ports: `8081`). Use port 8081 or add port 8082 to the Service.',
        },
      ],
    },
    {
      name: 'seed mutation: backend host ambassador-tset-svc, fixed',
      code: seedPod.replace('ambassador-test-svc:8081', 'ambassador-tset-svc:8081'),
      files: [seedSvc, seedSidecar],
      errors: [{ line: 11, column: 7, severity: 2, message: /connects to `ambassador-tset-svc`, which is not a Service in namespace `default`\. Did you mean `ambassador-test-svc`\?$/, hasFix: true }],
      output: seedPod,
    },
    {
      name: 'seed mutation: default_backend names no backend section',
      code: seedPod.replace('default_backend ambassador_test_svc', 'default_backend ambassador_tst_svc'),
      files: [seedSvc],
      errors: [{ line: 9, column: 7, message: /haproxy `default_backend ambassador_tst_svc` names backend section `ambassador_tst_svc`, which \/usr\/local\/etc\/haproxy\/haproxy\.cfg does not define \(the backends are `ambassador_test_svc`\)\. Did you mean `ambassador_test_svc`\?/, hasFix: true }],
      output: seedPod,
    },
    {
      name: 'nginx upstream server on the targetPort, in a Deployment',
      code: nginxDeployment('upstream inv {\n  server inventory:80;\n}\nserver { location / { proxy_pass http://inv; } }'),
      files: [services],
      errors: [{ line: 7, column: 7, endColumn: 26, message: /^nginx backend `server inventory:80` \(\/etc\/nginx\/conf.d\/default.conf of container `nginx`\) reaches Service `inventory` on port 80, which the Service does not expose \(its ports: `8080`\)\. 80 is the targetPort of its port 8080: connect to the Service port 8080\.$/ }],
    },
    {
      name: 'nginx proxy_pass without a port uses 80',
      code: nginxDeployment('server {\n  location / { proxy_pass http://inventory/; }\n}'),
      files: [services],
      errors: [{ line: 7, column: 20, message: /on port 80 \(the default port of its scheme\), which the Service does not expose/ }],
    },
    {
      name: 'nginx grpc_pass to a near name of a Service in another namespace',
      code: nginxDeployment('server {\n  listen 8000 http2;\n  location / { grpc_pass grpc://biling.other-ns:9000; }\n}'),
      files: [services],
      errors: [{ line: 8, column: 20, message: /connects to `biling\.other-ns`, which is not a Service in namespace `other-ns`\. Did you mean `billing\.other-ns`\?/, hasFix: true }],
      output: nginxDeployment('server {\n  listen 8000 http2;\n  location / { grpc_pass grpc://billing.other-ns:9000; }\n}'),
    },
    {
      name: 'a bare name of a Service that lives in another namespace',
      code: nginxDeployment('server { location / { proxy_pass http://billing:9000; } }'),
      files: [services],
      errors: [{ line: 6, column: 27, message: /A Service `billing` exists in namespace `other-ns`; a bare name only resolves in the pod's own namespace\. Did you mean `billing\.other-ns`\?/, hasFix: true }],
    },
    {
      name: 'a host that is no Service and no near name: a warning with missing: warn (by default only counted)',
      options: { missing: 'warn' },
      code: nginxDeployment('server { location / { proxy_pass http://payments:8080; } }'),
      files: [services],
      errors: [{ line: 6, column: 27, endColumn: 58, severity: 1, message: /connects to `payments`, but Service `payments` \(namespace `default`\) is not among the linted manifests\. Add the Service or correct the host; if it is made at runtime, set `rules: \{ambassador-backend: \[warn, \{missing: off\}\]\}` in podlint\.config\.yaml\.$/ }],
    },
    {
      name: 'missing Services as errors with the option',
      code: nginxDeployment('server { location / { proxy_pass http://payments:8080; } }'),
      options: { missing: 'error' },
      errors: [{ severity: 2 }],
    },
    {
      name: 'Envoy (YAML): wrong port in another namespace (the finding points at port_value, the host is right), and a route to an undefined cluster',
      code: envoyPod(ENVOY_OK.replace('port_value: 9000', 'port_value: 9002').replace('cluster: billing\n', 'cluster: biling\n')),
      files: [services],
      errors: [
        { line: 17, column: 15, message: /^Envoy `cluster: biling` names cluster `biling`, which \/etc\/envoy\/envoy\.yaml does not define \(the clusters are `billing`\)\. Did you mean `billing`\?$/, hasFix: true },
        { line: 29, column: 21, endLine: 29, endColumn: 37, message: /^Envoy backend `cluster billing: billing\.other-ns\.svc\.cluster\.local:9002` \(\/etc\/envoy\/envoy\.yaml of container `envoy`\) reaches Service `billing` in namespace `other-ns` on port 9002, which the Service does not expose \(its ports: `9000`, `9001`\)\. Use one of its ports or add port 9002 to the Service\.$/ },
      ],
    },
    {
      name: 'Envoy (JSON) with -c: a near name of a Service',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: envoy}
        data:
          config.json: '{"static_resources": {"clusters": [{"name": "c", "load_assignment": {"cluster_name": "c", "endpoints": [{"lb_endpoints": [{"endpoint": {"address": {"socket_address": {"address": "inventroy", "port_value": 8080}}}}]}]}}]}}'
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: envoy
            image: envoyproxy/envoy-distroless:v1.31.0
            args: ['-c', '/config/config.json', '--log-level', 'info']
            volumeMounts: [{name: envoy, mountPath: /config}]
          volumes: [{name: envoy, configMap: {name: envoy}}]
      `,
      files: [services],
      errors: [{ line: 5, column: 184, message: /connects to `inventroy`, which is not a Service in namespace `default`\. Did you mean `inventory`\?/, hasFix: true }],
    },
    {
      name: 'socat in an sh -c script: wrong Service port',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: main
            image: busybox
            command:
            - sh
            - -c
            - |
              socat TCP-LISTEN:8081,fork,reuseaddr TCP:inventory:80 &
              while true; do wget -qO- localhost:8081; sleep 5; done
      `,
      files: [services],
      errors: [{ line: 12, column: 44, endColumn: 60, message: /^socat backend `socat TCP:inventory:80` \(container `main`\) reaches Service `inventory` on port 80, .* 80 is the targetPort of its port 8080/ }],
    },
    {
      name: 'native sidecar ambassador (alpine/socat args) with a typo, fixed',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: ambassador
            image: alpine/socat:1.8
            restartPolicy: Always
            args: ['TCP-LISTEN:5432,fork', 'TCP:biling.other-ns:9000']
          containers:
          - {name: main, image: busybox}
      `,
      files: [services],
      errors: [{ line: 9, column: 37, message: /Did you mean `billing\.other-ns`\?/, hasFix: true }],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: ambassador
            image: alpine/socat:1.8
            restartPolicy: Always
            args: ['TCP-LISTEN:5432,fork', 'TCP:billing.other-ns:9000']
          containers:
          - {name: main, image: busybox}
      `,
    },
    {
      name: 'a config copied by an init container, in a double-quoted scalar: wrong port',
      code: redisHa('redis-ha-announce-0:6380'),
      errors: [{ line: 6, column: 75, endLine: 6, endColumn: 109, message: /^haproxy backend `server R0 redis-ha-announce-0:6380` \(\/usr\/local\/etc\/haproxy\/haproxy\.cfg of container `haproxy`\) reaches Service `redis-ha-announce-0` on port 6380, which the Service does not expose \(its ports: `6379`, `26379`\)\./ }],
    },
    {
      name: 'a config copied by an init container, in a double-quoted scalar: near name, fixed',
      code: redisHa('redis-ha-anounce-0:6379'),
      errors: [{ line: 6, column: 75, message: /Did you mean `redis-ha-announce-0`\?/, hasFix: true }],
      output: redisHa('redis-ha-announce-0:6379'),
    },
    {
      name: 'a localhost backend nothing in the pod listens on',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: hap}
        data:
          haproxy.cfg: |
            frontend f
              bind :8443
              default_backend local
            backend local
              server app 127.0.0.1:9090
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: example/app
            ports: [{containerPort: 8080}]
          - name: haproxy
            image: haproxytech/haproxy-alpine:3.0
            volumeMounts: [{name: c, mountPath: /usr/local/etc/haproxy}]
          volumes: [{name: c, configMap: {name: hap}}]
      `,
      errors: [{ line: 10, column: 7, severity: 2, message: /^haproxy backend `server app 127\.0\.0\.1:9090` \(\/usr\/local\/etc\/haproxy\/haproxy\.cfg of container `haproxy`\) connects to port 9090 of its own pod Pod\/p, but no container of the pod listens on port 9090 \(ports in the pod: `8080`\)\. Point the backend at a port a container of the pod listens on\.$/ }],
    },
    {
      name: 'a localhost backend when another container declares no ports: warning',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: tls}
        data:
          app.conf: |
            server { listen 443 ssl; location / { proxy_pass http://localhost:3000; } }
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - {name: app, image: example/app}
          - name: tls
            image: nginx
            volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]
          volumes: [{name: c, configMap: {name: tls}}]
      `,
      errors: [{ line: 6, column: 43, severity: 1, message: /^nginx backend `proxy_pass http:\/\/localhost:3000` \(\/etc\/nginx\/conf\.d\/app\.conf of container `tls`\) connects to port 3000 of its own pod Pod\/p, but no container of the pod declares port 3000\. Declare `containerPort: 3000` on the container that serves it, or correct the port\.$/ }],
    },
  ],
});
