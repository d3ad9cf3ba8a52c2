import rule from '../../rules/selector-mismatch.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'matchLabels subset of the template labels; matchExpressions',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector:
            matchLabels: {app: web}
            matchExpressions:
            - {key: tier, operator: In, values: [frontend, edge]}
            - {key: canary, operator: DoesNotExist}
          template:
            metadata: {labels: {app: web, tier: frontend, version: v2}}
            spec: {containers: [{name: web, image: nginx}]}
      `,
    },
    {
      name: 'Job without selector (generated) and with manualSelector',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: a}
        spec:
          template:
            spec: {restartPolicy: Never, containers: [{name: a, image: busybox}]}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: b}
        spec:
          manualSelector: true
          selector: {matchLabels: {job: b}}
          template:
            metadata: {labels: {job: b}}
            spec: {restartPolicy: Never, containers: [{name: b, image: busybox}]}
      `,
    },
    {
      name: 'ReplicationController with no selector (defaulted from the template) or a matching one',
      code: y`
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: a}
        spec:
          template:
            metadata: {labels: {app: a}}
            spec: {containers: [{name: a, image: busybox}]}
        ---
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: b}
        spec:
          selector: {app: b}
          template:
            metadata: {labels: {app: b, env: prod}}
            spec: {containers: [{name: b, image: busybox}]}
      `,
    },
    {
      name: 'numbers and booleans in labels compare as strings',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          selector: {matchLabels: {version: "2"}}
          template:
            metadata: {labels: {version: 2}}
            spec: {containers: [{name: db, image: postgres}]}
      `,
    },
  ],
  invalid: [
    {
      name: 'Deployment: matchLabels value differs',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: webapp
            spec:
              containers: [{name: web, image: nginx}]
      `,
      errors: [
        {
          line: 7,
          column: 12,
          endColumn: 15,
          severity: 2,
          message:
            "Deployment/web's selector requires `app=web`, but its pod template's labels are `app: webapp`; the API server rejects a Deployment whose selector does not match its template (`selector` does not match template `labels`). Make `spec.selector` and `spec.template.metadata.labels` agree.",
        },
      ],
    },
    {
      name: 'StatefulSet template without labels',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            spec: {containers: [{name: db, image: postgres}]}
      `,
      errors: [{ line: 6, column: 33, message: /^StatefulSet\/db's selector requires `app=db`, but its pod template has no labels;/ }],
    },
    {
      name: 'DaemonSet matchExpressions not satisfied',
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector:
            matchLabels: {app: agent}
            matchExpressions:
            - {key: tier, operator: In, values: [node]}
          template:
            metadata: {labels: {app: agent, tier: system}}
            spec: {containers: [{name: a, image: busybox}]}
      `,
      errors: [{ line: 8, column: 7, message: /^DaemonSet\/agent's selector requires `tier in \(node\)`, but its pod template's labels are `app: agent`, `tier: system`;/ }],
    },
    {
      name: 'ReplicaSet, ReplicationController and a Job with manualSelector',
      code: y`
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs}
        spec:
          selector: {matchLabels: {app: rs}}
          template:
            metadata: {labels: {app: r}}
            spec: {containers: [{name: a, image: busybox}]}
        ---
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: rc}
        spec:
          selector: {app: rc}
          template:
            metadata: {labels: {name: rc}}
            spec: {containers: [{name: a, image: busybox}]}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          manualSelector: true
          selector: {matchLabels: {job: j}}
          template:
            metadata: {labels: {job: k}}
            spec: {restartPolicy: Never, containers: [{name: a, image: busybox}]}
      `,
      errors: [
        { line: 5, column: 33, message: /^ReplicaSet\/rs's selector requires `app=rs`/ },
        { line: 14, column: 19, message: /^ReplicationController\/rc's selector requires `app=rc`, but its pod template's labels are `name: rc`/ },
        { line: 24, column: 33, message: /^Job\/j's selector requires `job=j`.*labels`\)\. Make `spec.selector` and `spec.template.metadata.labels` agree\.$/ },
      ],
    },
    {
      name: 'a Job selector without manualSelector: the message says so',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          selector: {matchLabels: {job: j}}
          template:
            spec: {restartPolicy: Never, containers: [{name: a, image: busybox}]}
      `,
      errors: [{ line: 5, column: 33, message: /\(a Job selector is normally generated: remove it, or set `manualSelector: true` and keep it in sync\)$/ }],
    },
  ],
});
