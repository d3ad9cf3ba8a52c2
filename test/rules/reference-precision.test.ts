/**
 * Issue 13, causes 5-8: name collisions across unrelated folders resolve to
 * the nearest definition, OLM ClusterServiceVersion deployments are pod
 * templates, objects that exist at runtime follow the absent-object policy
 * (near misses reported, the rest counted in one notice), declared ports are
 * informational for service-target-port, and volumes of injected sidecars are
 * used. Examples modelled on sample repositories (independent samples sharing
 * names, an OLM bundle, an OpenTelemetry collector, a GKE gcsfuse workload).
 */
import { describe, expect, it } from 'vitest';
import configmapKey from '../../rules/dangling-configmap-key.js';
import configmapRef from '../../rules/dangling-configmap-ref.js';
import secretRef from '../../rules/dangling-secret-ref.js';
import serviceSelector from '../../rules/service-selector-no-match.js';
import serviceTargetPort from '../../rules/service-target-port.js';
import unusedVolume from '../../rules/unused-volume.js';
import pdbSelector from '../../rules/pdb-selector-no-match.js';
import schema from '../../rules/schema.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { lintTexts } from '../../src/engine/lint.js';

/** A sample's nginx Deployment reading key `nginx.conf` of ConfigMap `nginx-conf`. */
const nginxSample = y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: nginx}
  spec:
    selector: {matchLabels: {app: nginx}}
    template:
      metadata: {labels: {app: nginx}}
      spec:
        containers:
        - name: nginx
          image: nginx:1.27
          volumeMounts: [{name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}]
        volumes:
        - name: conf
          configMap:
            name: nginx-conf
            items: [{key: nginx.conf, path: nginx.conf}]
`;
const conf = (key: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nginx-conf}\ndata:\n  ${key}: |\n    events {}\n`;

new RuleTester().run(configmapKey, {
  valid: [
    {
      name: 'independent samples: each Deployment reads its own folder’s `nginx-conf`, not another sample’s',
      code: nginxSample,
      files: [
        { path: 'conf.yaml', text: conf('nginx.conf') },
        { path: '../other-sample/conf.yaml', text: conf('default.conf') },
      ],
    },
  ],
  invalid: [
    {
      name: 'the nearest `nginx-conf` (same folder) lacks the key, although another sample’s has it',
      code: nginxSample,
      files: [
        { path: 'conf.yaml', text: conf('default.conf') },
        { path: 'samples/b/conf.yaml', text: conf('nginx.conf') },
      ],
      errors: [{ line: 17, message: /^Key `nginx\.conf` is not in ConfigMap `nginx-conf`.*its keys are `default\.conf`/ }],
    },
  ],
});

const storefront = y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: store-front}
  spec:
    selector: {matchLabels: {app: store-front}}
    template:
      metadata: {labels: {app: store-front}}
      spec:
        containers:
        - name: store-front
          image: ghcr.io/azure-samples/aks-store-demo/store-front:2.1.0
          envFrom: [{configMapRef: {name: store-front-config}}]
