/**
 * Issue 13, cause 4: partial objects recognised without a renderer
 * (src/load/partial.ts) are never called broken — test-harness steps
 * (Chainsaw, KUTTL, kyverno test), kustomize patches that the kustomization
 * does not (or no longer) list, key-less ConfigMaps/Secrets of kustomize bases
 * and bases a patch completes — while the same objects elsewhere still are.
 * Examples modelled on operator repositories (an OpenTelemetry-style
 * collector, a kubebuilder `config/` tree).
 */
import schema from '../../rules/schema.js';
import invalidDocument from '../../rules/invalid-document.js';
import configmapKey from '../../rules/dangling-configmap-key.js';
import serviceTargetPort from '../../rules/service-target-port.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

/** A Chainsaw assert: the object as the operator made it, only the fields compared. */
const ASSERT_STATEFULSET = y`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: stateful-collector
  spec:
    replicas: 1
  status:
    readyReplicas: 1
`;

const CHAINSAW_TEST = y`
  apiVersion: chainsaw.kyverno.io/v1alpha1
  kind: Test
  metadata:
    name: smoke-statefulset
  spec:
    steps:
    - try:
      - apply:
          file: 00-install.yaml
      - assert:
          file: test.yaml
`;

/** A kubebuilder manager Deployment (config/manager/manager.yaml): the proxy sidecar comes from config/default. */
const MANAGER = y`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: controller-manager
    namespace: system
  spec:
    selector:
      matchLabels: {control-plane: controller-manager}
    template:
      metadata:
        labels: {control-plane: controller-manager}
      spec:
        containers:
        - name: manager
          image: controller:latest
          command: [/manager]
          args: [--leader-elect]
`;

const METRICS_SERVICE = y`
  apiVersion: v1
  kind: Service
  metadata:
    name: controller-manager-metrics-service
    namespace: system
  spec:
    selector: {control-plane: controller-manager}
    ports:
    - name: https
      port: 8443
      targetPort: https
`;

const AUTH_PROXY_PATCH = y`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: controller-manager
    namespace: system
  spec:
    template:
      spec:
        containers:
        - name: kube-rbac-proxy
          image: gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1
          args: [--secure-listen-address=0.0.0.0:8443, --upstream=http://127.0.0.1:8080/]
          ports:
          - {containerPort: 8443, name: https}
`;

