/**
 * Issue 13, causes 9 and 10: an Envoy endpoint in block style whose host is
 * right and whose `port_value` is wrong is reported at `port_value`; the
 * config file a proxy's command line names (`haproxy -f`, `nginx -c`,
 * `envoy -c` / `--config-path`) is checked against the config volume and
 * reported at that argument; a proxy whose config cannot be read does not make
 * its clients' localhost connections errors (one root cause, one finding).
 */
import ambassador from '../../rules/ambassador-backend.js';
import proxyConfigMissing from '../../rules/proxy-config-missing.js';
import localhostPortUnbound from '../../rules/localhost-port-unbound.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

/** A pod whose app reaches its Envoy sidecar, which forwards to the app's admin port on localhost. */
const envoySidecar = (portValue: number) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: envoy-sidecar}
  data:
    envoy.yaml: |
      static_resources:
        listeners:
        - name: ingress
          address:
            socket_address: {address: 0.0.0.0, port_value: 8443}
          filter_chains:
          - filters:
            - name: envoy.filters.network.tcp_proxy
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                stat_prefix: app
                cluster: local_app
        clusters:
        - name: local_app
          type: STATIC
          load_assignment:
            cluster_name: local_app
            endpoints:
            - lb_endpoints:
              - endpoint:
                  address:
                    socket_address:
                      address: 127.0.0.1
                      port_value: ${portValue}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: payments}
  spec:
    selector: {matchLabels: {app: payments}}
    template:
      metadata: {labels: {app: payments}}
      spec:
        containers:
        - name: app
          image: example.com/payments:4.1
          ports: [{containerPort: 8080, name: http}]
        - name: envoy
          image: envoyproxy/envoy:v1.31.2
          ports: [{containerPort: 8443, name: https}]
          volumeMounts: [{name: envoy, mountPath: /etc/envoy}]
        volumes:
        - name: envoy
          configMap: {name: envoy-sidecar}
`;

new RuleTester().run(ambassador, {
  valid: [{ name: 'Envoy forwards to the port the app declares', code: envoySidecar(8080) }],
  invalid: [
    {
      name: 'block-style socket_address with the right host and a wrong port_value: the finding is at port_value',
      code: envoySidecar(8081),
      errors: [{ line: 29, column: 21, endLine: 29, endColumn: 37, message: /connects to port 8081 of its own pod Deployment\/payments, but no container of the pod listens on port 8081/ }],
    },
  ],
});

const haproxyPod = (command: string, key = 'haproxy.cfg') => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: haproxy-cfg}
  data:
    ${key}: |
      frontend fe
        bind :8080
        default_backend be
      backend be
        server s1 127.0.0.1:9000
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: edge}
  spec:
    selector: {matchLabels: {app: edge}}
    template:
      metadata: {labels: {app: edge}}
      spec:
        containers:
        - name: app
          image: example.com/edge-app:2
          args: [--listen=:9000]
          command: [sh, -c, 'while true; do wget -qO- http://localhost:8080/healthz; sleep 30; done']
        - name: haproxy
          image: haproxy:2.9
          command: ${command}
          volumeMounts: [{name: cfg, mountPath: /usr/local/etc/haproxy}]
        volumes:
        - name: cfg
          configMap: {name: haproxy-cfg}
`;

const envoyPod = (args: string) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: front-envoy}
  data:
    envoy.yaml: |
      static_resources:
        listeners:
        - name: l
          address:
            socket_address: {address: 0.0.0.0, port_value: 10000}
  ---
  apiVersion: v1
  kind: Pod
  metadata: {name: front}
  spec:
    containers:
    - name: app
      image: example.com/front:1
      command: [sh, -c, 'until wget -qO- http://127.0.0.1:10000/ready; do sleep 1; done; exec /front']
    - name: envoy
      image: envoyproxy/envoy:v1.31.2
      args: ${args}
      volumeMounts: [{name: cfg, mountPath: /etc/envoy}]
    volumes:
    - name: cfg
      configMap: {name: front-envoy}
`;

const nginxPod = (args: string) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: nginx-main}
  data:
    nginx.conf: |
      events {}
      http { server { listen 8080; location / { proxy_pass http://127.0.0.1:3000; } } }
  ---
  apiVersion: v1
  kind: Pod
  metadata: {name: web}
  spec:
    containers:
    - name: nginx
      image: nginx:1.27
      command: [nginx]
      args: ${args}
      volumeMounts: [{name: conf, mountPath: /etc/nginx/custom}]
    - name: app
      image: example.com/web:1
      args: [--port, "3000"]
    volumes:
    - name: conf
      configMap: {name: nginx-main}
`;