`;

new RuleTester().run(configmapRef, {
  valid: [
    {
      name: 'a ConfigMap a kustomize configMapGenerator makes exists, even when every absent ConfigMap is listed (missing: warn)',
      options: { missing: 'warn' },
      code: storefront,
      files: [{ path: 'kustomization.yaml', text: 'resources: [test.yaml]\nconfigMapGenerator:\n- name: store-front-config\n  literals: [VUE_APP_PRODUCT_SERVICE_URL=http://product-service:3002/]\n' }],
    },
  ],
  invalid: [
    {
      name: 'a generator making another name does not help',
      options: { missing: 'warn' },
      code: storefront,
      files: [{ path: 'kustomization.yaml', text: 'resources: [test.yaml]\nconfigMapGenerator:\n- name: store-admin-config\n  literals: [A=b]\n' }],
      errors: [{ line: 12, message: /^ConfigMap `store-front-config`, used by `envFrom`/ }],
    },
  ],
});

/** An OLM bundle: the operator's Deployment lives in the CSV. */
const CSV = y`
  apiVersion: operators.coreos.com/v1alpha1
  kind: ClusterServiceVersion
  metadata:
    name: demo-operator.v1.2.0
    namespace: placeholder
  spec:
    install:
      strategy: deployment
      spec:
        deployments:
        - name: demo-operator
          spec:
            selector:
              matchLabels: {name: demo-operator}
            template:
              metadata:
                labels: {name: demo-operator}
              spec:
                containers:
                - name: manager
                  image: quay.io/example/demo-operator:1.2.0
                  args: [--leader-elect]
                  ports: [{containerPort: 9443, name: webhook-server}]
                - name: kube-rbac-proxy
                  image: gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1
                  args: [--secure-listen-address=0.0.0.0:8443, --upstream=http://127.0.0.1:8080/]
                  ports: [{containerPort: 8443, name: https}]
                volumes:
                - name: cert
                  secret: {secretName: demo-operator-webhook-cert}
`;
const BUNDLE_SERVICE = y`
  apiVersion: v1
  kind: Service
  metadata: {name: demo-operator-metrics}
  spec:
    selector: {name: demo-operator}
    ports: [{name: https, port: 8443, targetPort: https}]
`;
/** An example elsewhere in the repository with a same-labelled Deployment that lacks the proxy. */
const EXAMPLE_DEPLOYMENT = y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: demo-operator}
  spec:
    selector: {matchLabels: {name: demo-operator}}
    template:
      metadata: {labels: {name: demo-operator}}
      spec:
        containers:
        - name: demo-operator
          image: quay.io/example/demo-operator:1.2.0
          ports: [{containerPort: 8383, name: http-metrics}]
`;

new RuleTester().run(serviceTargetPort, {
  valid: [
    {
      name: 'OLM bundle: the Service selects the CSV’s Deployment (same folder), not a same-named example elsewhere',
      code: BUNDLE_SERVICE,
      files: [
        { path: 'demo-operator.clusterserviceversion.yaml', text: CSV },
        { path: '../examples/operator.yaml', text: EXAMPLE_DEPLOYMENT },
      ],
    },
    {
      name: 'declared ports are informational: `--port 18080` says the process listens there',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: inference}
        spec:
          selector: {app: inference}
          ports: [{port: 80, targetPort: 18080}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: inference}
        spec:
          selector: {matchLabels: {app: inference}}
          template:
            metadata: {labels: {app: inference}}
            spec:
              containers:
              - name: server
                image: vllm/vllm-openai:v0.6.2
                args: [--model, google/gemma-2b, --port, "18080"]
                ports: [{containerPort: 8000, name: http}]
      `,
    },
    {
      name: 'a collector whose mounted config listens on 0.0.0.0:5317',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: otel-collector}
        spec:
          selector: {app: otel-collector}
          ports: [{name: otlp-grpc, port: 4317, targetPort: 5317}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: otel-collector-conf}
        data:
          config.yaml: |
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 0.0.0.0:5317
            exporters:
              debug: {}
            service:
              pipelines:
                traces: {receivers: [otlp], exporters: [debug]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: otel-collector}
        spec:
          selector: {matchLabels: {app: otel-collector}}
          template:
            metadata: {labels: {app: otel-collector}}
            spec:
              containers:
              - name: collector
                image: otel/opentelemetry-collector-contrib:0.112.0
                args: [--config=/conf/config.yaml]
                ports: [{containerPort: 8888, name: metrics}]
                volumeMounts: [{name: conf, mountPath: /conf}]
              volumes:
              - name: conf
                configMap: {name: otel-collector-conf}
      `,
    },
    {
      name: 'envsubst placeholders: `${GRPC_PORT:-9002}` is checked as its default; `${PORT}` without one is not checked',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: epp}
        spec:
          selector: {app: epp}
          ports:
          - {name: grpc, port: 9002, targetPort: "\${GRPC_PORT:-9002}"}
          - {name: http, port: 80, targetPort: "\${HTTP_PORT}"}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: epp, labels: {app: epp}}
        spec:
          containers:
          - name: epp
            image: example.com/epp:0.3
            ports: [{containerPort: 9002, name: grpc}]
      `,
    },
    {
      name: 'an env listen address says where the process listens',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: api}
        spec:
          selector: {app: api}
          ports: [{port: 80, targetPort: 9090}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: api, labels: {app: api}}
        spec:
          containers:
          - name: api
            image: example.com/api:3
            env: [{name: LISTEN_ADDR, value: "0.0.0.0:9090"}]
            ports: [{containerPort: 8080}]
      `,
    },
  ],
  invalid: [
    {
      name: 'ports declared, none matches, nothing says the process listens there: warning',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: api}
        spec:
          selector: {app: api}
          ports: [{port: 80, targetPort: 9090}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: api, labels: {app: api}}
        spec:
          containers:
          - name: api
            image: example.com/api:3
            args: [--listen=:8080]
            ports: [{containerPort: 8080}]
      `,
      errors: [{ line: 6, severity: 1, message: /targets container port 9090, but the selected pod templates \(Pod\/api\) declare only `8080\/TCP`/ }],
    },
    {
      name: 'envsubst placeholder whose default no container declares',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: epp}
        spec:
          selector: {app: epp}
          ports: [{name: grpc, port: 9002, targetPort: "\${GRPC_PORT:-9003}"}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: epp, labels: {app: epp}}
        spec:
          containers:
          - name: epp
            image: example.com/epp:0.3
            ports: [{containerPort: 9002, name: grpc}]
      `,
      errors: [{ line: 6, severity: 1, message: /targets container port 9003/ }],
    },
    {
      name: 'OLM bundle: the CSV’s Deployment lacks the named port',
      code: BUNDLE_SERVICE.replace('targetPort: https', 'targetPort: metrics'),
      files: [{ path: 'demo-operator.clusterserviceversion.yaml', text: CSV }],
      errors: [{ message: /no container of the selected pod templates \(Deployment `demo-operator` of ClusterServiceVersion\/demo-operator\.v1\.2\.0\) declares a port named `metrics`/ }],
    },
  ],
});

