import rule from '../../rules/env-var-reference.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape, lineIn, colIn } from '../helpers/shapes.js';

const later = y`
  containers:
  - name: app
    image: example/app
    env:
    - name: DB_URL
      value: postgres://$(DB_HOST):5432/app
    - name: DB_HOST
      value: db
`;

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.map((s) => ({
      name: `${s}: $(VAR) defined earlier, in envFrom, as a service link; escapes; shell substitutions`,
      code: inShape(s, y`
        initContainers:
        - name: side
          image: busybox
          restartPolicy: Always
          env: [{name: A, value: x}, {name: B, value: "$(A)-y"}]
          args: ["--b=$(B)"]
        containers:
        - name: app
          image: example/app
          envFrom: [{configMapRef: {name: cfg}, prefix: CFG_}]
          env:
          - name: LATER
            value: z
          - name: POD
            valueFrom: {fieldRef: {fieldPath: metadata.name}}
          - name: URL
            value: http://$(POD).$(CFG_DOMAIN):$(REDIS_SERVICE_PORT)
          - name: LITERAL
            value: $$(NOT_EXPANDED) and $(unclosed
          command: [sh, -c, 'echo $(date) $(hostname -f) $(LATER)']
          args: ["$(KUBERNETES_SERVICE_HOST)"]
          volumeMounts:
          - {name: logs, mountPath: /logs, subPathExpr: $(POD)}
        - name: unknown-envfrom
          image: example/app
          envFrom: [{secretRef: {name: elsewhere}}]
          env: [{name: X, value: "$(FROM_SECRET)"}]
          args: ["$(ANYTHING)"]
      `, y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {DOMAIN: example.com}
      `),
    })),
  ],
  invalid: [
    ...SHAPES.map((s) => ({
      name: `${s}: env value names a variable defined later`,
      code: inShape(s, later),
      errors: [{
        line: lineIn(s, 6),
        column: colIn(s, 23),
        endColumn: colIn(s, 33),
        message: new RegExp(`^\`\\$\\(DB_HOST\\)\` in the value of env var \`DB_URL\` \\(\`env\\[0\\]\`\\) of container \`app\` in ${s}/w names \`DB_HOST\`, which is defined only later \\(\`env\\[1\\]\`\\)`),
      }],
    })),
    {
      name: 'a self reference (PATH) and an undefined variable in args (warning, did-you-mean)',
      code: inShape('Deployment', y`
        containers:
        - name: app
          image: example/app
          env:
          - {name: PATH, value: "/opt/bin:$(PATH)"}
          - {name: LOG_LEVEL, value: info}
          args: ["--log=$(LOG_LEVL)"]
      `),
      errors: [
        { line: lineIn('Deployment', 5), severity: 2, message: /refers to itself/ },
        { line: lineIn('Deployment', 7), severity: 1, message: /^`\$\(LOG_LEVL\)` in `args\[0\]` of container `app` .*stays the literal text.*Did you mean `LOG_LEVEL`\?$/ },
      ],
    },
    {
      name: 'subPathExpr with an undefined variable is fatal (native sidecar)',
      code: inShape('StatefulSet', y`
        initContainers:
        - name: shipper
          image: fluent/fluent-bit
          restartPolicy: Always
          volumeMounts:
          - {name: logs, mountPath: /logs, subPathExpr: "$(POD_NAME)"}
        containers: [{name: app, image: nginx}]
        volumes: [{name: logs, emptyDir: {}}]
      `),
      errors: [{ line: lineIn('StatefulSet', 6), severity: 2, message: /`subPathExpr` of mount `logs` of container `shipper`.*refuses to start the container/ }],
    },
    {
      name: 'service links disabled: FOO_SERVICE_HOST is not defined',
      code: inShape('Pod', y`
        enableServiceLinks: false
        containers:
        - name: app
          image: example/app
          env: [{name: R, value: "$(REDIS_SERVICE_HOST)"}]
      `),
      errors: [{ severity: 1, message: /`\$\(REDIS_SERVICE_HOST\)`/ }],
    },
    {
      name: 'a key the envFrom ConfigMap of the set does not have',
      code: inShape('Job', y`
        containers:
        - name: app
          image: example/app
          envFrom: [{configMapRef: {name: cfg}}]
          command: [app, "--domain=$(DOMIAN)"]
      `, y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {DOMAIN: example.com}
      `),
      errors: [{ line: lineIn('Job', 5), severity: 1 }],
    },
  ],
});
