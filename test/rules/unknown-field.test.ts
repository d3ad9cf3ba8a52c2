import rule from '../../rules/unknown-field.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const CRD = y`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: {name: widgets.example.com}
  spec:
    group: example.com
    scope: Namespaced
    names: {kind: Widget, plural: widgets, singular: widget}
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
              properties:
                size: {type: integer}
                port: {x-kubernetes-int-or-string: true}
                extra:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  properties:
                    spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

/** The shapes of ECK's Logstash CRD (pipelines: preserve on an array of objects) and other pruning cases. */
const PIPELINES_CRD = y`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: {name: pipelines.example.com}
  spec:
    group: example.com
    scope: Namespaced
    names: {kind: Pipeline, plural: pipelines, singular: pipeline}
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
              properties:
                pipelines:
                  type: array
                  items: {type: object}
                  x-kubernetes-preserve-unknown-fields: true
                matrix:
                  type: array
                  x-kubernetes-preserve-unknown-fields: true
                  items:
                    type: array
                    items: {type: object}
                outputs:
                  type: array
                  x-kubernetes-preserve-unknown-fields: true
                  items:
                    type: object
                    properties:
                      tls: {type: object, properties: {enabled: {type: boolean}}}
                settings:
                  type: object
                  additionalProperties: true
                strict: {type: object}
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'preserve-unknown-fields on an array keeps unknown fields in its items (ECK Logstash pipelines), also in items of items',
      code: y`
        apiVersion: example.com/v1
        kind: Pipeline
        metadata: {name: logstash}
        spec:
          pipelines:
          - pipeline.id: main
            config.string: input { beats { port => 5044 } }
            pipeline.workers: 2
          matrix:
          - - {any: key}
          outputs:
          - hosts: [es:9200]
            tls: {enabled: true}
          settings: {queue.type: persisted, workers: 4, hosts: [a, b]}
      `,
      files: [{ path: 'crd.yaml', text: PIPELINES_CRD }],
    },
    {
      name: 'a v1beta1 CRD keeps unknown fields unless spec.preserveUnknownFields is false',
      code: y`
        apiVersion: example.com/v1
        kind: Old
        metadata: {name: o}
        spec: {size: 1, anything: {goes: here}}
      `,
      files: [
        {
          path: 'crd.yaml',
          text: y`
            apiVersion: apiextensions.k8s.io/v1beta1
            kind: CustomResourceDefinition
            metadata: {name: olds.example.com}
            spec:
              group: example.com
              names: {kind: Old, plural: olds}
              version: v1
              validation:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec: {type: object, properties: {size: {type: integer}}}
          `,
        },
      ],
    },
    {
      name: 'every field known; status, nulls and server-set metadata are fine',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          creationTimestamp: null
          labels: {app: web}
          annotations: null
        spec:
          replicas: 2
          strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}, creationTimestamp: null}
            spec:
              containers:
              - name: web
                image: nginx
                resources: null
                ports: [{containerPort: 80, name: http}]
              volumes:
        status:
          replicas: 2
          anything: goes
      `,
    },
    {
      name: 'a custom resource uses its CRD: preserve-unknown-fields and embedded resources allow more',
      code: y`
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        spec:
          size: 3
          port: http
          extra: {free: {form: true}}
          template:
            apiVersion: v1
            kind: Pod
            metadata: {name: inner}
            spec: {containers: []}
      `,
      files: [{ path: 'crd.yaml', text: CRD }],
    },
    {
      name: 'kinds without a schema or CRD, and kustomize files, are not checked',
      code: y`
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: m}
        spec: {whatever: 1}
        ---
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [a.yaml]
        bogus: 1
      `,
    },
    {
      name: 'a removed apiVersion is left to deprecated-api-version',
      code: y`
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: i}
        spec:
          backend: {serviceName: web, servicePort: 80}
      `,
    },
  ],
  invalid: [
    {
      name: 'below a preserving array, the declared properties of its items are strict again; `type: object` without properties keeps nothing; additionalProperties: true has no schema for the fields of a mapping value',
      code: y`
        apiVersion: example.com/v1
        kind: Pipeline
        metadata: {name: logstash}
        spec:
          outputs:
          - hosts: [es:9200]
            tls: {enabled: true, verify: false}
          strict: {anything: 1}
          settings:
            queue: {type: persisted}
      `,
      files: [{ path: 'crd.yaml', text: PIPELINES_CRD }],
      errors: [
        { line: 7, column: 26, message: /^`verify` is not a field of `spec.outputs\[0\].tls`; the API server rejects unknown fields\./ },
        { line: 8, column: 12, message: /^`anything` is not a field of `spec.strict`/ },
        { line: 10, column: 13, message: /^`type` is not a field of `spec.settings.queue`/ },
      ],
    },
    {
      name: 'a typo, with the one near name offered as a fix',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: nginx
            volumeMount:
            - {name: data, mountPath: /data}
          volumes: [{name: data, emptyDir: {}}]
      `,
      errors: [
        {
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 16,
          severity: 2,
          message: '`volumeMount` is not a field of Container (spec.containers[0]); the API server rejects unknown fields. Did you mean `volumeMounts`?',
          hasFix: true,
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: nginx
            volumeMounts:
            - {name: data, mountPath: /data}
          volumes: [{name: data, emptyDir: {}}]
      `,
    },
    {
      name: 'a field of a nested object written one level too high (not next to it)',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            runAsUser: 1000
            image: nginx
      `,
      errors: [
        {
          line: 7,
          column: 5,
          message: '`runAsUser` is not a field of Container (spec.containers[0]); the API server rejects unknown fields. It is a field of `securityContext`: move it there.',
          hasFix: false,
        },
      ],
    },
    {
      name: 'a Deployment field in the pod template',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              replicas: 3
              containers: [{name: web, image: nginx}]
      `,
      errors: [{ line: 9, column: 7, message: '`replicas` is not a field of PodSpec (spec.template.spec); the API server rejects unknown fields. It is a field of `spec`: move it there.' }],
    },
    {
      name: 'labels written straight under a label selector',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: np}
        spec:
          podSelector:
            app: web
      `,
      errors: [{ line: 6, column: 5, message: /^`app` is not a field of LabelSelector \(spec.podSelector\);.* Labels to match go under `matchLabels:`/ }],
    },
    {
      name: 'a top-level typo',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        dat:
          a: b
      `,
      errors: [{ line: 4, column: 1, message: '`dat` is not a top-level field of ConfigMap; the API server rejects unknown fields. Did you mean `data`?', hasFix: true }],
      output: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          a: b
      `,
    },
    {
      name: 'a null-valued unknown key is still unknown',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          ports: [{port: 80}]
          ipFamily:
      `,
      errors: [{ line: 6, column: 3, message: /^`ipFamily` is not a field of ServiceSpec \(spec\); .*Did you mean `ipFamilies`\?/ }],
    },
    {
      name: 'no rename fix when the value does not fit the suggested field (string for a list)',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          ports: [{port: 80}]
          ipFamily: IPv6
      `,
      errors: [{ line: 6, column: 3, message: /Did you mean `ipFamilies`\?/, hasFix: false }],
    },
    {
      name: 'a rename fix when the value fits (list for a list)',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          ports: [{port: 80}]
          ipFamily: [IPv6]
      `,
      errors: [{ line: 6, column: 3, message: /Did you mean `ipFamilies`\?/, hasFix: true }],
      output: y`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          ports: [{port: 80}]
          ipFamilies: [IPv6]
      `,
    },
    {
      name: 'custom resources are strict too (CRD among the linted files)',
      code: y`
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        spec:
          size: 3
          sise: 4
          template:
            apiVersion: v1
            kind: Pod
            bogus: true
      `,
      files: [{ path: 'crd.yaml', text: CRD }],
      errors: [
        { line: 6, column: 3, message: '`sise` is not a field of `spec`; the API server rejects unknown fields. Did you mean `size`?' },
        { line: 10, column: 5, message: /^`bogus` is not a field of `spec.template`/ },
      ],
    },
    {
      name: 'items of a List are checked with paths relative to the item',
      code: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Service
          metadata: {name: s}
          spec:
            ports: [{port: 80, targetport: 8080}]
      `,
      errors: [{ line: 8, column: 24, message: /^`targetport` is not a field of ServicePort \(spec.ports\[0\]\);.*Did you mean `targetPort`\?/ }],
    },
  ],
});