new RuleTester().run(secretRef, {
  valid: [
    {
      name: 'OLM bundle: the CSV’s webhook certificate Secret is made by OLM at install time (counted, not reported)',
      code: CSV,
    },
  ],
  invalid: [
    {
      name: 'OLM bundle: references from the CSV’s Deployment are checked (a near miss)',
      code: CSV,
      files: [{ path: 'webhook-cert.yaml', text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: demo-operator-webhook-certs}\ntype: kubernetes.io/tls\n' }],
      errors: [{ line: 30, message: /^Secret `demo-operator-webhook-cert`, used by volume `cert` of Deployment `demo-operator` of ClusterServiceVersion\/demo-operator\.v1\.2\.0, is not among the linted manifests\. Did you mean `demo-operator-webhook-certs`\?/ }],
    },
  ],
});

const podWith = (labels: string) => y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: checkout}
  spec:
    selector: {matchLabels: ${labels}}
    template:
      metadata: {labels: ${labels}}
      spec:
        containers: [{name: checkout, image: example.com/checkout:1}]
`;

new RuleTester().run(serviceSelector, {
  valid: [
    {
      name: 'pods an operator makes elsewhere (no template nearly matches): counted, not reported',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: redis-enterprise-ui}
        spec:
          selector: {app: redis-enterprise, redis.io/role: node}
          ports: [{port: 8443}]
      `,
      files: [{ path: 'checkout.yaml', text: podWith('{app: checkout}') }],
    },
    {
      name: 'one value differs but is unrelated (another app’s component), not a typo: counted',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: collector}
        spec:
          selector: {app.kubernetes.io/name: shop, app.kubernetes.io/component: collector}
          ports: [{port: 4317}]
      `,
      files: [{ path: 'checkout.yaml', text: podWith('{app.kubernetes.io/name: shop, app.kubernetes.io/component: checkout}') }],
    },
  ],
  invalid: [
    {
      name: 'a near miss: one label value off by a typo',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: checkout}
        spec:
          selector: {app: chekout}
          ports: [{port: 80}]
      `,
      files: [{ path: 'checkout.yaml', text: podWith('{app: checkout}') }],
      errors: [{ line: 5, message: /The closest is Deployment\/checkout, which has `app: checkout`\./ }],
    },
    {
      name: 'a near miss: one label key off by a typo',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: checkout}
        spec:
          selector: {apps: checkout, tier: web}
          ports: [{port: 80}]
      `,
      files: [{ path: 'checkout.yaml', text: podWith('{app: checkout, tier: web}') }],
      errors: [{ message: /The closest is Deployment\/checkout, which has `app: checkout`\./ }],
    },
    {
      name: 'missing: error lists selectors of pods made elsewhere as errors',
      options: { missing: 'error' },
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: redis-enterprise-ui}
        spec:
          selector: {app: redis-enterprise}
          ports: [{port: 8443}]
      `,
      errors: [{ severity: 2 }],
    },
  ],
});

