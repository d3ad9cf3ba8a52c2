import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/localhost-port-unbound.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SEED } from '../helpers/cli.js';

const ambassador = readFileSync(join(SEED, 'ambassador-pod-and-haproxy-config.yaml'), 'utf8');
const webserver = { path: 'ambassador-webserver-and-service.yaml', text: readFileSync(join(SEED, 'ambassador-webserver-and-service.yaml'), 'utf8') };

const nginxAmbassador = (port: number) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: nginx-conf}
  data:
    default.conf: |
      server {
        listen 9000;
        location / { proxy_pass http://backend:8080; }
      }
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - name: app
          image: curlimages/curl:8.8.0
          command: ["sh", "-c", "while true; do curl -s http://127.0.0.1:${port}/; sleep 10; done"]
        - name: proxy
          image: nginx:1.27
          volumeMounts:
          - {name: conf, mountPath: /etc/nginx/conf.d}
        volumes:
        - name: conf
          configMap: {name: nginx-conf}
`;

const envoyAmbassador = (url: string) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: envoy-conf}
  data:
    envoy.yaml: |
      static_resources:
        listeners:
        - name: main
          address:
            socket_address: {address: 0.0.0.0, port_value: 15001}
          filter_chains: []
        clusters: []
  ---
  apiVersion: v1
  kind: Pod
  metadata: {name: envoy-amb}
  spec:
    containers:
    - name: app
      image: example/app
      env:
      - name: API_URL
        value: ${url}
    - name: envoy
      image: envoyproxy/envoy:v1.30-latest
      args: ["-c", "/etc/envoy/envoy.yaml"]
      volumeMounts:
      - {name: conf, mountPath: /etc/envoy}
    volumes:
    - name: conf
      configMap: {name: envoy-conf}
`;

const socatAmbassador = (port: number) => y`
  apiVersion: v1
  kind: Pod
  metadata: {name: socat-amb}
  spec:
    containers:
    - name: app
      image: example/worker
      command: ["sh", "-c", "redis-cli -h 127.0.0.1 -p ${port} ping && exec /worker"]
    - name: ambassador
      image: alpine/socat
      args: ["TCP-LISTEN:6379,fork,reuseaddr", "TCP:redis-primary:6379"]
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'the seed ambassador: haproxy binds *:8080 (all three manifests together)', code: ambassador, files: [webserver] },
    { name: 'nginx ambassador listening on the port the app reaches', code: nginxAmbassador(9000) },
    { name: 'envoy ambassador listening on the port in the env URL', code: envoyAmbassador('http://localhost:15001/api') },
    { name: 'socat ambassador listening on the port the app reaches', code: socatAmbassador(6379) },
    {
      name: 'declared containerPort of a native sidecar',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: proxy
            image: example/proxy
            restartPolicy: Always
            ports: [{containerPort: 15000}]
          containers:
          - name: app
            image: busybox
            command: ['sh', '-c', 'curl -fs localhost:15000/healthz']
      `,
    },
    {
      name: 'kube-state-metrics behind kube-rbac-proxy: --port / --telemetry-port flags listen without containerPorts',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: kube-state-metrics}
        spec:
          selector: {matchLabels: {app: ksm}}
          template:
            metadata: {labels: {app: ksm}}
            spec:
              containers:
              - name: kube-state-metrics
                image: registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1
                args: [--host=127.0.0.1, --port=8081, --telemetry-host=127.0.0.1, --telemetry-port=8082]
              - name: kube-rbac-proxy-main
                image: quay.io/brancz/kube-rbac-proxy:v0.22.1
                args: ["--secure-listen-address=:8443", "--upstream=http://127.0.0.1:8081/"]
                ports: [{containerPort: 8443, name: https-main}]
              - name: kube-rbac-proxy-self
                image: quay.io/brancz/kube-rbac-proxy:v0.22.1
                args: ["--secure-listen-address=:9443", "--upstream=http://127.0.0.1:8082/"]
                ports: [{containerPort: 9443, name: https-self}]
      `,
    },
    {
      name: 'node-exporter: --web.listen-address, and a client that also serves the port itself',
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: node-exporter}
        spec:
          selector: {matchLabels: {app: ne}}
          template:
            metadata: {labels: {app: ne}}
            spec:
              containers:
              - name: node-exporter
                image: quay.io/prometheus/node-exporter:v1.12.1
                args: [--web.listen-address=127.0.0.1:9101]
              - name: kube-rbac-proxy
                image: quay.io/brancz/kube-rbac-proxy:v0.22.1
                args: ["--upstream=http://127.0.0.1:9101/"]
              - name: self
                image: python:3.12
                command: ['sh', '-c', 'python -m http.server 8000 & sleep 2; curl localhost:8000/']
      `,
    },
    {
      name: 'image default ports (redis, postgres) and env variables naming a listening port',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: example/app
            env:
            - {name: DATABASE_URL, value: "postgres://app@localhost:5432/app"}
            - {name: CACHE_ADDR, value: "localhost:6379"}
            - {name: SELF, value: "http://127.0.0.1:3000/"}
            - {name: PORT, value: "3000"}
          - {name: db, image: "postgres:16"}
          - {name: cache, image: "docker.io/library/redis:7-alpine"}
      `,
    },
    {
      name: 'a script that starts its own server in the background, or a daemon, before connecting',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: example/app
            command: ['sh', '-c', '/app/server & until curl -fs localhost:7070/ready; do sleep 1; done; wait']
          - name: web
            image: example/web
            command: ['sh', '-c', 'service apache2 start && curl -s localhost:8088/ && tail -f /dev/null']
      `,
    },
    {
      name: 'hostNetwork pods: localhost is the node',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          hostNetwork: true
          containers:
          - name: app
            image: busybox
            command: ['sh', '-c', 'curl localhost:10250/healthz']
      `,
    },
    {
      name: 'remote hosts, unix sockets, listening env variables and ports podlint cannot resolve are not checked',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: busybox
            env:
            - {name: LISTEN_ADDR, value: "127.0.0.1:7000"}
            - {name: P, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            command: ['sh', '-c', 'curl http://backend:8080/; curl --unix-socket /run/d.sock http://localhost:1/; curl localhost:$P; curl localhost']
      `,
    },
  ],
  invalid: [
    {
      name: 'seed ambassador mutation: the main container curls localhost:8081, haproxy binds 8080',
      code: ambassador.replace('curl localhost:8080', 'curl localhost:8081'),
      files: [webserver],
      errors: [
        {
          line: 21,
          column: 48,
          endLine: 21,
          endColumn: 62,
          severity: 2,
          message:
            'Container `main` of Pod/ambassador-test connects to `localhost:8081`, but no container of the pod listens on port 8081; the pod listens on 8080 (haproxy listener of `ambassador`). Did you mean port 8080?',
        },
      ],
    },
    {
      name: 'nginx ambassador listening on another port',
      code: nginxAmbassador(9001),
      errors: [{ line: 22, column: 62, endColumn: 76, message: /Container `app` of Deployment\/web connects to `127.0.0.1:9001`, but no container of the pod listens on port 9001; the pod listens on 9000 \(nginx listener of `proxy`\)\. Did you mean port 9000\?/ }],
    },
    {
      name: 'envoy ambassador: the env URL names another port (reported at the env value)',
      code: envoyAmbassador('http://localhost:15002/api'),
      errors: [{ line: 23, column: 21, endColumn: 36, message: /connects to `localhost:15002`, but no container of the pod listens on port 15002; the pod listens on 15001 \(envoy listener of `envoy`\)\. Did you mean port 15001\?/ }],
    },
    {
      name: 'socat ambassador: redis-cli -p names another port',
      code: socatAmbassador(6380),
      errors: [{ line: 8, column: 41, endColumn: 58, message: /connects to `127.0.0.1:6380`, but no container of the pod listens on port 6380; the pod listens on 6379 \(`socat` listener of `ambassador`\)\. Connect to a port/ }],
    },
    {
      name: 'waiting for a sidecar before exec-ing the app (the app runs after the check)',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: proxy
            image: example/proxy
            restartPolicy: Always
            ports: [{containerPort: 15021}]
          containers:
          - name: app
            image: example/app
            command: ['sh', '-c', 'until curl -fs http://localhost:15020/healthz/ready; do sleep 1; done; exec /app/server']
      `,
      errors: [{ line: 13, column: 50, endColumn: 65, message: /connects to `localhost:15020`, but no container of the pod listens on port 15020; the pod listens on 15021 \(containerPort of `proxy`\)\. Did you mean port 15021\?/ }],
    },
    {
      name: 'a socat ambassador (image entrypoint) forwarding to a local port nothing serves',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: example/app
            ports: [{containerPort: 8080}]
          - name: tls-terminator
            image: alpine/socat:1.8.0.0
            args: ["OPENSSL-LISTEN:8443,fork,cert=/certs/tls.pem,verify=0", "TCP:127.0.0.1:8008"]
      `,
      errors: [{ line: 11, column: 74, endColumn: 88, message: /Container `tls-terminator` of Pod\/p connects to `127.0.0.1:8008`, but no container of the pod listens on port 8008; the pod listens on 8080 \(containerPort of `app`\), 8443 \(`socat` listener of `tls-terminator`\)\. Connect to a port a container serves/ }],
    },
    {
      name: 'nothing listens at all; a kube-rbac-proxy upstream in a Deployment',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
              - name: api
                image: example/api
              - name: kube-rbac-proxy
                image: quay.io/brancz/kube-rbac-proxy:v0.22.1
                args: ["--secure-listen-address=:8443", "--upstream=http://127.0.0.1:8081/"]
      `,
      errors: [{ line: 14, column: 68, endColumn: 82, message: 'Container `kube-rbac-proxy` of Deployment/api connects to `127.0.0.1:8081`, but no container of the pod listens on port 8081; it declares no `containerPort` and runs no proxy or `socat` listener. Connect to a port a container serves, or declare the port (`ports: - containerPort: ...`) on the container that listens on it.' }],
    },
  ],
});
