import rule from '../../rules/duplicate-env-var.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape, lineIn, colIn } from '../helpers/shapes.js';

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.map((s) => ({
      name: `${s}: distinct env names; one name in two containers`,
      code: inShape(s, y`
        initContainers:
        - name: side
          image: busybox
          restartPolicy: Always
          env: [{name: MODE, value: a}]
        containers:
        - name: app
          image: nginx
          env:
          - {name: MODE, value: a}
          - {name: mode, value: b}
          - {name: LEVEL, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
      `),
    })),
    { name: 'a name in env and in envFrom is not a duplicate in env', code: inShape('Pod', 'containers: [{name: c, image: x, envFrom: [{configMapRef: {name: m}}], env: [{name: A, value: "1"}]}]') },
  ],
  invalid: [
    ...SHAPES.map((s) => ({
      name: `${s}: one name twice`,
      code: inShape(s, y`
        containers:
        - name: app
          image: nginx
          env:
          - name: LOG_LEVEL
            value: info
          - name: LOG_LEVEL
            value: debug
      `),
      errors: [{ line: lineIn(s, 7), column: colIn(s, 11), severity: 1 as const, message: new RegExp(`^Env var \`LOG_LEVEL\` of container \`app\` in ${s}/w is defined twice \\(\`env\\[0\\]\` and \`env\\[1\\]\`\\)`) }],
    })),
    {
      name: 'native sidecar, value and valueFrom',
      code: inShape('StatefulSet', y`
        initContainers:
        - name: side
          image: busybox
          restartPolicy: Always
          env:
          - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
          - {name: POD, value: x}
        containers: [{name: app, image: nginx}]
      `),
      errors: [{ line: lineIn('StatefulSet', 7), message: /`POD` of container `side`/ }],
    },
  ],
});