new RuleTester().run(pdbSelector, {
  valid: [
    {
      name: 'a PDB for pods an operator creates: counted, not reported',
      code: y`
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: kafka}
        spec:
          maxUnavailable: 1
          selector: {matchLabels: {platform.confluent.io/type: kafka}}
      `,
    },
  ],
  invalid: [
    {
      name: 'a PDB one value off a template of the set',
      code: y`
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: checkout}
        spec:
          maxUnavailable: 1
          selector: {matchLabels: {app: checkot}}
      `,
      files: [{ path: 'checkout.yaml', text: podWith('{app: checkout}') }],
      errors: [{ line: 6, message: /The closest is Deployment\/checkout/ }],
    },
  ],
});

new RuleTester().run(unusedVolume, {
  valid: [
    {
      name: 'GKE Cloud Storage FUSE: the injected sidecar mounts gke-gcsfuse-cache and gke-gcsfuse-tmp',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: vllm-tpu}
        spec:
          selector: {matchLabels: {app: vllm-tpu}}
          template:
            metadata:
              labels: {app: vllm-tpu}
              annotations: {gke-gcsfuse/volumes: "true"}
            spec:
              containers:
              - name: vllm
                image: vllm/vllm-tpu:nightly
                volumeMounts: [{name: gcs-fuse-csi-ephemeral, mountPath: /data}]
              volumes:
              - name: gke-gcsfuse-cache
                emptyDir: {medium: Memory}
              - name: gke-gcsfuse-tmp
                emptyDir: {}
              - name: gcs-fuse-csi-ephemeral
                csi:
                  driver: gcsfuse.csi.storage.gke.io
                  volumeAttributes: {bucketName: models}
      `,
    },
    {
      name: 'Istio and Linkerd sidecar volumes declared for the injected proxy',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, annotations: {sidecar.istio.io/inject: "true"}}
        spec:
          containers: [{name: app, image: example.com/app:1}]
          volumes:
          - {name: istio-envoy, emptyDir: {medium: Memory}}
          - {name: istio-token, projected: {sources: [{serviceAccountToken: {audience: istio-ca, path: istio-token}}]}}
          - {name: linkerd-identity-end-entity, emptyDir: {medium: Memory}}
      `,
    },
    {
      name: 'a mount naming no volume (`ca-certs`) beside the volume it meant (`ca`): one root cause, reported by volume-mount-missing-volume',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: mtls-echo}
        spec:
          selector: {matchLabels: {app: mtls-echo}}
          template:
            metadata: {labels: {app: mtls-echo}}
            spec:
              containers:
              - name: app
                image: example.com/echo:1
                volumeMounts:
                - {name: certs, mountPath: /certs}
                - {name: ca-certs, mountPath: /etc/certs/ca.crt}
              volumes:
              - {name: certs, secret: {secretName: mtls-echo-certs}}
              - {name: ca, secret: {secretName: mtls-echo-ca}}
      `,
    },
  ],
  invalid: [
    {
      name: 'a cache volume of the app nobody mounts',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: app, image: example.com/app:1}]
          volumes:
          - {name: gcsfuse-cache, emptyDir: {}}
      `,
      errors: [{ line: 7, message: /^Volume `gcsfuse-cache` of Pod\/p is not mounted by any container/ }],
    },
  ],
});