new RuleTester().run(proxyConfigMissing, {
  valid: [
    { name: 'haproxy -f names the file the ConfigMap supplies', code: haproxyPod('[haproxy, -f, /usr/local/etc/haproxy/haproxy.cfg]') },
    { name: 'envoy --config-path names the file the ConfigMap supplies', code: envoyPod('[--config-path, /etc/envoy/envoy.yaml]') },
    { name: 'nginx -c names the file the ConfigMap supplies', code: nginxPod('[-c, /etc/nginx/custom/nginx.conf, -g, "daemon off;"]') },
  ],
  invalid: [
    {
      name: 'haproxy -f FILE the volume does not supply: reported at the argument, with the near file',
      code: haproxyPod('[haproxy, -f, /usr/local/etc/haproxy/proxy.cfg]'),
      errors: [
        {
          line: 27,
          message:
            'haproxy (image `haproxy:2.9`) reads /usr/local/etc/haproxy/proxy.cfg (named here), which volume `cfg` (ConfigMap `haproxy-cfg`) mounted at /usr/local/etc/haproxy does not supply (it holds `haproxy.cfg`), so haproxy cannot start. Did you mean `/usr/local/etc/haproxy/haproxy.cfg`?',
          hasFix: true,
        },
      ],
      output: haproxyPod('[haproxy, -f, "/usr/local/etc/haproxy/haproxy.cfg"]'),
    },
    {
      name: 'envoy --config-path FILE the volume does not supply',
      code: envoyPod('[--config-path, /etc/envoy/front-envoy.yaml]'),
      errors: [{ line: 22, message: /^Envoy \(image `envoyproxy\/envoy:v1\.31\.2`\) reads \/etc\/envoy\/front-envoy\.yaml \(named here\), which volume `cfg` \(ConfigMap `front-envoy`\) mounted at \/etc\/envoy does not supply \(it holds `envoy\.yaml`\)/ }],
    },
    {
      name: 'envoy -c FILE the volume does not supply',
      code: envoyPod('[-c, /etc/envoy/bootstrap.yaml]'),
      errors: [{ line: 22, message: /reads \/etc\/envoy\/bootstrap\.yaml \(named here\)/ }],
    },
    {
      name: 'nginx -c FILE the volume does not supply',
      code: nginxPod('[-c, /etc/nginx/custom/main.conf]'),
      errors: [{ line: 17, message: /^nginx \(image `nginx:1\.27`\) reads \/etc\/nginx\/custom\/main\.conf \(named here\)/ }],
    },
  ],
});

new RuleTester().run(localhostPortUnbound, {
  valid: [
    {
      name: 'a proxy whose config file is missing: its clients are not also errors (proxy-config-missing reports the root cause)',
      code: envoyPod('[--config-path, /etc/envoy/front-envoy.yaml]'),
    },
    {
      name: 'a proxy whose config comes from a ConfigMap outside the linted set: its listeners are unknown',
      code: envoyPod('[--config-path, /etc/envoy/envoy.yaml]').replace('name: front-envoy}\n', 'name: front-envoy-other}\n'),
    },
    {
      name: 'haproxy whose -f file is missing still counts as listening on its declared port',
      code: haproxyPod('[haproxy, -f, /usr/local/etc/haproxy/proxy.cfg]').replace('image: haproxy:2.9', 'image: haproxy:2.9\n          ports: [{containerPort: 8080}]'),
    },
  ],
  invalid: [
    {
      name: 'a proxy on the image default config (nothing mounted) does not hide an unbound port',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: front}
        spec:
          containers:
          - name: app
            image: example.com/front:1
            command: [sh, -c, 'until wget -qO- http://127.0.0.1:8088/ready; do sleep 1; done; exec /front']
          - name: nginx
            image: nginx:1.27
      `,
      errors: [{ line: 8, message: /connects to `127\.0\.0\.1:8088`, but no container of the pod listens on port 8088/ }],
    },
    {
      name: 'the same client with a readable config that listens elsewhere',
      code: envoyPod('[--config-path, /etc/envoy/envoy.yaml]').replace('port_value: 10000', 'port_value: 10001').replace('127.0.0.1:10000', '127.0.0.1:10002'),
      errors: [{ line: 19, message: /connects to `127\.0\.0\.1:10002`, but no container of the pod listens on port 10002; the pod listens on 10001 \(envoy listener of `envoy`\)/ }],
    },
  ],
});