new RuleTester().run(schema, {
  valid: [
    {
      name: 'Chainsaw: an assert step of a folder holding chainsaw-test.yaml (no spec.selector, no template)',
      code: ASSERT_STATEFULSET,
      files: [{ path: 'chainsaw-test.yaml', text: CHAINSAW_TEST }],
    },
    {
      name: 'Chainsaw: a step file the Test names from another folder',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: check}
      `,
      files: [{ path: 'e2e/smoke/chainsaw-test.yaml', text: CHAINSAW_TEST.replace('file: test.yaml', 'file: ../../test.yaml') }],
    },
    {
      name: 'KUTTL: NN-assert.yaml and the numbered steps of its folder',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: plain}
        data: {a: b}
      `,
      files: [
        { path: 'e2e/scale/00-assert.yaml', text: ASSERT_STATEFULSET },
        { path: 'e2e/scale/01-scale.yaml', text: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: stateful-collector}\nspec: {replicas: 3}\n' },
        { path: 'e2e/scale/02-errors.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: stateful-collector-3}\n' },
      ],
    },
    {
      name: 'kustomize: a patch under patches/ that the kustomization no longer lists',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: plain}
        data: {a: b}
      `,
      files: [
        { path: 'overlays/prod/kustomization.yaml', text: 'resources: [../../base]\npatches:\n- path: patches/replicas.yaml\n' },
        { path: 'overlays/prod/patches/replicas.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 5}\n' },
        { path: 'overlays/prod/patches/resources.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: [{name: web, resources: {limits: {cpu: "2"}}}]}}}\n' },
      ],
    },
    {
      name: 'kustomize: *_patch.yaml beside a kustomization that does not list it',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: plain}
        data: {a: b}
      `,
      files: [
        { path: 'config/default/kustomization.yaml', text: 'resources: [../manager]\n' },
        { path: 'config/default/manager_config_patch.yaml', text: AUTH_PROXY_PATCH },
      ],
    },
    {
      name: 'kyverno test: resources a policy test feeds to the policy',
      code: y`
        apiVersion: cli.kyverno.io/v1alpha1
        kind: Test
        metadata: {name: require-probes}
        policies: [../require-probes.yaml]
        resources: [resource.yaml]
      `,
      files: [{ path: 'resource.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec: {template: {spec: {containers: [{name: c, image: busybox}]}}}\n' }],
    },
  ],
  invalid: [
    {
      name: 'the same partial StatefulSet outside any test harness is broken',
      code: ASSERT_STATEFULSET,
      errors: [{ line: 5, message: /^spec\.selector is required/ }, { line: 5, message: /^spec\.template is required/ }],
    },
    {
      name: 'a numbered file in a folder with no assert or errors file is an ordinary manifest',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: plain}
        data: {a: b}
      `,
      files: [{ path: 'deploy/00-namespace.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: "http"}]}\n' }],
      errors: [{ path: 'deploy/00-namespace.yaml' }],
    },
  ],
});

new RuleTester().run(invalidDocument, {
  valid: [
    {
      name: 'Chainsaw assert documents that are JMESPath checks, not objects',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: stateful-collector
        ---
        (x_k8s_exists($client, 'v1', 'Service', $namespace, 'stateful-collector')): false
      `,
      files: [{ path: 'chainsaw-test.yaml', text: CHAINSAW_TEST }],
    },
  ],
  invalid: [
    {
      name: 'the same documents in an ordinary manifest file',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: stateful-collector
        ---
        (x_k8s_exists($client, 'v1', 'Service', $namespace, 'stateful-collector')): false
      `,
      errors: [{ line: 6 }],
    },
  ],
});

new RuleTester().run(configmapKey, {
  valid: [
    {
      name: 'kustomize base: a key-less ConfigMap an overlay completes (data: {})',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx
                env:
                - name: LOG_LEVEL
                  valueFrom: {configMapKeyRef: {name: web-settings, key: LOG_LEVEL}}
      `,
      files: [
        { path: 'kustomization.yaml', text: 'resources: [test.yaml, settings.yaml]\n' },
        { path: 'settings.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-settings}\ndata: {}\n' },
      ],
    },
  ],
  invalid: [
    {
      name: 'a kustomize base ConfigMap that has keys is checked',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx
                env:
                - name: LOG_LEVEL
                  valueFrom: {configMapKeyRef: {name: web-settings, key: LOG_LEVEL}}
      `,
      files: [
        { path: 'kustomization.yaml', text: 'resources: [test.yaml, settings.yaml]\n' },
        { path: 'settings.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-settings}\ndata: {LOG_LEVL: info}\n' },
      ],
      errors: [{ line: 14, message: /Did you mean `LOG_LEVL`\?/ }],
    },
    {
      name: 'a key-less ConfigMap outside a kustomize tree has no keys',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            env:
            - name: A
              valueFrom: {configMapKeyRef: {name: settings, key: A}}
      `,
      files: [{ path: 'settings.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {}\n' }],
      errors: [{ line: 10 }],
    },
  ],
});

new RuleTester().run(serviceTargetPort, {
  valid: [
    {
      name: 'kubebuilder config/: the metrics Service targets the port the auth-proxy patch adds (listed patch)',
      code: METRICS_SERVICE,
      files: [
        { path: 'config/manager/manager.yaml', text: MANAGER },
        { path: 'config/default/kustomization.yaml', text: 'resources: [../manager, ../../test.yaml]\npatchesStrategicMerge:\n- manager_auth_proxy_patch.yaml\n' },
        { path: 'config/default/manager_auth_proxy_patch.yaml', text: AUTH_PROXY_PATCH },
      ],
    },
  ],
  invalid: [
    {
      name: 'no patch targets the Deployment: the named port is missing',
      code: METRICS_SERVICE,
      files: [{ path: 'config/manager/manager.yaml', text: MANAGER }],
      errors: [{ line: 11, message: /targets the named port `https`/ }],
    },
  ],
});