/** A sample's own CRD for `Backup`: v1 with `spec.schedule` required (`required` lists the field names). */
const backupCrd = (required: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: backups.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Backup, plural: backups}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [${required}]
            properties:
              schedule: {type: string}
              target: {type: string}
`;
const backup = 'apiVersion: example.com/v1\nkind: Backup\nmetadata: {name: nightly}\nspec: {schedule: "0 3 * * *"}\n';

new RuleTester().run(schema, {
  valid: [
    {
      name: 'two samples ship different CRDs of one kind: a custom resource is validated against its own folder’s',
      code: backup,
      files: [
        // the other sample's CRD comes first in the set: the first-defined one does not win
        { path: '../other-sample/crd.yaml', text: backupCrd('schedule, target') },
        { path: 'crd.yaml', text: backupCrd('schedule') },
      ],
    },
  ],
  invalid: [
    {
      name: 'the nearest CRD requires a field the resource lacks, although another sample’s does not',
      code: backup,
      files: [
        { path: 'samples/other/crd.yaml', text: backupCrd('schedule') },
        { path: 'crd.yaml', text: backupCrd('schedule, target') },
      ],
      errors: [{ line: 4, message: /^spec\.target is required/ }],
    },
  ],
});

describe('absent-object policy: one summary notice per rule', () => {
  const deployment = y`
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
            image: example.com/api:2
            envFrom: [{secretRef: {name: api-env}}]
            env:
            - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: postgres-credentials, key: password}}}
  `;
  const run = (options?: Record<string, unknown>) =>
    lintTexts([{ path: 'api.yaml', text: deployment }], { only: ['dangling-secret-ref'], rules: options ? { 'dangling-secret-ref': ['warn', options] } : undefined });

  it('counts the references outside the set and says how to list them', () => {
    const res = run();
    expect(res.results.flatMap((r) => r.findings)).toEqual([]);
    expect(res.notices).toEqual([
      'dangling-secret-ref: 2 references name Secrets outside the linted set (made at runtime or by an operator?), not reported; to list them set `rules: {dangling-secret-ref: [warn, {missing: warn}]}` in podlint.config.yaml.',
    ]);
  });

  it('missing: warn lists them (no notice); missing: off neither reports nor counts', () => {
    const listed = run({ missing: 'warn' });
    expect(listed.results.flatMap((r) => r.findings).map((f) => f.severity)).toEqual([1, 1]);
    expect(listed.notices).toEqual([]);
    const off = run({ missing: 'off' });
    expect(off.results.flatMap((r) => r.findings)).toEqual([]);
    expect(off.notices).toEqual([]);
  });

  it('the missing-reference message is one sentence plus the fix, and says where to set missing: off', () => {
    const f = run({ missing: 'warn' }).results.flatMap((r) => r.findings)[0]!;
    expect(f.message).toBe(
      'Secret `api-env`, used by `envFrom` of container `api` in Deployment/api, is not among the linted manifests. Create it, correct the name or set `optional: true`; if it is made at runtime, set `rules: {dangling-secret-ref: [warn, {missing: off}]}` in podlint.config.yaml.',
    );
    expect(f.message.length).toBeLessThanOrEqual(280); // was ~330 before issue 14
  });
});
